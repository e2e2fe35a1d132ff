// One phase in words: when it starts and ends, and the load at both ends.
import type { PhaseFacts } from '../../../scenario/rules/load-profile';
import { levelUnit } from '../../../scenario/rules/show';

export function phaseSummary(phase: PhaseFacts, count: number): string {
  const unit = levelUnit(phase.model, phase.to ?? 0);
  const level = phase.from === undefined || phase.to === undefined ? 'level not set yet'
    : phase.from === phase.to ? `${phase.to} ${unit} throughout` : `${phase.from} → ${phase.to} ${unit} (linear ramp)`;
  const duration = phase.durationMs === undefined ? 'duration not set yet' : `${clock(phase.startMs)} → ${clock(phase.endMs)}`;
  const cap = phase.maxUsers !== undefined ? `, at most ${phase.maxUsers} concurrent` : '';
  return `**Phase \`${phase.name}\`** (${phase.index + 1} of ${count}): ${duration}; ${level}${cap}`;
}

/** `0:30`, `1:05:00`: run time as a clock. */
export function clock(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
