// A safety ceiling on load: a scenario asking for more users or a higher rate than the ceiling
// is an error at the phase that asks, so a typo (`users: 50000`) cannot start a stampede.
// The ceiling is configurable: `--max-users`/`--max-rate`, STAMPEDE_MAX_USERS/STAMPEDE_MAX_RATE,
// or the editor's settings.
import { diagnostic } from '../diagnostic';
import { mapValue, nodeRange, seqItems } from '../yaml-nav';
import type { Rule } from './rule';

export const DEFAULT_MAX_USERS = 10_000;
export const DEFAULT_MAX_RATE = 10_000;

/** The ceiling in force: explicit options, else the environment, else the defaults. */
export function ceilingFrom(
  options: { maxUsers?: number; maxRate?: number },
  env: Record<string, string | undefined> = process.env,
): { maxUsers: number; maxRate: number } {
  const fromEnv = (name: string): number | undefined => {
    const value = Number(env[name]);
    return Number.isFinite(value) && value > 0 ? value : undefined;
  };
  return {
    maxUsers: options.maxUsers ?? fromEnv('STAMPEDE_MAX_USERS') ?? DEFAULT_MAX_USERS,
    maxRate: options.maxRate ?? fromEnv('STAMPEDE_MAX_RATE') ?? DEFAULT_MAX_RATE,
  };
}

function peak(level: unknown): number | undefined {
  if (typeof level === 'number') return level;
  if (level !== null && typeof level === 'object') {
    const { from, to } = level as { from?: unknown; to?: unknown };
    const values = [from, to].filter((v): v is number => typeof v === 'number');
    return values.length > 0 ? Math.max(...values) : undefined;
  }
  return undefined;
}

export const ceilingRule: Rule = {
  name: 'ceiling',
  check({ doc, options, report }) {
    const { maxUsers, maxRate } = ceilingFrom(options.limits ?? {});
    const phases = (doc.value as { phases?: unknown } | null)?.phases;
    if (!Array.isArray(phases)) return;
    const nodes = seqItems(mapValue(doc.root, 'phases', doc.document));
    phases.forEach((phase: unknown, index) => {
      if (phase === null || typeof phase !== 'object') return;
      const { users, rate, maxUsers: cap } = phase as { users?: unknown; rate?: unknown; maxUsers?: unknown };
      const node = nodes[index];
      const at = (key: string) => nodeRange(doc, mapValue(node, key, doc.document) ?? node);
      const peakUsers = peak(users);
      if (peakUsers !== undefined && peakUsers > maxUsers) {
        report(diagnostic(at('users'), 'over-ceiling',
          `${peakUsers} users is above the ceiling of ${maxUsers}; raise it with --max-users (or STAMPEDE_MAX_USERS) if you mean it`));
      }
      const peakRate = peak(rate);
      if (peakRate !== undefined && peakRate > maxRate) {
        report(diagnostic(at('rate'), 'over-ceiling',
          `a rate of ${peakRate}/s is above the ceiling of ${maxRate}/s; raise it with --max-rate (or STAMPEDE_MAX_RATE) if you mean it`));
      }
      if (typeof cap === 'number' && cap > maxUsers) {
        report(diagnostic(at('maxUsers'), 'over-ceiling',
          `maxUsers ${cap} is above the ceiling of ${maxUsers} users; raise it with --max-users (or STAMPEDE_MAX_USERS) if you mean it`));
      }
    });
  },
};
