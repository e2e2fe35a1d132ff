import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DURATION_PATTERN, SIZE_PATTERN, THINK_PATTERN, explainDuration, explainSize, formatDuration, parseDuration, parsePercent, parseSize, parseThink,
} from '../../scenario/units';
import schema from '../../schemas/scenario.schema.json';

describe('parseDuration', () => {
  it('reads each unit and combinations', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('2m'), 120_000);
    assert.equal(parseDuration('1h'), 3_600_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('2m30s'), 150_000);
    assert.equal(parseDuration('1s500ms'), 1500);
    assert.equal(parseDuration('1h2m3s4ms'), 3_723_004);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration('0.25m'), 15_000);
  });
  it('accepts 0 with or without unit, and nothing else bare', () => {
    assert.equal(parseDuration(0), 0);
    assert.equal(parseDuration('0'), 0);
    assert.equal(parseDuration('0s'), 0);
    assert.equal(parseDuration(30), undefined);
    assert.equal(parseDuration('30'), undefined);
  });
  it('rejects malformed text', () => {
    for (const bad of ['', 's', '5x', '30 s', '-5s', '30s2m', '1m1m', '5sec', '1d', 'ms', '.5s', '1h30']) {
      assert.equal(parseDuration(bad), undefined, bad);
    }
  });
  it('explains bare numbers and wrong order in words', () => {
    assert.match(explainDuration(30), /has no unit: write a duration such as `30s` or `30ms`/);
    assert.match(explainDuration('30s2m'), /largest to smallest/);
    assert.match(explainDuration('5x'), /not a duration/);
  });
});

describe('parseThink', () => {
  it('reads a fixed time and a range', () => {
    assert.deepEqual(parseThink('1s'), { minMs: 1000, maxMs: 1000 });
    assert.deepEqual(parseThink('500ms..2s'), { minMs: 500, maxMs: 2000 });
    assert.deepEqual(parseThink(0), { minMs: 0, maxMs: 0 });
  });
  it('rejects backwards and malformed ranges', () => {
    assert.equal(parseThink('2s..500ms'), undefined);
    assert.equal(parseThink('1s..'), undefined);
    assert.equal(parseThink('1s...2s'), undefined);
    assert.equal(parseThink('1'), undefined);
  });
});

describe('parseSize', () => {
  it('uses powers of 1024', () => {
    assert.equal(parseSize('10B'), 10);
    assert.equal(parseSize('1KB'), 1024);
    assert.equal(parseSize('1MB'), 1_048_576);
    assert.equal(parseSize('1.5MB'), 1_572_864);
    assert.equal(parseSize('2GB'), 2 * 1024 ** 3);
    assert.equal(parseSize(512), 512);
  });
  it('rejects other spellings and suggests the right one', () => {
    for (const bad of ['1 MB', '1mb', '1MiB', 'MB', '1TB', '-1KB']) assert.equal(parseSize(bad), undefined, bad);
    assert.equal(parseSize(1.5), undefined);
    assert.match(explainSize('1mb'), /write `1MB`/);
    assert.match(explainSize('1 MiB'), /write `1MB`/);
  });
});

describe('parsePercent', () => {
  it('returns a fraction', () => {
    assert.equal(parsePercent('1%'), 0.01);
    assert.equal(parsePercent('0.5%'), 0.005);
    assert.equal(parsePercent('100%'), 1);
    assert.equal(parsePercent('1'), undefined);
    assert.equal(parsePercent('%'), undefined);
  });
});

describe('formatDuration', () => {
  it('writes the shortest form', () => {
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(250), '250ms');
    assert.equal(formatDuration(90_000), '1m30s');
    assert.equal(formatDuration(5_400_000), '1h30m');
    assert.equal(formatDuration(1500), '1s500ms');
    assert.equal(formatDuration(0.5), '0.5ms');
  });
  it('round-trips through parseDuration', () => {
    for (const ms of [1, 999, 1000, 61_001, 3_723_004, 86_400_000]) assert.equal(parseDuration(formatDuration(ms)), ms);
  });
});

describe('schema patterns', () => {
  it('are the same as the parsers', () => {
    assert.equal(schema.definitions.duration.pattern, DURATION_PATTERN);
    assert.equal(schema.definitions.think.pattern, THINK_PATTERN);
    assert.equal(schema.definitions.size.pattern, SIZE_PATTERN);
  });
  it('accept exactly what the parsers accept', () => {
    const duration = new RegExp(DURATION_PATTERN, 'u');
    const think = new RegExp(THINK_PATTERN, 'u');
    const size = new RegExp(SIZE_PATTERN, 'u');
    for (const text of ['500ms', '1h30m', '30s2m', '1m1m', '5x', '1.5s', '0', '00', '30', '1s500ms', 'ms', '500ms..2s', '1s..', '..1s', '2s..1s']) {
      assert.equal(duration.test(text), parseDuration(text) !== undefined, `duration ${text}`);
      // The schema cannot compare the two ends of a range; a rule reports backwards ones.
      if (text !== '2s..1s') assert.equal(think.test(text), parseThink(text) !== undefined, `think ${text}`);
    }
    for (const text of ['1MB', '1.5KB', '10B', '1 MB', '1mb', 'MB', '2GB']) assert.equal(size.test(text), parseSize(text) !== undefined, `size ${text}`);
  });
});
