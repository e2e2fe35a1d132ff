// Feature tests write the cursor as `|` in the scenario text; these turn that into a document
// state and an LSP position.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentState } from '../../server/document-state';
import { ROOT } from '../helpers/paths';

export const FIXTURE_DIR = join(ROOT, 'test/fixtures/scenarios');

export function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A document state for `text`, as if it were `file` in the fixtures folder. */
export function stateOf(text: string, file = join(FIXTURE_DIR, 'test.scenario.yaml')): DocumentState {
  return new DocumentState(`file://${file}`, 1, text, readOrUndefined);
}

/** Removes the `|` cursor marker; returns the state and the cursor position. */
export function atCursor(marked: string, file?: string): { state: DocumentState; position: { line: number; character: number }; text: string } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | cursor marker in the text');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  return { state: stateOf(text, file), position: { line: before.length - 1, character: before[before.length - 1].length }, text };
}

/** Position of the first occurrence of `needle` (plus `delta` characters) in `text`. */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`"${needle}" not in the text`);
  const before = text.slice(0, offset + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export const BASE = `version: 1
name: test
target: http://127.0.0.1:4100
variables:
  pageSize: 20
phases:
  - name: ramp
    duration: 30s
    users: { from: 0, to: 20 }
  - name: steady
    duration: 1m
    users: 20
  - duration: 10s
    users: { to: 0 }
flows:
  - name: browse
    steps:
      - request: POST /login
        name: login
        capture:
          token: body.token
      - think: 1s
      - request: GET /items?limit={{ pageSize }}
        headers: { authorization: "Bearer {{ token }}" }
criteria:
  - p95(latency) < 250ms
`;

/** A scenario with the second edition's blocks (group, repeat over a list, if/else, record), a ws step and captures. */
export const SHOP = `version: 1
name: shop
target: http://127.0.0.1:4100
variables: { pages: 3 }
phases: [ { duration: 10s, users: 1 } ]
flows:
  - name: shop
    steps:
      - request: GET /items
        name: items
        cookies: { consent: "yes" }
        capture:
          ids: "body.items[*].id"
          sid: cookies.sid
      - group: checkout
        steps:
          - repeat: { over: "{{ ids }}" }
            steps:
              - request: GET /items/{{ loop.value }}
                name: item
          - if: "pages > 2"
            steps:
              - record: { cart: "{{ pages }}" }
            else:
              - think: 1s
      - ws: /live
        until: { messages: 3, timeout: 10s }
criteria:
  - p95(latency) < 250ms
`;
