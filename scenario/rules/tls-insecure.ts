// `tls: { insecure: true }` accepts any certificate: fine for a test server on this machine, a
// risk against any other host (whoever sits between can pose as it). The contract asks for a
// warning in the editor when the host is not loopback, as far as the host is known here.
import { diagnostic } from '../diagnostic';
import type { StepInfo } from '../outline';
import { listWords } from '../suggest';
import { findPair, mapValue, nodeRange, scalarValue, stringValue, type YamlNode } from '../yaml-nav';
import { connects, hostOf, isLoopback, stepUrl } from './hint-non-loopback-target';
import type { Rule } from './rule';

export const tlsInsecureRule: Rule = {
  name: 'tls-insecure',
  check({ doc, outline, report }) {
    const d = doc.document;
    const target = stringValue(mapValue(doc.root, 'target', d));
    const targetHost = target === undefined ? undefined : hostOf(target);
    const hostOfStep = (step: StepInfo) => {
      const url = stepUrl(step);
      return url === undefined ? targetHost : hostOf(url);
    };
    const insecure = (owner: YamlNode | undefined) => {
      const node = mapValue(mapValue(owner, 'tls', d), 'insecure', d);
      return scalarValue(node) === true ? node : undefined;
    };
    const warn = (node: YamlNode, hosts: (string | undefined)[]) => {
      const remote = [...new Set(hosts.filter((host): host is string => host !== undefined && !isLoopback(host)))];
      if (remote.length === 0) return;
      report(diagnostic(nodeRange(doc, node), 'tls-insecure-remote',
        `\`insecure: true\` accepts any certificate from ${listWords(remote, 'and')}, ${remote.length === 1 ? 'which is' : 'which are'} not this machine: whoever sits in between can pose as the server; trust its CA with \`tls: { ca: FILE }\` instead`,
        'warning'));
    };
    const connecting = outline.allSteps.filter(connects);
    // A request with a `tls` of its own does not use the default one.
    const defaults = insecure(mapValue(doc.root, 'defaults', d));
    if (defaults) warn(defaults, connecting.filter((step) => findPair(step.node, 'tls') === undefined).map(hostOfStep));
    for (const step of connecting) {
      const own = insecure(step.node);
      if (own) warn(own, [hostOfStep(step)]);
    }
  },
};
