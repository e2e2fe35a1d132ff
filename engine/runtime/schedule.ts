// The deterministic load schedule. The open model's arrivals and the closed model's users are
// numbered, so a run can be split into segments i/N that each take every N-th arrival or user
// (worker threads now, machines later) and whose results add up to the whole.

export interface Segment {
  /** 0-based. */
  index: number;
  count: number;
}

export const WHOLE: Segment = { index: 0, count: 1 };

/**
 * Time (ms from the phase start) of arrival number `n` (0-based) in an open phase whose rate
 * moves linearly from `from` to `to` per second over `durationMs`: the `t` where the cumulative
 * arrivals `from·t + (to−from)·t²/(2D)` reach `n`. Returns Infinity past the phase's end.
 */
export function arrivalTimeMs(n: number, from: number, to: number, durationMs: number): number {
  const durationS = durationMs / 1000;
  let t: number;
  if (from === to) {
    if (from <= 0) return Infinity;
    t = n / from;
  } else {
    const a = (to - from) / (2 * durationS);
    const discriminant = from * from + 4 * a * n;
    if (discriminant < 0) return Infinity;
    t = (-from + Math.sqrt(discriminant)) / (2 * a);
    if (!(t >= 0)) return Infinity;
  }
  const ms = t * 1000;
  return ms < durationMs ? ms : Infinity;
}

/** Arrivals a whole open phase starts (all segments together). */
export function plannedArrivals(from: number, to: number, durationMs: number): number {
  return Math.ceil(((from + to) / 2) * (durationMs / 1000) - 1e-9);
}

/** The first arrival number that belongs to `segment`, at or after `n`. */
export function nextArrivalOf(segment: Segment, n: number): number {
  const offset = (((segment.index - n) % segment.count) + segment.count) % segment.count;
  return n + offset;
}

/**
 * Users a closed phase wants at `elapsedMs`: linear from `from` to `to`; rounded so that a ramp
 * up reaches each level when the line crosses it, and a ramp down leaves it when it crosses.
 */
export function closedLevel(from: number, to: number, durationMs: number, elapsedMs: number): number {
  if (elapsedMs >= durationMs) return to;
  const level = from + ((to - from) * Math.max(0, elapsedMs)) / durationMs;
  return to >= from ? Math.floor(level + 1e-9) : Math.ceil(level - 1e-9);
}

/** How many of the users numbered 1..total belong to `segment` (user k goes to (k−1) mod N). */
export function usersInSegment(total: number, segment: Segment): number {
  if (total <= segment.index) return 0;
  return Math.floor((total - 1 - segment.index) / segment.count) + 1;
}

/** The global number of the `i`-th (0-based) user of a segment. */
export function userNumber(segment: Segment, i: number): number {
  return segment.index + 1 + i * segment.count;
}
