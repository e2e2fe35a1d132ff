import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  arrivalTimeMs,
  closedLevel,
  nextArrivalOf,
  plannedArrivals,
  userNumber,
  usersInSegment,
} from '../../engine/runtime/schedule';

function arrivals(from: number, to: number, durationMs: number): number[] {
  const times: number[] = [];
  for (let n = 0; ; n++) {
    const t = arrivalTimeMs(n, from, to, durationMs);
    if (t === Infinity) return times;
    times.push(t);
  }
}

test('a constant rate spaces arrivals evenly and fits the planned count', () => {
  const times = arrivals(200, 200, 3000);
  assert.equal(times.length, 600);
  assert.equal(plannedArrivals(200, 200, 3000), 600);
  assert.equal(times[0], 0);
  assert.ok(Math.abs(times[1] - 5) < 1e-9);
  assert.ok(Math.abs(times[599] - 2995) < 1e-6);
});

test('a linear ramp of rate starts slow and ends fast, with the area under the line as count', () => {
  const times = arrivals(0, 100, 10_000);
  // Mean rate 50/s over 10 s.
  assert.ok(Math.abs(times.length - 500) <= 1, `got ${times.length}`);
  const firstSecond = times.filter((t) => t < 1000).length;
  const lastSecond = times.filter((t) => t >= 9000).length;
  assert.ok(firstSecond >= 4 && firstSecond <= 6, `first second ${firstSecond}`);
  assert.ok(lastSecond >= 94 && lastSecond <= 96, `last second ${lastSecond}`);
  for (let i = 1; i < times.length; i++) assert.ok(times[i] > times[i - 1]);
});

test('a ramp down of rate also schedules the right count', () => {
  const times = arrivals(100, 0, 10_000);
  assert.ok(Math.abs(times.length - 500) <= 1, `got ${times.length}`);
});

test('segments take disjoint arrivals that together make the whole schedule', () => {
  const count = 3;
  const seen = new Set<number>();
  for (let index = 0; index < count; index++) {
    const segment = { index, count };
    for (let n = nextArrivalOf(segment, 0); n < 600; n = nextArrivalOf(segment, n + 1)) {
      assert.ok(!seen.has(n), `arrival ${n} taken twice`);
      seen.add(n);
    }
  }
  assert.equal(seen.size, 600);
});

test('closed ramps reach each level when the line crosses it, and segments split users exactly', () => {
  assert.equal(closedLevel(0, 20, 8000, 0), 0);
  assert.equal(closedLevel(0, 20, 8000, 399), 0);
  assert.equal(closedLevel(0, 20, 8000, 400), 1);
  assert.equal(closedLevel(0, 20, 8000, 8000), 20);
  assert.equal(closedLevel(20, 0, 5000, 1), 20);
  assert.equal(closedLevel(20, 0, 5000, 250), 19);
  assert.equal(closedLevel(20, 0, 5000, 5000), 0);
  for (const total of [0, 1, 7, 20, 101]) {
    const parts = [0, 1, 2, 3].map((index) => usersInSegment(total, { index, count: 4 }));
    assert.equal(parts.reduce((a, b) => a + b, 0), total);
  }
  const numbers = new Set<number>();
  for (let index = 0; index < 4; index++) {
    for (let i = 0; i < usersInSegment(10, { index, count: 4 }); i++) numbers.add(userNumber({ index, count: 4 }, i));
  }
  assert.deepEqual([...numbers].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});
