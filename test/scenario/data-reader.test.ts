// The one reader of `data:` files: validation (and the language server) and the engine's loader
// judge the same file the same way, because both read it through scenario/data-files.ts.
//
// Format rule: a `.json` name is JSON; any other name is JSON when its text starts with `[` after a
// BOM and whitespace, else CSV. The name wins, so a CSV saved as `users.json` is an invalid JSON
// file for both (not silently read as CSV).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { dataFormat, parseCsvRecords, readDataColumns } from '../../scenario/data-files';
import { loadScenarioFile, readTextFile } from '../../scenario/load';
import { loadDataSet } from '../../engine/runtime/data-sets';
import { runCli, writeScenario } from '../helpers/cli';

// 1s at 5 iterations a second: the phase plans exactly 5 iterations of one request each.
const scenarioText = (file: string, use: string) => `version: 1
name: data reader
target: http://127.0.0.1:1
data: { users: { file: ${file} } }
phases: [{ duration: 1s, rate: 5 }]
flows: [{ name: f, steps: [{ request: "GET /u/${use}" }] }]
`;

interface Judged {
  /** What validation said: the data-file diagnostics, or the columns it saw. */
  validation: { code: string; message: string }[];
  columns: string[] | undefined;
  /** What the engine's loader did: the rows, or the error it threw. */
  rows?: Record<string, string>[];
  error?: string;
}

/** Writes `text` as data file `name` next to a scenario and asks both sides about it. */
function judge(name: string, text: string, use = '{{ data.users.name }}'): Judged {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-data-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  const scenarioFile = join(dir, 'a.scenario.yaml');
  writeFileSync(scenarioFile, scenarioText(name, use));
  const loaded = loadScenarioFile(scenarioFile, { root: dir });
  const validation = loaded.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({ code: d.code, message: d.message }));
  const columns = readDataColumns(path, readTextFile);
  const judged: Judged = { validation, columns: columns.ok ? columns.columns : undefined };
  try {
    judged.rows = loadDataSet({ file: path, order: 'sequential' }).rows;
  } catch (error) {
    judged.error = (error as Error).message;
  }
  return judged;
}

describe('one format rule', () => {
  test('dataFormat: the .json name, else a leading `[` after a BOM and whitespace', () => {
    assert.equal(dataFormat('/d/users.json', 'name\nada\n'), 'json');
    assert.equal(dataFormat('/d/USERS.JSON', ''), 'json');
    assert.equal(dataFormat('/d/users.txt', '[{"name":"ada"}]'), 'json');
    assert.equal(dataFormat('/d/users.csv', '\uFEFF \r\n\t[{"name":"ada"}]'), 'json');
    assert.equal(dataFormat('/d/users', '[]'), 'json');
    assert.equal(dataFormat('/d/users.csv', 'name\nada\n'), 'csv');
    assert.equal(dataFormat('/d/users.txt', '{"name":"ada"}'), 'csv');
  });

  test('a JSON array in users.txt validates and loads as JSON', () => {
    const judged = judge('users.txt', JSON.stringify([{ name: 'ada', id: 1 }, { name: 'grace', tags: ['x'] }]));
    assert.deepEqual(judged.validation, []);
    assert.deepEqual(judged.columns, ['name', 'id', 'tags']);
    assert.equal(judged.error, undefined);
    assert.deepEqual(judged.rows, [{ name: 'ada', id: '1' }, { name: 'grace', tags: '["x"]' }]);
  });

  test('a JSON array behind a BOM and blank lines in users.csv is JSON for both', () => {
    const judged = judge('users.csv', '\uFEFF\n  [{"name": "ada"}]\n');
    assert.deepEqual(judged.validation, []);
    assert.deepEqual(judged.rows, [{ name: 'ada' }]);
  });

  test('a CSV in users.json is invalid JSON for both: the name wins', () => {
    const judged = judge('users.json', 'name\nada\n');
    assert.equal(judged.validation.length, 1, JSON.stringify(judged.validation));
    assert.equal(judged.validation[0].code, 'data-file-invalid');
    assert.match(judged.validation[0].message, /not valid JSON/);
    assert.equal(judged.rows, undefined);
    assert.match(judged.error ?? '', /users\.json: the data file is not valid JSON/);
  });

  test('a JSON array of non-objects is rejected by both', () => {
    const judged = judge('users.txt', '["ada", "grace"]');
    assert.equal(judged.validation[0]?.code, 'data-file-invalid');
    assert.match(judged.validation[0].message, /array of objects/);
    assert.match(judged.error ?? '', /array of objects/);
  });

  test('an empty CSV is rejected by both', () => {
    const judged = judge('users.csv', '\uFEFF\r\n  \n');
    assert.equal(judged.validation[0]?.code, 'data-file-invalid');
    assert.match(judged.validation[0].message, /header row/);
    assert.match(judged.error ?? '', /header row/);
  });

  test('a column the file lacks is unknown to validation; the loader has no such key', () => {
    const judged = judge('users.txt', '[{"login": "ada"}]');
    assert.equal(judged.validation[0]?.code, 'unknown-data-column');
    assert.deepEqual(judged.rows, [{ login: 'ada' }]);
  });
});

