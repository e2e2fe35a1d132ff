// The Dockerfile of the image `stampede k8s` runs (docker itself is not needed here, nor run):
// Node 20 slim, `stampede` as the entry point and on the PATH for the pods' sh, dev dependencies
// in the build stage only. Then the image's files, assembled from its final stage's COPY lines,
// run the CLI on this machine with no node_modules anywhere above them.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix } from 'node:path';
import { test } from 'node:test';
import { writeScenario } from '../helpers/cli';
import { serveDuringTests } from '../helpers/local-server';
import { ROOT } from '../helpers/paths';
import { runPod } from '../helpers/k8s-pods';

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
/** Instructions (continuation lines joined, comments dropped), split into stages at FROM. */
const stages = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'))
  .reduce<string[][]>((all, line) => (line.startsWith('FROM ') ? [...all, [line]] : (all[all.length - 1].push(line), all)), []);
const final = stages[stages.length - 1];

test('the image is Node 20 slim with the CLI as its entry point, and no dev dependency', () => {
  assert.equal(final[0], 'FROM node:20-slim');
  assert.ok(final.includes('ENTRYPOINT ["stampede"]'), final.join('\n'));
  assert.ok(final.some((line) => line.startsWith('RUN ') && line.includes('ln -s /app/bin/stampede.js /usr/local/bin/stampede')), 'stampede on the PATH, for the pods\' sh');
  assert.ok(final.includes('USER node'), 'not root (the pods run as uid 1000)');
  // Nothing is installed in the image; the bundles carry their dependencies.
  assert.ok(!final.some((line) => /\bnpm\b|node_modules/.test(line)), final.join('\n'));
  const copies = final.filter((line) => line.startsWith('COPY '));
  assert.ok(copies.every((line) => line.startsWith('COPY --from=build ')), 'the image takes only what the build stage built');
  assert.ok(!copies.some((line) => /client\.js|webview|report-writer/.test(line)), 'no VS Code parts');
  // The build stage installs exactly what the lock file says, dev dependencies included (esbuild).
  assert.ok(stages[0].some((line) => line.startsWith('RUN npm ci')), stages[0].join('\n'));
  const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
  for (const entry of ['node_modules', '.git', 'dist', 'test']) assert.ok(ignored.includes(entry), `.dockerignore leaves out ${entry}`);
  assert.ok(statSync(join(ROOT, 'bin/stampede.js')).mode & 0o111, 'bin/stampede.js is executable (the PATH link runs it)');
});

/** The final stage's files: each `COPY --from=build /src/X… DEST` from the repository (built). */
function assembleImage(): string {
  const root = mkdtempSync(join(tmpdir(), 'stampede-image-'));
  const workdir = join(root, 'app');
  mkdirSync(workdir);
  for (const line of final.filter((l) => l.startsWith('COPY '))) {
    const words = line.split(/\s+/).slice(1).filter((word) => !word.startsWith('--'));
    const dest = words.pop() ?? '';
    const target = posix.isAbsolute(dest) ? join(root, dest) : join(workdir, dest);
    for (const source of words) {
      const from = join(ROOT, posix.relative('/src', source));
      // COPY puts a folder's contents, or a file, into a destination ending in `/`.
      const to = dest.endsWith('/') && statSync(from).isFile() ? join(target, basename(from)) : target;
      mkdirSync(statSync(from).isFile() ? join(to, '..') : to, { recursive: true });
      cpSync(from, to, { recursive: true });
    }
  }
  return root;
}

const served: string[] = [];
const server = serveDuringTests(
  createServer((req, res) => {
    served.push(`${req.method} ${req.url}`);
    res.end('ok');
  }),
);

test('the image\'s files alone run the CLI: validate, k8s, a run that writes its report, and one with --workers 2', async () => {
  const image = assembleImage();
  const bin = join(image, 'usr/local/bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(join(image, 'app/bin/stampede.js'), join(bin, 'stampede'));
  const { dir, file } = writeScenario('image.scenario.yaml', `version: 1
name: image
target: ${server.origin}
phases: [{ duration: 1s, rate: 10 }]
flows: [{ name: f, steps: [{ request: GET /from-the-image }] }]
`);
  // As the pods call it: `stampede` from sh, found on the PATH, with no node_modules to fall back on.
  assert.equal((await runPod('command -v stampede', { bin })).stdout.trim(), join(bin, 'stampede'));
  for (let up = image; up !== dirname(up); up = dirname(up)) assert.ok(!existsSync(join(up, 'node_modules')), `no node_modules in ${up}`);
  const validate = await runPod(`stampede validate ${file}`, { bin });
  assert.equal(validate.code, 0, validate.stderr);
  const k8s = await runPod(`stampede k8s ${file} --parallelism 2 --target http://shop.example.test`, { bin });
  assert.equal(k8s.code, 0, k8s.stderr);
  assert.match(k8s.stdout, /completionMode: Indexed/);
  served.length = 0;
  const run = await runPod(`stampede run ${file} --quiet --out ${join(dir, 'report')}`, { bin });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(served.length, 10, 'every request reached the server');
  const report = JSON.parse(readFileSync(join(dir, 'report', 'report.json'), 'utf8')) as { totals: { requests: number } };
  assert.equal(report.totals.requests, 10);
  // The HTML report inlines its renderer and Chart.js, both from the image's dist/.
  assert.match(readFileSync(join(dir, 'report', 'report.html'), 'utf8'), /Chart\.js v\d/);
  // Worker threads load their own bundle (dist/load-worker.js) from the image too.
  served.length = 0;
  const workers = await runPod(`stampede run ${file} --quiet --workers 2 --out ${join(dir, 'workers')}`, { bin });
  assert.equal(workers.code, 0, workers.stderr);
  const threaded = JSON.parse(readFileSync(join(dir, 'workers', 'report.json'), 'utf8')) as { totals: { requests: number }; workers?: number };
  assert.equal(threaded.workers, 2);
  assert.equal(threaded.totals.requests, 10);
  assert.equal(served.length, 10);
});
