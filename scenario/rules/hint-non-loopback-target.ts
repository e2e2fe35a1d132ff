// Load aimed at another machine: legitimate, but worth a moment's thought (and the editor asks
// before a run sends it).
import { diagnostic } from '../diagnostic';
import type { StepInfo } from '../outline';
import { kindsTaking } from '../step-kinds';
import { hasTemplate } from '../templates';
import { mapValue, nodeRange, stringValue, type YamlNode } from '../yaml-nav';
import type { HintRule } from './hint-rule';

export const nonLoopbackTargetHint: HintRule = {
  name: 'hint-non-loopback-target',
  code: 'hint-non-loopback-target',
  explanation:
    'This scenario sends load to a host other than this machine. Load tests can degrade or take down what they target, ' +
    'and traffic to systems you do not own may be unwelcome or unlawful. A run started from the editor asks for confirmation ' +
    'before sending load to a non-loopback host; the CLI does not. Prefer a staging copy, and tell its owners.',
  check({ doc, outline, report }) {
    const check = (node: YamlNode | undefined, url: string | undefined) => {
      if (!node || url === undefined) return;
      const host = hostOf(url);
      if (host === undefined || isLoopback(host)) return;
      report(diagnostic(nodeRange(doc, node), this.code,
        `\`${host}\` is not this machine: make sure you may load-test it (a run from the editor asks first)`, 'information'));
    };
    const target = mapValue(doc.root, 'target', doc.document);
    check(target, stringValue(target));
    for (const step of outline.allSteps) {
      const url = stepUrl(step);
      if (url) check(step.kindNode, url);
    }
  },
};

/** The kinds of step that connect to a URL (the ones that send headers). */
const CONNECTING = kindsTaking('headers');

/** Whether a step connects to the target or a URL of its own (a request, sse or ws step). */
export function connects(step: StepInfo): boolean {
  return step.kind !== undefined && CONNECTING.includes(step.kind);
}

/** The absolute URL a request, sse or ws step is sent to; undefined for a path joined to `target`. */
export function stepUrl(step: StepInfo): string | undefined {
  const line = stringValue(step.kindNode);
  if (line === undefined || !connects(step)) return undefined;
  return /(?:^|\s)((?:https?|wss?):\/\/\S+)/i.exec(line)?.[1];
}

/** The host of an absolute URL; undefined when a template decides it (known only at run time). */
export function hostOf(url: string): string | undefined {
  const authority = /^(?:https?|wss?):\/\/([^/?#]*)/i.exec(url.trim())?.[1];
  if (authority === undefined || hasTemplate(authority)) return undefined;
  try {
    return new URL(`http://${authority}`).hostname;
  } catch {
    return undefined;
  }
}

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare.endsWith('.localhost') || bare === '::1' || bare === '0.0.0.0' || /^127(\.\d{1,3}){3}$/.test(bare);
}
