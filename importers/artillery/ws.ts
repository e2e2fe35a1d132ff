// A scenario of Artillery's `ws` engine as one `ws:` step: the connection to `config.target`, the
// `send` steps as its messages in order, and the thinks between them as how long it stays open.
import { artilleryMs, formatMs } from './durations';
import type { StepContext } from './steps';
import type { ScenarioData } from '../types';

type Spec = Record<string, unknown>;

export function wsFlow(flow: unknown, config: Spec, context: StepContext, scenario: ScenarioData): Spec[] {
  const target = typeof config.target === 'string' ? config.target : '';
  const url = /^(wss?):\/\/([^/]+)(\/.*)?$/i.exec(target);
  if (!url) {
    context.untranslated.push(`${context.where}: a WebSocket scenario needs a ws:// target, not \`${target}\`; scenario left out`);
    return [];
  }
  scenario.target ??= `${url[1].toLowerCase() === 'wss' ? 'https' : 'http'}://${url[2]}`;
  const send: unknown[] = [];
  let openMs = 0;
  const visit = (items: unknown, times: number): void => {
    for (let round = 0; round < times; round++) {
      for (const item of Array.isArray(items) ? (items as Spec[]) : []) {
        if ('send' in item) send.push(typeof item.send === 'string' ? context.templates.text(item.send) : context.templates.deep(item.send));
        else if ('think' in item) openMs += artilleryMs(item.think) ?? 0;
        else if ('loop' in item) visit(item.loop, typeof item.count === 'number' ? Math.min(item.count, 1000) : 1);
        else if (round === 0) context.untranslated.push(`${context.where}: \`${Object.keys(item)[0]}\` in a WebSocket flow is not translated`);
      }
    }
  };
  visit(flow, 1);
  const step: Spec = { ws: url[3] ?? '/', send, until: { timeout: formatMs(Math.max(openMs, 1000)) } };
  if (send.length === 0) delete step.send;
  return [step];
}
