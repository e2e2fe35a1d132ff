// The inspector's DOM: a trial's exchanges as a list (method, URL, status in its colour, time),
// each opening to its request and response (headers, body with its size and a truncation mark),
// the template values it was rendered with, its captures and every expect and check with ✓/✗
// and why. A failure links to its line: a test's or capture's own key, else its step's.
import type { BodyPreview, TemplateValue, TestOutcome } from '../engine/protocol/exchange';
import { previewText } from '../report/preview-text';
import type { Tone } from '../report/tones';
import { badge, el, type Child } from './dom';
import type { InspectedExchange, InspectorState } from './protocol';

export interface InspectorActions {
  toggle(index: number): void;
  revealLine(line: number): void;
}

export function statusTone(status: number | null): Tone {
  if (status === null || status >= 500) return 'bad';
  return status >= 400 ? 'warn' : 'ok';
}

export function inspectorHeader(state: InspectorState | null): HTMLElement {
  if (!state) return el('header', { class: 'inspector-head' }, el('p', { class: 'empty-note', text: 'Waiting for the trial…' }));
  const { trial, ended } = state;
  const verdict = ended ? badge(ended.passed ? 'ok' : 'bad', ended.passed ? 'PASSED' : 'FAILED') : badge('info', 'RUNNING');
  return el(
    'header',
    { class: 'inspector-head' },
    el('div', { class: 'eyebrow', text: trial.flow === null ? 'Try · every flow, one iteration' : `Try · flow ${trial.flow}, one iteration` }),
    el('h1', { attrs: { id: 'scenario-name' }, text: trial.scenario }),
    el('div', { class: 'file', text: trial.file }),
    el('div', { class: 'verdict', attrs: { id: 'verdict' } }, verdict, el('span', { class: 'reason', text: ended ? ended.summary : `${state.exchanges.length} so far` })),
    ended && ended.problems.length > 0 ? el('ul', { class: 'problems', attrs: { id: 'problems' } }, ...ended.problems.map((p) => el('li', { text: p }))) : null,
  );
}

export function exchangeList(state: InspectorState | null, actions: InspectorActions): HTMLElement {
  const items = (state?.exchanges ?? []).map((item, index) => exchangeItem(item, index, state?.open.includes(index) ?? false, actions));
  return el('ol', { class: 'exchanges', attrs: { id: 'exchanges' } }, ...items);
}

export function exchangeItem(item: InspectedExchange, index: number, open: boolean, actions: InspectorActions): HTMLLIElement {
  const x = item.exchange;
  const status = x.status === null ? 'no response' : String(x.status);
  const row = el(
    'button',
    { class: 'exchange-row', attrs: { type: 'button', 'aria-expanded': open ? 'true' : 'false' } },
    el('span', { class: 'twisty', text: open ? '▾' : '▸' }),
    el('span', { class: 'method', text: x.method }),
    el('span', { class: 'url', text: x.url }),
    badge(statusTone(x.status), status, 'status'),
    el('span', { class: 'time', text: `${x.timeMs.toFixed(1)} ms` }),
    el('span', { class: 'where', text: `${x.stage === 'flow' ? x.flow : x.stage} › ${x.step}` }),
    x.passed ? null : el('span', { class: 'failed-mark', text: '✗', attrs: { title: 'this step failed' } }),
  );
  row.addEventListener('click', () => actions.toggle(index));
  return el('li', { class: `exchange${x.passed ? '' : ' failed'}`, attrs: { 'data-index': index, 'data-passed': x.passed ? 'true' : 'false' } }, row, open ? details(item, actions) : null);
}

