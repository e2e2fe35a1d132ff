// `--workers N|auto` as load threads (engine/runtime/worker-count.ts): `auto` is the cores less
// one, never below one; a number below two is one thread (the engine's own loop, no workers).
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { workerCount } from '../../../engine/runtime/worker-count';

test('auto: the cores less one, at least one', () => {
  assert.deepEqual([1, 2, 4, 16].map((cores) => workerCount('auto', cores)), [1, 1, 3, 15]);
  assert.equal(workerCount('auto'), Math.max(1, availableParallelism() - 1), 'this machine');
});

test('a number: as given from two up; absent, one or nonsense: one thread', () => {
  assert.deepEqual([2, 3, 8].map((n) => workerCount(n, 4)), [2, 3, 8], 'more threads than cores is the user\'s call');
  assert.deepEqual([undefined, 0, 1, -2, 1.5].map((n) => workerCount(n, 4)), [1, 1, 1, 1, 1]);
});
