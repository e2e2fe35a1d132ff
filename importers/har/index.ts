// HAR 1.2 (a browser's network export) → a scenario: the main origin's requests (static assets,
// third-party hosts and failed requests left out and listed), flows per page or navigation,
// think times from the recorded pauses, values the answers produced correlated into captures and
// templates, and credentials asked for as `{{ env.NAME }}`.
import type { Har } from 'har-format';
import { NameSet } from '../names';
import { EnvNotes } from '../secrets';
import { ImportError, type Imported, type ImportInput, type Importer } from '../types';
import { correlate } from './correlate';
import { selectEntries } from './entries';
import { buildFlows } from './flows';
import { recordedRequest } from './recorded';
import { stepOf } from './steps';

export const harImporter: Importer = {
  format: 'har',
  title: 'HAR 1.2',
  detect: (input) => parseHar(input.text) !== undefined,
  convert,
};

function parseHar(text: string): Har | undefined {
  if (!/^\s*\{/.test(text) || !text.includes('"entries"')) return undefined;
  try {
    const value = JSON.parse(text) as { log?: { entries?: unknown } };
    return Array.isArray(value.log?.entries) ? (value as Har) : undefined;
  } catch {
    return undefined;
  }
}

function convert(input: ImportInput): Imported {
  const har = parseHar(input.text);
  if (!har) throw new ImportError(`${input.fileName}: not a HAR file (a JSON object with log.entries)`);
  const { origin, kept, untranslated } = selectEntries(har);
  if (kept.length === 0) throw new ImportError(`${input.fileName}: no request to the application is left once static assets and other hosts are set aside`);

  const requests = kept.map((entry) => recordedRequest(entry, origin));
  const { captured } = correlate(requests, new NameSet());
  const env = new EnvNotes();
  const jar = new Set<string>();
  const notes: string[] = [];
  const steps = requests.map((request) => {
    const step = stepOf(request, env, jar);
    for (const [name] of request.response.setCookies) {
      if (!jar.has(name)) notes.push(`cookie ${name}: set by ${request.method} /${request.segments.join('/')}; each virtual user's cookie jar keeps and sends it, so it is not captured`);
      jar.add(name);
    }
    if (request.untranslatedBody) untranslated.push(request.untranslatedBody);
    return step;
  });
  const pageTitles = new Map((har.log.pages ?? []).map((page) => [page.id, page.title]));
  const flows = buildFlows({ requests, steps, pageTitles });

  const creator = har.log.creator ? `${har.log.creator.name} ${har.log.creator.version}`.trim() : 'a HAR recorder';
  const browser = har.log.browser ? ` (${har.log.browser.name} ${har.log.browser.version})` : '';
  const scenario = {
    version: 1,
    name: `Recorded session on ${new URL(origin).host}`,
    description: `Imported from a HAR by ${creator}${browser}: ${requests.length} requests to ${origin}, replayed per virtual user with its own captured values.`,
    target: origin,
    // `--var users=50` sizes the load without editing the file, as in the gallery's scenarios.
    variables: { users: 5 },
    phases: [{ name: 'steady', duration: '1m', users: '{{ users }}' }],
    flows,
    criteria: ['errorRate < 1%'],
  };
  return { scenario, untranslated, env: env.notes, notes: [...captured.map((line) => `captured ${line}`), ...notes] };
}
