// The sizes of the gallery's scenario types, as the variables each file sizes itself with
// (samples/gallery/README.md: users, the phase durations, think times, data volumes). `medium`
// is the file as written; `small` is a smoke run of about fifteen seconds with a handful of
// users; `large` is a longer, heavier day that the Collection Store can still serve (its demo
// accounts are user1 … user1000, so flows that log in as `user{{ vu.id }}` stay at 1,000 users).
import type { VariableValue } from './model';

export type ScenarioSize = 'small' | 'medium' | 'large';

/** Each type's file in samples/gallery/ (without `.scenario.yaml`), in the contract's order. */
export const GALLERY_FILES = {
  authentication: 'authentication',
  authenticationStress: 'authentication-stress',
  databaseCrud: 'database-crud',
  databaseStress: 'database-stress',
  realtime: 'realtime',
  realtimeHighConcurrency: 'realtime-high-concurrency',
  fileStorage: 'file-storage',
  computedAttributes: 'computed-attributes',
  storedFunctions: 'stored-functions',
  mixedWorkload: 'mixed-workload',
} as const;

export type ScenarioType = keyof typeof GALLERY_FILES;
type Variables = Record<string, VariableValue>;

const SHORT = { rampUp: '3s', steady: '10s', rampDown: '2s' };
const QUICK = '100ms..300ms';

const SMALL: Record<ScenarioType, Variables> = {
  authentication: { ...SHORT, users: 10, think: '200ms..500ms' },
  authenticationStress: { ...SHORT, users: 20 },
  databaseCrud: { ...SHORT, users: 10, think: QUICK },
  databaseStress: { ...SHORT, users: 10, think: QUICK, seedRecords: 2000, recordBytes: 1024 },
  realtime: { ...SHORT, users: 10, think: QUICK, listenFor: '2s', events: 5 },
  realtimeHighConcurrency: { ...SHORT, users: 60, holdFor: '1s', broadcastPause: '200ms..500ms' },
  fileStorage: { ...SHORT, users: 5, think: QUICK },
  computedAttributes: { ...SHORT, users: 10, think: QUICK },
  storedFunctions: { ...SHORT, users: 10, think: QUICK },
  mixedWorkload: { ...SHORT, users: 20, think: QUICK },
};

const LARGE: Record<ScenarioType, Variables> = {
  authentication: { users: 1000, rampUp: '2m', steady: '15m', rampDown: '1m' },
  authenticationStress: { users: 1000, rampUp: '3m', steady: '20m', rampDown: '1m', think: '10ms..50ms' },
  databaseCrud: { users: 250, rampUp: '1m', steady: '10m', rampDown: '30s', seedRecords: 50000 },
  databaseStress: { users: 500, rampUp: '3m', steady: '15m', rampDown: '1m', seedRecords: 100000 },
  realtime: { users: 500, rampUp: '1m', steady: '10m', rampDown: '30s' },
  realtimeHighConcurrency: { users: 5000, rampUp: '3m', steady: '10m', rampDown: '1m' },
  fileStorage: { users: 100, rampUp: '1m', steady: '10m', rampDown: '30s' },
  computedAttributes: { users: 150, rampUp: '1m', steady: '10m', rampDown: '30s', seedRecords: 10000 },
  storedFunctions: { users: 200, rampUp: '1m', steady: '10m', rampDown: '30s', seedRecords: 20000 },
  mixedWorkload: { users: 500, rampUp: '3m', steady: '30m', rampDown: '1m', seedRecords: 20000 },
};

/** The variables that give `type` its `size` (none for medium: the file as written). */
export function sizeVariables(type: ScenarioType, size: ScenarioSize): Variables {
  if (size === 'small') return SMALL[type];
  if (size === 'large') return LARGE[type];
  if (size === 'medium') return {};
  throw new RangeError(`size must be small, medium or large (got ${String(size)})`);
}
