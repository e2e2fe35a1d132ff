// Credentials in a URL (`http://ada:secret@host/`) are HTTP basic auth, as the contract says:
// worth knowing, and a password written there sits in the file. `auth` with `{{ env.NAME }}`
// keeps it out.
import { diagnostic } from '../diagnostic';
import { hasTemplate } from '../templates';
import { mapValue, offsetRange, stringValue, valueOffsetMapper, type YamlNode } from '../yaml-nav';
import type { HintRule } from './hint-rule';
import { connects } from './hint-non-loopback-target';

export const urlCredentialsHint: HintRule = {
  name: 'hint-url-credentials',
  code: 'hint-url-credentials',
  explanation:
    'Credentials written in a URL (`http://user:password@host/`) are sent as HTTP basic authentication ' +
    '(`authorization: Basic …`) with every request to that URL. A password written in the scenario ends up wherever the file goes: ' +
    'version control, shared folders, bug reports. `auth: { user: NAME, password: "{{ env.PASSWORD }}" }` on a request sends the same ' +
    'header and reads the password from the environment when the run starts.',
  check({ doc, outline, report }) {
    const target = mapValue(doc.root, 'target', doc.document);
    const urls: { node: YamlNode; text: string; scope: string }[] = [];
    const targetText = stringValue(target);
    if (target && targetText !== undefined) urls.push({ node: target, text: targetText, scope: 'each request' });
    for (const step of outline.allSteps) {
      const line = stringValue(step.kindNode);
      if (step.kindNode && line !== undefined && connects(step)) urls.push({ node: step.kindNode, text: line, scope: 'the request' });
    }
    for (const { node, text, scope } of urls) {
      const found = userInfo(text);
      if (!found) continue;
      const [start, end] = valueOffsetMapper(doc.text, node)(found.offset, found.length);
      const { user, password } = found;
      const secret = password !== undefined && password !== '' && !hasTemplate(password);
      const message = secret
        ? `\`${user}:…@\` is sent as HTTP basic auth; to keep the password out of the file, drop it from the URL and add \`auth: { user: ${user}, password: "{{ env.PASSWORD }}" }\` to ${scope}`
        : `\`${user}${password === undefined ? '' : ':…'}@\` is sent as HTTP basic auth, the same as \`auth: { user: ${user}, password: … }\` on ${scope}`;
      report(diagnostic(offsetRange(doc, start, end), this.code, message, 'information'));
    }
  },
};

/** The `user:password@` part of the first URL in `text`, with its place in the text. */
function userInfo(text: string): { user: string; password: string | undefined; offset: number; length: number } | undefined {
  const scheme = /[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(text);
  if (!scheme) return undefined;
  const from = scheme.index + scheme[0].length;
  const authority = /^[^/?#\s{]*(?:\{\{[^}]*\}\}[^/?#\s{]*)*/.exec(text.slice(from))?.[0] ?? '';
  const at = authority.lastIndexOf('@');
  if (at <= 0) return undefined;
  const info = authority.slice(0, at);
  const colon = info.indexOf(':');
  return {
    user: colon < 0 ? info : info.slice(0, colon),
    password: colon < 0 ? undefined : info.slice(colon + 1),
    offset: from,
    length: at + 1,
  };
}
