// How long one flow iteration is expected to take, for Little's law (users in flight =
// arrival rate × time in the system). Think times are known exactly (a range counts at its
// mean); a request's latency is not, so it counts as its `expect.maxLatency` when one is set
// (the slowest the author accepts) and as NOMINAL_LATENCY_MS otherwise. The estimate is a
// floor for a healthy server: a slow one keeps each iteration, and so each user, longer.
import type { Document } from 'yaml';
import type { FlowInfo, Outline, StepInfo } from '../outline';
import type { ParsedDocument } from '../parse';
import { parseDuration, parseThink } from '../units';
import { mapValue, scalarValue } from '../yaml-nav';
import { connects } from './hint-non-loopback-target';

export const NOMINAL_LATENCY_MS = 100;

export interface IterationEstimate {
  /** Weighted mean over the flows, in ms. */
  meanMs: number;
  thinkMs: number;
  requests: number;
  /** Per flow, in document order. */
  flows: { flow: FlowInfo; ms: number; thinkMs: number; requests: number }[];
}

export function estimateIteration(doc: ParsedDocument, outline: Outline): IterationEstimate {
  const d = doc.document;
  const defaultThinkMs = meanThink(mapValue(mapValue(doc.root, 'defaults', d), 'think', d)) ?? 0;
  const flows = outline.flows.map((flow) => ({ flow, ...flowEstimate(flow.steps, defaultThinkMs, d) }));
  let weights = 0;
  let meanMs = 0;
  let thinkMs = 0;
  let requests = 0;
  for (const estimate of flows) {
    const weight = flowWeight(estimate.flow, d);
    weights += weight;
    meanMs += weight * estimate.ms;
    thinkMs += weight * estimate.thinkMs;
    requests += weight * estimate.requests;
  }
  if (weights <= 0) return { meanMs: 0, thinkMs: 0, requests: 0, flows };
  return { meanMs: meanMs / weights, thinkMs: thinkMs / weights, requests: requests / weights, flows };
}

function flowEstimate(steps: StepInfo[], defaultThinkMs: number, d: Document.Parsed | undefined): { ms: number; thinkMs: number; requests: number } {
  let thinkMs = 0;
  let busyMs = 0;
  let requests = 0;
  steps.forEach((step, index) => {
    if (step.kind === 'think') {
      thinkMs += meanThink(step.kindNode) ?? 0;
      return;
    }
    // Blocks and record steps take no time of their own; their steps are listed after them.
    if (!connects(step)) return;
    requests += 1;
    if (step.kind === 'request') {
      busyMs += durationOf(mapValue(mapValue(step.node, 'expect', d), 'maxLatency', d)) ?? NOMINAL_LATENCY_MS;
    } else {
      // A subscription lasts until its events (messages) arrive (unknowable) or its timeout (an upper bound).
      const until = mapValue(step.node, 'until', d);
      const events = scalarValue(mapValue(until, step.kind === 'sse' ? 'events' : 'messages', d));
      busyMs += typeof events === 'number' ? NOMINAL_LATENCY_MS : durationOf(mapValue(until, 'timeout', d)) ?? durationOf(mapValue(step.node, 'timeout', d)) ?? 10_000;
    }
    // The engine pauses `defaults.think` after a request, sse or ws step not followed by a think step.
    if (steps[index + 1]?.kind !== 'think') thinkMs += defaultThinkMs;
  });
  return { ms: thinkMs + busyMs, thinkMs, requests };
}

function flowWeight(flow: FlowInfo, d: Document.Parsed | undefined): number {
  const weight = scalarValue(mapValue(flow.node, 'weight', d));
  return typeof weight === 'number' && weight > 0 ? weight : weight === undefined ? 1 : 0;
}

function meanThink(node: unknown): number | undefined {
  const value = scalarValue(node);
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const think = parseThink(value);
  return think ? (think.minMs + think.maxMs) / 2 : undefined;
}

function durationOf(node: unknown): number | undefined {
  const value = scalarValue(node);
  return typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : undefined;
}
