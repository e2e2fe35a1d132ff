// Hover, called directly with the cursor written as `|`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hover } from '../../server/features/hover';
import { atCursor, BASE } from './helpers';

function hoverText(marked: string): string {
  const { state, position } = atCursor(marked);
  const result = hover(state, position);
  assert.ok(result, 'no hover');
  return (result.contents as { value: string }).value;
}

describe('hover', () => {
  it('shows a key\'s documentation from the schema', () => {
    assert.match(hoverText(BASE.replace('target:', 'tar|get:')), /\*\*target\*\* — Base URL that request paths are joined to/);
    assert.match(hoverText(BASE.replace('        capture:', '        cap|ture:')), /Values to keep from the response/);
  });

  it('shows a duration in seconds, and the phase it belongs to', () => {
    const text = hoverText(BASE.replace('duration: 1m', 'duration: 1|m'));
    assert.match(text, /`1m` = 60 s/);
    assert.match(text, /\*\*Phase `steady`\*\* \(2 of 3\): 0:30 → 1:30; 20 users throughout/);
  });

  it('shows a ramp with its users at both ends', () => {
    assert.match(hoverText(BASE.replace('users: { from: 0, to: 20 }', 'users: { from: 0, to: 2|0 }')), /Phase `ramp`.*0:00 → 0:30; 0 → 20 users \(linear ramp\)/);
    assert.match(hoverText(BASE.replace('users: { to: 0 }', 'us|ers: { to: 0 }')), /Phase `phase 3`.*1:30 → 1:40; 20 → 0 users/);
  });

  it('shows a think range', () => {
    assert.match(hoverText(BASE.replace('think: 1s', 'think: 1|s..3s')), /between 1 s and 3 s, uniformly \(mean 2 s\)/);
  });

  it('says exactly what latency measures', () => {
    const text = hoverText(BASE.replace('p95(latency)', 'p95(lat|ency)'));
    assert.match(text, /from the moment the request was \*\*due\*\*/);
    assert.match(text, /\*\*last byte\*\* of the response, a new connection's set-up/);
    assert.match(hoverText(BASE.replace('p95(latency)', 'p|95(latency)')), /95 % of the requests were faster/);
  });

  it('says what a template name refers to', () => {
    assert.match(hoverText(BASE.replace('{{ pageSize }}', '{{ page|Size }}')), /\*\*variable\*\* `pageSize` = `20`/);
    assert.match(hoverText(BASE.replace('{{ token }}', '{{ to|ken }}')), /\*\*capture\*\* `token`, captured by step `login` from `body.token`/);
  });

  it('explains a hint flagged under the cursor', () => {
    const text = hoverText(BASE.replace('criteria:\n  - p95(latency) < 250ms\n', '').replace('name: test', 'na|me: test'));
    assert.match(text, /\*\*hint-no-criteria\*\* — Criteria turn a run into a test/);
  });
});
