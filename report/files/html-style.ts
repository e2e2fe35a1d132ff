// The report's stylesheet, inlined so the file opens offline. Colours are CSS variables with a
// dark set under prefers-color-scheme; the chart script reads the same variables, so charts
// and page always agree.

export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f4f6f9; --surface: #ffffff; --surface-2: #f8f9fb; --text: #18202b; --muted: #5b6675;
  --border: #e1e5eb; --accent: #4f46e5; --code-bg: #eef0f4;
  --ok: #147a3d; --ok-bg: #e3f5ea; --bad: #b42318; --bad-bg: #fdeceb;
  --warn: #9a5b00; --warn-bg: #fff3dc; --info: #1d5fd1; --info-bg: #e6eefc;
  --band-a: rgba(79, 70, 229, 0.045); --band-b: rgba(79, 70, 229, 0.11); --band-line: rgba(79, 70, 229, 0.35);
  --grid: rgba(24, 32, 43, 0.08);
  --c-p50: #2f7ff0; --c-p95: #e8900c; --c-p99: #d93a3a; --c-rps: #12a37a; --c-errors: #d93a3a;
  --c-dropped: #9a5b00; --c-users: #7c4ddb; --c-planned: #9aa3af; --c-cpu: #0b96c6; --c-memory: #b14fc6;
  --c-eld: #e8770c; --c-proc: #5b6675; --c-lag: #c0267a; --c-rate: #e8770c;
  --c-grid: rgba(24, 32, 43, 0.08); --c-band: #4f46e5; --c-text: #5b6675;
  --shadow: 0 1px 2px rgba(16, 24, 40, 0.06), 0 1px 3px rgba(16, 24, 40, 0.05);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0e1116; --surface: #161b22; --surface-2: #1b2129; --text: #e4e8ee; --muted: #97a2b0;
    --border: #2a313b; --accent: #8b85ff; --code-bg: #222a34;
    --ok: #4ccf7f; --ok-bg: rgba(76, 207, 127, 0.13); --bad: #ff7b72; --bad-bg: rgba(255, 123, 114, 0.13);
    --warn: #f2b44c; --warn-bg: rgba(242, 180, 76, 0.13); --info: #79a8ff; --info-bg: rgba(121, 168, 255, 0.13);
    --band-a: rgba(139, 133, 255, 0.05); --band-b: rgba(139, 133, 255, 0.13); --band-line: rgba(139, 133, 255, 0.45);
    --grid: rgba(228, 232, 238, 0.09);
    --c-p50: #5ea1ff; --c-p95: #f5a623; --c-p99: #ff6b6b; --c-rps: #34d19d; --c-errors: #ff6b6b;
    --c-dropped: #f2b44c; --c-users: #a98bff; --c-planned: #6b7686; --c-cpu: #38bdf8; --c-memory: #d68cf0;
    --c-eld: #fb923c; --c-proc: #97a2b0; --c-lag: #f472b6; --c-rate: #fb923c;
    --c-grid: rgba(228, 232, 238, 0.09); --c-band: #8b85ff; --c-text: #97a2b0;
    --shadow: none;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 1240px; margin: 0 auto; padding: 28px 24px 48px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, monospace; font-size: 0.92em; }
