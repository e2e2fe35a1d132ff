// `target` is the HTTP base URL every relative request is joined to. A WebSocket address there
// cannot work (issue 12: `validate` said ok to `target: ws://…`): the WebSocket is a `ws:` step,
// which derives `ws://` from an http target and `wss://` from https.
import { diagnostic } from '../diagnostic';
import { hasTemplate } from '../templates';
import { mapValue, nodeRange, stringValue } from '../yaml-nav';
import type { Rule } from './rule';

export const targetUrlRule: Rule = {
  name: 'target-url',
  check({ doc, options, report }) {
    // `--target` replaces the file's target for this run: the file's is not used.
    if (options.target !== undefined) return;
    const node = mapValue(doc.root, 'target', doc.document);
    const target = stringValue(node)?.trim();
    if (!node || !target || target.startsWith('{{')) return;
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(target)?.[1].toLowerCase();
    if (scheme === 'http' || scheme === 'https' || (scheme === undefined && hasTemplate(target))) return;
    if (scheme === 'ws' || scheme === 'wss') {
      const http = scheme === 'ws' ? 'http' : 'https';
      const [, origin, path] = /^[^:]+(:\/\/[^/?#]*)(.*)$/.exec(target) ?? [];
      report(diagnostic(nodeRange(doc, node), 'bad-target',
        `\`target\` is the HTTP base URL, not a WebSocket address: write \`target: ${http}${origin}\` and open the WebSocket with a \`ws\` step, \`- ws: ${path && path !== '/' ? path : '/path'}\` (it uses \`${scheme}://\` with an ${http} target)`));
      return;
    }
    report(diagnostic(nodeRange(doc, node), 'bad-target',
      `\`target\` is an HTTP base URL starting with \`http://\` or \`https://\`, e.g. \`http://127.0.0.1:4100\`; not \`${target}\``));
  },
};