describe('one CSV parser (RFC 4180)', () => {
  test('quotes, doubled quotes, commas and newlines in quotes, CRLF and a BOM', () => {
    const csv =
      '\uFEFFname,"note, first",quote\r\n' +
      '"Grace, H.","line one\r\nline two","she said ""hi"""\r\n' +
      '\r\n' +
      'Ada,,plain\r\n' +
      '"",x,\r\n' +
      'Linus';
    const judged = judge('users.csv', csv);
    assert.deepEqual(judged.validation, []);
    assert.deepEqual(judged.columns, ['name', 'note, first', 'quote']);
    assert.deepEqual(judged.rows, [
      { name: 'Grace, H.', 'note, first': 'line one\r\nline two', quote: 'she said "hi"' },
      { name: 'Ada', 'note, first': '', quote: 'plain' },
      { name: '', 'note, first': 'x', quote: '' },
      { name: 'Linus', 'note, first': '', quote: '' },
    ]);
  });

  test('a header with a newline inside quotes is one header row', () => {
    const judged = judge('users.csv', '"na\nme",name\nx,ada\n');
    assert.deepEqual(judged.validation, []);
    assert.deepEqual(judged.columns, ['na\nme', 'name']);
    assert.deepEqual(judged.rows, [{ 'na\nme': 'x', name: 'ada' }]);
  });

  test('an empty header column is rejected by both', () => {
    const judged = judge('users.csv', 'name,,email\nada,x,y\n');
    assert.match(judged.validation[0]?.message ?? '', /empty column name/);
    assert.match(judged.error ?? '', /empty column name/);
  });

  test('records: blank lines skipped, a lone quoted empty field kept, LF and CRLF alike', () => {
    assert.deepEqual(parseCsvRecords('a,b\n\nc,d'), [['a', 'b'], ['c', 'd']]);
    assert.deepEqual(parseCsvRecords('a\r\n""\r\n'), [['a'], ['']]);
    assert.deepEqual(parseCsvRecords('a\r\nb\n'), [['a'], ['b']]);
    assert.deepEqual(parseCsvRecords('"a""b",c'), [['a"b', 'c']]);
  });
});

describe('through the real CLI', () => {
  test('a JSON array in users.txt feeds the request paths, one request per planned iteration', async () => {
    const paths: string[] = [];
    const server: Server = createServer((request, response) => {
      paths.push(request.url ?? '');
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { dir, file } = writeScenario('data.scenario.yaml', scenarioText('users.txt', '{{ data.users.name }}/{{ data.users.id }}'));
      writeFileSync(join(dir, 'users.txt'), JSON.stringify([{ name: 'ada', id: 1 }, { name: 'grace', id: 2 }, { name: 'linus', id: 3 }]));
      const result = await runCli(['run', file, '--out', join(dir, 'out'), '--target', `http://127.0.0.1:${port}`, '--quiet'], { cwd: dir });
      assert.equal(result.code, 0, result.stderr + result.stdout);
      // 1s at 5 iterations a second: 5 requests; sequential rows cycle through the three.
      assert.equal(paths.length, 5, paths.join('\n'));
      assert.deepEqual([...paths].sort(), ['/u/ada/1', '/u/ada/1', '/u/grace/2', '/u/grace/2', '/u/linus/3']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