code { background: var(--code-bg); padding: 1px 5px; border-radius: 4px; overflow-wrap: anywhere; }
h1, h2, h3 { line-height: 1.25; margin: 0; }
h2 { font-size: 17px; margin: 36px 0 12px; display: flex; align-items: baseline; gap: 8px; }
h2 .count { color: var(--muted); font-weight: 400; font-size: 0.9em; }
h3 { font-size: 14px; font-weight: 600; }
.muted { color: var(--muted); }
.num { font-variant-numeric: tabular-nums; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
[hidden] { display: none !important; }
.stack { display: grid; gap: 14px; }

/* header */
.report-header { display: flex; gap: 24px; align-items: flex-start; justify-content: space-between; flex-wrap: wrap; }
.brand { font-size: 11px; font-weight: 700; letter-spacing: 0.12em; text-transform: uppercase; color: var(--accent); }
.report-header h1 { font-size: 26px; margin: 4px 0 6px; overflow-wrap: anywhere; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 18px; color: var(--muted); font-size: 13px; }
.meta b { color: var(--text); font-weight: 600; }
.verdict { text-align: right; max-width: 420px; }
.badge {
  display: inline-flex; align-items: center; gap: 6px; border-radius: 999px; padding: 2px 10px;
  font-size: 12px; font-weight: 600; white-space: nowrap;
}
.verdict .badge { font-size: 18px; letter-spacing: 0.06em; padding: 6px 18px; }
.verdict .reason { margin-top: 6px; color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
.tone-ok { color: var(--ok); background: var(--ok-bg); }
.tone-bad { color: var(--bad); background: var(--bad-bg); }
.tone-warn { color: var(--warn); background: var(--warn-bg); }
.tone-info { color: var(--info); background: var(--info-bg); }
.tone-neutral { color: var(--muted); background: var(--code-bg); }

nav.toc { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 18px 0 4px; padding: 10px 0; border-top: 1px solid var(--border); border-bottom: 1px solid var(--border); font-size: 13px; }
nav.toc a { color: var(--muted); text-decoration: none; }
nav.toc a:hover { color: var(--accent); }

/* tiles */
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(132px, 1fr)); gap: 12px; margin-top: 22px; }
.tile { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 12px 14px; box-shadow: var(--shadow); }
.tile .label { font-size: 11px; font-weight: 600; letter-spacing: 0.06em; text-transform: uppercase; color: var(--muted); }
.tile .value { font-size: 22px; font-weight: 650; margin-top: 2px; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tile .sub { font-size: 12px; color: var(--muted); }
.tile.tone-bad, .tile.tone-warn { background: var(--surface); }
.tile.tone-bad .value { color: var(--bad); }
.tile.tone-warn .value { color: var(--warn); }

/* cards, charts */
.card { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; box-shadow: var(--shadow); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 14px; }
.chart-card { margin: 0; padding: 14px 16px 10px; }
.chart-card figcaption { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; flex-wrap: wrap; margin-bottom: 6px; }
.chart-card .hint { font-size: 12px; color: var(--muted); }
.chart-box { position: relative; height: 260px; }
.chart-box .empty { position: absolute; inset: 0; display: grid; place-items: center; color: var(--muted); font-size: 13px; }

/* zoom: the range bar (kept in view while zoomed), the keyboard form, a drag's selection */
.zoom-bar {
  position: sticky; top: 0; z-index: 5; display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px;
  margin-top: 18px; padding: 8px 14px; background: var(--surface); border: 1px solid var(--accent); border-radius: 10px; box-shadow: var(--shadow);
}
.zoom-note { flex-basis: 100%; color: var(--muted); font-size: 12px; }
.zoom-actions { display: inline-flex; gap: 6px; align-items: center; color: var(--muted); font-size: 13px; }
.zoom-bar button, .zoom-form button {
  font: inherit; font-size: 12px; padding: 2px 10px; border-radius: 6px; border: 1px solid var(--border);
  background: var(--surface-2); color: var(--text); cursor: pointer;
}
.zoom-bar button:hover, .zoom-form button:hover { border-color: var(--accent); }
.zoom-form { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 0 0 10px; font-size: 13px; color: var(--muted); }
.zoom-form input { width: 6em; font: inherit; padding: 2px 6px; border: 1px solid var(--border); border-radius: 6px; background: var(--surface); color: var(--text); }
.zoom-form .hint { font-size: 12px; }
canvas.zoomable { cursor: crosshair; touch-action: pan-y; }
.zoom-select { position: absolute; pointer-events: none; background: var(--band-b); border-left: 1px solid var(--band-line); border-right: 1px solid var(--band-line); }

/* tables */
.table-wrap { overflow-x: auto; background: var(--surface); border: 1px solid var(--border); border-radius: 10px; box-shadow: var(--shadow); }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
caption { caption-side: top; text-align: left; padding: 12px 14px 8px; font-weight: 600; color: var(--text); }
caption .muted { font-weight: 400; }
th, td { padding: 8px 10px; text-align: left; vertical-align: top; border-top: 1px solid var(--border); }
thead th { font-size: 11px; font-weight: 600; letter-spacing: 0.04em; text-transform: uppercase; color: var(--muted); background: var(--surface-2); white-space: nowrap; }
tbody th { font-weight: 600; overflow-wrap: anywhere; min-width: 180px; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:hover { background: var(--surface-2); }
tbody tr.fail { background: var(--bad-bg); }
td .sub, th .sub { display: block; font-weight: 400; font-size: 12px; color: var(--muted); }
.chips { display: flex; flex-wrap: wrap; gap: 4px; }
.chip { font-size: 12px; border-radius: 6px; padding: 0 6px; white-space: nowrap; font-variant-numeric: tabular-nums; }
.kind { font-size: 10px; font-weight: 700; letter-spacing: 0.06em; padding: 1px 6px; margin-left: 6px; vertical-align: 1px; }
td .chips { justify-content: flex-end; margin-top: 3px; }

/* the load generator's own figures and verdict */
.generator { margin-top: 12px; padding: 12px 16px; border-left: 3px solid var(--ok); }
.generator.saturated { border-left-color: var(--bad); background: var(--bad-bg); }
.gen-head { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
.generator.saturated .gen-head .badge { font-size: 13px; letter-spacing: 0.05em; color: var(--surface); background: var(--bad); }
.gen-facts { display: flex; flex-wrap: wrap; gap: 4px 28px; margin: 8px 0 0; }
.gen-facts div { display: flex; gap: 8px; align-items: baseline; }
.gen-facts dt { color: var(--muted); }
.gen-facts dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
.gen-reason { margin: 8px 0 0; color: var(--bad); font-weight: 500; overflow-wrap: anywhere; }
.gen-note { margin: 6px 0 0; color: var(--muted); font-size: 12px; }

/* recommendations, facts */
.recs { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.recs li { background: var(--surface); border: 1px solid var(--border); border-left: 3px solid var(--warn); border-radius: 8px; padding: 10px 14px; box-shadow: var(--shadow); overflow-wrap: anywhere; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 0 24px; padding: 10px 16px; margin: 0; }
.facts div { display: flex; justify-content: space-between; gap: 16px; padding: 7px 0; border-bottom: 1px solid var(--border); }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; text-align: right; font-weight: 500; overflow-wrap: anywhere; }
.stages { display: flex; flex-wrap: wrap; gap: 10px; }
.run-stage { padding: 10px 14px; display: flex; gap: 10px; align-items: baseline; flex: 1 1 280px; }
.run-stage .err { font-size: 12px; color: var(--bad); overflow-wrap: anywhere; }
.empty-note { color: var(--muted); font-size: 13px; padding: 12px 14px; background: var(--surface); border: 1px dashed var(--border); border-radius: 10px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }

@media (max-width: 640px) {
  main { padding: 18px 12px 32px; }
  .charts { grid-template-columns: 1fr; }
  .verdict { text-align: left; }
}
@media print {
  body { background: #fff; }
  .card, .tile, .table-wrap, .recs li { box-shadow: none; break-inside: avoid; }
  nav.toc { display: none; }
}
`;
