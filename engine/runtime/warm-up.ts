// The warm start: what the first phase needs that can be built before its clock starts is built
// first — connections up to the concurrency it is expected to reach — so that its first arrivals
// leave on time instead of queueing behind connection set-up.
import type { Phase } from '../../scenario/types';
import type { CompiledFlow } from './flow';
import type { HttpPools } from './http-pools';
import { RequestStepRunner } from './request-step';
import { usersInSegment, type Segment } from './schedule';
import { SseStepRunner } from './sse-step';

/** An open phase's concurrency is rate × latency; before anything is measured, assume this. */
const ASSUMED_LATENCY_MS = 50;
/** Never open more than this many connections ahead, per origin. */
const MAX_WARM_CONNECTIONS = 512;
/** How long the warm start may hold the first phase. */
const WARM_UP_BUDGET_MS = 1_000;

/** What one closed-model user may ask per second before anything is measured (no think, fast target). */
const ASSUMED_USER_RPS = 100;

/** Arrivals (open) or requests (closed, assumed) per second this segment's first second asks. */
export function firstSecondDemand(phase: Phase | undefined, segment: Segment): number {
  if (!phase) return 0;
  const share = phase.durationMs > 0 ? Math.min(1, 1000 / phase.durationMs) : 1;
  const level = Math.max(phase.from, phase.from + (phase.to - phase.from) * share);
  if (phase.model === 'closed') return usersInSegment(Math.ceil(level), segment) * ASSUMED_USER_RPS;
  return level / segment.count;
}

/** Users (closed) or concurrent iterations (open) the phase reaches in its first second. */
export function expectedConcurrency(phase: Phase, segment: Segment, userLimit: number): number {
  // The level one second in (a ramp's start is its `from`), or the start's if that is higher.
  const share = phase.durationMs > 0 ? Math.min(1, 1000 / phase.durationMs) : 1;
  const level = Math.max(phase.from, phase.from + (phase.to - phase.from) * share);
  if (phase.model === 'closed') return usersInSegment(Math.ceil(level), segment);
  // `level` is a rate here: concurrency = rate × latency (Little's law).
  const wanted = Math.ceil((level * ASSUMED_LATENCY_MS) / 1000 / segment.count) + 1;
  return phase.maxUsers !== undefined ? Math.min(wanted, usersInSegment(phase.maxUsers, segment)) : Math.min(wanted, userLimit);
}

/** The origins the flows' first steps reach without rendering anything per user. */
function firstOrigins(flows: CompiledFlow[], targetOrigin: string | undefined): Set<string> {
  const origins = new Set<string>();
  for (const flow of flows) {
    const first = flow.steps.find((step) => step instanceof RequestStepRunner || step instanceof SseStepRunner);
    const origin = first instanceof RequestStepRunner ? first.fixedOrigin : undefined;
    if (origin) origins.add(origin);
    else if (targetOrigin && first) origins.add(targetOrigin);
  }
  return origins;
}

/** Opens the first phase's connections; resolves within WARM_UP_BUDGET_MS whatever happens. */
/** `userLimit`: the most open-model users the engine holds at once (open-files.ts). */
export async function warmUp(phase: Phase | undefined, flows: CompiledFlow[], pools: HttpPools, targetOrigin: string | undefined, segment: Segment, userLimit: number): Promise<void> {
  if (!phase) return;
  const count = Math.min(MAX_WARM_CONNECTIONS, expectedConcurrency(phase, segment, userLimit));
  const origins = firstOrigins(flows, targetOrigin);
  await Promise.all([...origins].map((origin) => pools.preconnect(origin, count, WARM_UP_BUDGET_MS)));
}
