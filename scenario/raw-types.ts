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
  defaults?: {
    headers?: Record<string, RawScalar>;
    timeout?: RawDuration;
    think?: RawDuration;
    cookies?: boolean;
    redirects?: number;
    tls?: RawTls;
    http2?: boolean;
  };
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
  /** Optional when the phase gives `iterations`. */
  duration?: RawDuration;
  users?: RawLevel;
  rate?: RawLevel;
  maxUsers?: number;
  iterations?: number;
}

/** `expect:` and `check:` as written. */
export interface RawExpectation {
  status?: number | number[];
  contains?: string;
  maxLatency?: RawDuration;
  headers?: Record<string, RawScalar>;
  json?: Record<string, JsonValue>;
  matches?: string;
}

/** `tls:` as written: paths relative to the scenario file. */
export interface RawTls {
  insecure?: boolean;
  ca?: string;
  cert?: string;
  key?: string;
}

export interface RawRequestStep {
  request: string;
  name?: string;
  headers?: Record<string, RawScalar>;
  query?: Record<string, RawScalar | RawScalar[]>;
  json?: JsonValue;
  body?: string;
  form?: Record<string, RawScalar | RawScalar[]>;
  multipart?: Record<string, RawScalar | { file: { size?: string | number; path?: string; name?: string; contentType?: string } }>;
  timeout?: RawDuration;
  expect?: RawExpectation;
  check?: RawExpectation;
  capture?: Record<string, string | { regex: string; from?: string; group?: number }>;
  redirects?: number;
  tls?: RawTls;
  http2?: boolean;
  cookies?: Record<string, RawScalar>;
  auth?: { user: RawScalar; password: RawScalar };
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

export interface RawWsStep {
  ws: string;
  name?: string;
  headers?: Record<string, RawScalar>;
  send?: JsonValue[];
  until?: { messages?: number; timeout?: RawDuration };
  timeout?: RawDuration;
  expect?: { contains?: string };
}

export interface RawGroupStep {
  group: string;
  steps: RawStep[];
}

export interface RawRepeatStep {
  repeat: number | string | { over: string };
  name?: string;
  steps: RawStep[];
}

export interface RawIfStep {
  if: string;
  name?: string;
  steps: RawStep[];
  else?: RawStep[];
}

export interface RawRecordStep {
  record: Record<string, number | string>;
  name?: string;
}

export type RawStep = RawRequestStep | RawThinkStep | RawSseStep | RawWsStep | RawGroupStep | RawRepeatStep | RawIfStep | RawRecordStep;
