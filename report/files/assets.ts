// The scripts report.html inlines, read from disk when a report is written: Chart.js's UMD
// build (the build copies it to dist/vendor) and the report's own renderer (dist/report-view.js,
// the same code as the panel's report view). From an unbundled or test location they are found
// beside the repository's dist/ (and Chart.js in node_modules). Either is empty when missing:
// the report then still shows every table, from the markup written with it, without charts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const cache = new Map<string, string>();

function firstFile(key: string, candidates: string[]): string {
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const found = candidates.find((file) => existsSync(file));
  const source = found ? readFileSync(found, 'utf8') : '';
  cache.set(key, source);
  return source;
}

/** dist/ seen from here: this bundle's own folder, or the repository's dist/ from dist-test/x or report/. */
function distCandidates(file: string): string[] {
  return [path.join(__dirname, file), path.join(__dirname, '..', 'dist', file), path.join(__dirname, '..', '..', 'dist', file)];
}

/**
 * Chart.js's UMD build. chart.js's `exports` map hides `dist/…` from require.resolve, so resolve
 * the package and step beside it.
 */
export function chartJsSource(): string {
  const candidates = [path.join(__dirname, 'vendor', 'chart.umd.min.js')];
  try {
    candidates.push(path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'));
  } catch {
    // not installed: only the vendored copy can serve
  }
  return firstFile('chart.js', candidates);
}

/** The report renderer's browser bundle (report/view/page.ts), built by scripts/build.mjs. */
export function reportViewSource(): string {
  return firstFile('report-view', distCandidates('report-view.js'));
}