function details(item: InspectedExchange, actions: InspectorActions): HTMLElement {
  const x = item.exchange;
  const linkTo = (line: number | null | undefined): Child => {
    const at = line === undefined ? item.line : line;
    return at === null ? null : lineLink(at, actions);
  };
  const link = (): Child => linkTo(item.line);
  const hops = x.redirects > 0 ? ` after ${x.redirects} redirect${x.redirects === 1 ? '' : 's'}` : '';
  return el(
    'div',
    { class: 'exchange-details' },
    x.error && !x.passed ? el('p', { class: 'step-error' }, el('span', { class: 'bad', text: '✗ ' }), x.error, ' ', link()) : null,
    el(
      'section',
      { class: 'request' },
      el('h3', { text: 'Request' }),
      headerTable(Object.entries(x.request.headers)),
      x.request.body ? bodyView(x.request.body, /json/i.test(Object.entries(x.request.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '')) : null,
    ),
    el(
      'section',
      { class: 'response' },
      el('h3', { text: `Response${hops}` }),
      x.response ? headerTable(x.response.headers) : el('p', { class: 'empty-note', text: 'No response.' }),
      x.response ? bodyView(x.response.body, x.response.headers.some(([name, value]) => name.toLowerCase() === 'content-type' && /json/i.test(value))) : null,
    ),
    // An inspector saved before template values were shown has none (webview/protocol.ts).
    templatesView(x.templates ?? []),
    x.captures.length > 0
      ? el(
          'section',
          { class: 'captures' },
          el('h3', { text: 'Captures' }),
          el(
            'ul',
            { class: 'outcomes' },
            ...x.captures.map((c, i) =>
              c.value !== undefined
                ? el('li', { class: 'pass' }, el('span', { class: 'ok', text: '✓' }), el('code', { text: c.name }), ' = ', el('code', { class: 'value', text: c.value }))
                : el('li', { class: 'fail' }, el('span', { class: 'bad', text: '✗' }), el('code', { text: c.name }), `: ${c.error ?? 'not captured'} `, linkTo(item.lines?.captures[i])),
            ),
          ),
        )
      : null,
    x.expects.length + x.checks.length > 0
      ? el(
          'section',
          { class: 'tests' },
          el('h3', { text: 'Expect and check' }),
          el(
            'ul',
            { class: 'outcomes' },
            ...x.expects.map((t, i) => outcome('expect', t, () => linkTo(item.lines?.expects[i]))),
            ...x.checks.map((t, i) => outcome('check', t, () => linkTo(item.lines?.checks[i]))),
          ),
        )
      : null,
  );
}

/** Each `{{ expression }}` with the value the request used, as captures show theirs. */
function templatesView(templates: TemplateValue[]): HTMLElement | null {
  if (templates.length === 0) return null;
  return el(
    'section',
    { class: 'templates' },
    el('h3', { text: 'Template values' }),
    el('ul', { class: 'outcomes' }, ...templates.map((t) => el('li', {}, el('code', { class: 'expression', text: `{{ ${t.expression} }}` }), ' = ', el('code', { class: 'value', text: t.value })))),
  );
}

function outcome(kind: 'expect' | 'check', t: TestOutcome, link: () => Child): HTMLLIElement {
  return el(
    'li',
    { class: t.passed ? 'pass' : 'fail' },
    el('span', { class: t.passed ? 'ok' : 'bad', text: t.passed ? '✓' : '✗' }),
    el('span', { class: 'kind', text: kind }),
    el('span', { class: 'test', text: t.test }),
    t.failure ? el('span', { class: 'why', text: `— ${t.failure}` }) : null,
    t.passed ? null : link(),
  );
}

function lineLink(line: number, actions: InspectorActions): HTMLAnchorElement {
  const a = el('a', { class: 'step-link', attrs: { href: '#', 'data-line': line + 1, title: 'Show this line of the scenario' }, text: `line ${line + 1}` });
  a.addEventListener('click', (event) => {
    event.preventDefault();
    actions.revealLine(line);
  });
  return a;
}

function headerTable(headers: [string, string][]): HTMLElement {
  if (headers.length === 0) return el('p', { class: 'empty-note', text: 'No headers.' });
  return el('table', { class: 'headers' }, el('tbody', {}, ...headers.map(([name, value]) => el('tr', {}, el('th', { attrs: { scope: 'row' }, text: name }), el('td', { text: value })))));
}

function bodyView(body: BodyPreview, jsonType = false): HTMLElement {
  const meta = el(
    'div',
    { class: 'body-meta' },
    el('span', { class: 'size', text: formatBytes(body.size) }),
    body.json ? badge('neutral', 'JSON') : null,
    body.truncated ? badge('warn', `truncated: the first ${formatBytes(new TextEncoder().encode(body.text).length)} shown`, 'truncated') : null,
  );
  if (body.size === 0) return el('div', { class: 'body' }, meta, el('p', { class: 'empty-note', text: 'Empty body.' }));
  return el('div', { class: 'body' }, meta, el('pre', { class: 'body-text' }, el('code', { text: previewText(body, jsonType) })));
}

/** `18 B`, `16 KB`, `1.2 MB`: bytes as the terminal's `stampede try` counts them, rounded past 1 KB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const kb = bytes / 1024;
  return kb < 1024 ? `${kb < 10 ? kb.toFixed(1).replace(/\.0$/, '') : Math.round(kb)} KB` : `${(kb / 1024).toFixed(1)} MB`;
}
