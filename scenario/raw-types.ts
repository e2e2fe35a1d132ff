// The scenario as users write it, after the schema has accepted it: the shape normalize.ts reads.
// Kept in step with schemas/scenario.schema.json.
import type { JsonValue } from './types';

export type RawScalar = string | number | boolean;
export type RawDuration = string | number;

export interface RawScenario {
  version: 1;
  name: string;
  description?: string;
  target?: string;
  defaults?: { headers?: Record<string, RawScalar>; timeout?: RawDuration; think?: RawDuration };
  variables?: Record<string, RawScalar>;
  data?: Record<string, { file: string; order?: 'sequential' | 'random' }>;
  phases: RawPhase[];
  setup?: RawStep[];
  flows: { name: string; weight?: number; steps: RawStep[] }[];
  teardown?: RawStep[];
  criteria?: (string | { expr: string; abort?: boolean; after?: RawDuration })[];
  alerts?: { when: string; for?: RawDuration; severity?: 'info' | 'warning' | 'critical'; abort?: boolean }[];
  monitor?: { interval?: RawDuration; system?: boolean; process?: { pid?: number; name?: string } };
}

export type RawLevel = number | { from?: number; to: number };

export interface RawPhase {
  name?: string;
  duration: RawDuration;
  users?: RawLevel;
  rate?: RawLevel;
  maxUsers?: number;
}

export interface RawRequestStep {
  request: string;
  name?: string;
  headers?: Record<string, RawScalar>;
  query?: Record<string, RawScalar>;
  json?: JsonValue;
  body?: string;
  form?: Record<string, RawScalar>;
  multipart?: Record<string, RawScalar | { file: { size: string | number; name: string; contentType?: string } }>;
  timeout?: RawDuration;
  expect?: { status?: number | number[]; contains?: string; maxLatency?: RawDuration };
  capture?: Record<string, string>;
}

export interface RawThinkStep {
  think: RawDuration;
  name?: string;
}

export interface RawSseStep {
  sse: string;
  name?: string;
  headers?: Record<string, RawScalar>;
  until?: { events?: number; timeout?: RawDuration };
  timeout?: RawDuration;
}

export type RawStep = RawRequestStep | RawThinkStep | RawSseStep;
