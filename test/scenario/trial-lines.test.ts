// Where a trial's failures point (scenario/trial-lines.ts over result-anchors.ts): each test and
// capture at its own key's line, the nearest key written above it when its own is not (a
// flow-style mapping, an alias), and the step's line when not even `expect` is written (the
// status test every step gets). Lines are read from a real parse, as the server and the CLI do.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildOutline } from '../../scenario/outline';
import { parseScenarioText } from '../../scenario/parse';
import { scenarioAnchors } from '../../scenario/result-anchors';
import { trialLines, type ExchangeSource } from '../../scenario/trial-lines';

const TEXT = `version: 1
name: lines
target: http://127.0.0.1:9
phases:
  - { duration: 30s, users: 2 }
okay: &ok { status: 200 }
flows:
  - name: store
    steps:
      - name: list
        request: GET /catalogue
        capture:
          first: body.items[0].id
          count: { regex: "(\\\\d+) items", from: body }
        expect:
          status: 200
          json:
            items[0].id: 1
        check: { json: { total: 3 }, maxLatency: 50ms }
      - name: plain
        request: GET /plain
      - name: aliased
        request: GET /aliased
        expect: *ok
`;
// 0-based lines of the text above.
const L = { list: 9, first: 12, count: 13, expect: 14, status: 15, json: 16, itemId: 17, check: 18, plain: 19, aliased: 21, aliasedExpect: 23 };

function linesOf(source: Partial<ExchangeSource> & Pick<ExchangeSource, 'step'>) {
  const doc = parseScenarioText(TEXT);
  const anchors = scenarioAnchors(doc, buildOutline(doc), (offset) => doc.lineCounter.linePos(offset).line - 1);
  return trialLines(anchors)({ stage: 'flow', flow: 'store', expects: [], checks: [], captures: [], ...source });
}

test('each capture and test at its own key; a key written inline at the line it shares', () => {
  const lines = linesOf({
    step: 'list',
    captures: [{ name: 'first' }, { name: 'count' }],
    expects: [{ at: ['expect', 'status'] }, { at: ['expect', 'json', 'items[0].id'] }],
    checks: [{ at: ['check', 'json', 'total'] }, { at: ['check', 'maxLatency'] }],
  });
  assert.deepEqual(lines, { step: L.list, captures: [L.first, L.count], expects: [L.status, L.itemId], checks: [L.check, L.check] });
});

test('a key not written falls back to the nearest one above it, then to the step', () => {
  // `expect.headers` is not written: the `expect:` line; an expect key the engine adds (`['expect']`) too.
  assert.deepEqual(linesOf({ step: 'list', expects: [{ at: ['expect', 'headers', 'x-id'] }, { at: ['expect'] }] }).expects, [L.expect, L.expect]);
  // No expect at all: the default status test points at its step; an outcome without keys too.
  assert.deepEqual(linesOf({ step: 'plain', expects: [{ at: ['expect'] }, {}] }).expects, [L.plain, L.plain]);
  // An alias: its keys are written elsewhere, so the aliased `expect:` line itself.
  assert.deepEqual(linesOf({ step: 'aliased', expects: [{ at: ['expect', 'status'] }] }).expects, [L.aliasedExpect]);
  // A step the text no longer has: nothing to point at.
  assert.deepEqual(linesOf({ step: 'gone', expects: [{ at: ['expect', 'status'] }], captures: [{ name: 'x' }] }), { step: null, expects: [null], checks: [], captures: [null] });
});
