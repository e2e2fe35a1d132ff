// The report of a real run (the quickstart against the sample server, scaled down) opened as a
// user would: report.html over file:// in headless Chromium, charts drawn, the run's numbers shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../helpers/cli';
import { launchChromium } from '../helpers/browser';
import { ROOT } from '../helpers/paths';
import { startSampleServer } from '../helpers/sample-server';
import type { Report } from '../../report/types';

test('the quickstart, scaled down, passes and its report.html draws every chart offline', async () => {
  const server = await startSampleServer();
  const out = mkdtempSync(join(tmpdir(), 'stampede-real-report-'));
  try {
    const result = await runCli(
      ['run', join(ROOT, 'samples', 'quickstart.scenario.yaml'), '--target', server.url, '--out', out, '--scale', '0.2'],
      { timeoutMs: 60_000 },
    );
    assert.equal(result.code, 0, result.stderr + result.stdout);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    assert.equal(report.totals.errors, 0);
    assert.ok(report.steps.some((s) => s.kind === 'sse' && (s.events ?? 0) > 0));

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(join(out, 'report.html')).href);
      await page.waitForSelector('body[data-charts-ready="true"]', { timeout: 15_000 });
      const painted = await page.evaluate(() =>
        ['chart-latency', 'chart-throughput', 'chart-users', 'chart-system'].map((id) => {
          const canvas = document.getElementById(id) as HTMLCanvasElement;
          const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          let n = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
          return n / (canvas.width * canvas.height);
        }),
      );
      for (const share of painted) assert.ok(share > 0.2, `a chart is mostly blank (${share})`);
      const text = await page.innerText('body');
      for (const step of report.steps) assert.ok(text.includes(step.name), `step ${step.name} missing`);
      assert.match(text, /PASSED/);
      assert.ok(requests.every((url) => url.startsWith('file:') || url.startsWith('data:')), requests.join('\n'));
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
});
