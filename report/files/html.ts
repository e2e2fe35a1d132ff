// report.html: one self-contained file that opens offline in any browser. The styles, the data,
// Chart.js and the report's renderer (dist/report-view.js: report/view/, the code the panel
// draws its report view with) are inlined; a CSP with a per-file nonce means only those scripts
// can run, so even a string that slipped past escaping could not execute.
//
// The body is written here with the same renderer, through a small static DOM, so a reader
// without scripts still sees every number; the page's script draws it again from the embedded
// JSON, with the charts.
import { randomBytes } from 'node:crypto';
import { reportViewSource } from './assets';
import { escapeHtml as e, jsonForScript, scriptForInline } from '../html-escape';
import { REPORT_CSS } from './html-style';
import type { Report } from '../types';
import { el } from '../view/dom';
import { chartsHeading, reportBottom, reportFooter, reportHeader, reportToc, reportTop, verdictOf } from '../view/sections';
import { renderStatic } from '../view/static-dom';

/**
 * The report as one HTML file. `chartJsSource` and `viewSource` are the scripts to inline (see
 * ./assets.ts); with an empty `viewSource` the file is the static markup alone.
 */
export function renderHtmlReport(report: Report, chartJsSource: string, viewSource: string = reportViewSource()): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  const verdict = verdictOf(report);
  const title = `${verdict.label} · ${report.scenario} · Stampede report`;
  const script = (source: string) => `<script nonce="${nonce}">${scriptForInline(source)}</script>`;
  const body = renderStatic(() => [
    reportHeader(report),
    reportToc(report),
    ...reportTop(report),
    chartsHeading(),
    el(
      'section',
      { class: 'charts', attrs: { id: 'charts', 'aria-label': 'Charts' } },
      el('p', { class: 'empty-note', text: 'The charts are drawn by this page’s script. The tables and timeseries.csv hold the same data.' }),
    ),
    ...reportBottom(report),
    reportFooter(report),
  ]);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Stampede ${e(report.system.stampede)}">
<title>${e(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body${viewSource ? '' : ' data-charts-ready="true"'}>
<main>
${body}
</main>
<!-- The whole report, for the page's script and for anyone who wants the numbers from this one file. -->
<script type="application/json" id="report-data">${jsonForScript(report)}</script>
${viewSource && chartJsSource ? script(chartJsSource) : ''}
${viewSource ? script(viewSource) : ''}
</body>
</html>
`;
}
