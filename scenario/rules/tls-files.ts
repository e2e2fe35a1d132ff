// `tls: { ca, cert, key }` name PEM files, relative to the scenario like data files; the engine
// reads them when it opens its first TLS connection, so a missing one would fail every request.
// (`cert` without `key` is the schema's `dependencies`, explained in schema-messages.ts.)
import { resolveDataPath } from '../data-files';
import { diagnostic } from '../diagnostic';
import { kindsTaking } from '../step-kinds';
import { mapValue, nodeRange, stringValue, type YamlNode } from '../yaml-nav';
import type { Rule } from './rule';

/** The PEM block each file must hold: `-----BEGIN CERTIFICATE-----`, `… PRIVATE KEY-----`. */
const PEM_LABEL: Record<string, { label: RegExp; what: string }> = {
  ca: { label: /-----BEGIN (?:TRUSTED )?CERTIFICATE-----/, what: 'a PEM certificate (`-----BEGIN CERTIFICATE-----`)' },
  cert: { label: /-----BEGIN CERTIFICATE-----/, what: 'a PEM certificate (`-----BEGIN CERTIFICATE-----`)' },
  key: { label: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/, what: 'a PEM private key (`-----BEGIN PRIVATE KEY-----`)' },
};

export const tlsFilesRule: Rule = {
  name: 'tls-files',
  check({ doc, outline, options, report }) {
    const { file, readFile } = options;
    // Without the scenario's own path or a reader, its files cannot be found: not checked.
    if (file === undefined || readFile === undefined) return;
    const d = doc.document;
    const owners: (YamlNode | undefined)[] = [mapValue(doc.root, 'defaults', d)];
    const taking = kindsTaking('tls');
    for (const step of outline.allSteps) if (step.kind && taking.includes(step.kind)) owners.push(step.node);
    const texts = new Map<string, string | undefined>();
    for (const tls of owners.map((owner) => mapValue(owner, 'tls', d))) {
      for (const [key, pem] of Object.entries(PEM_LABEL)) {
        const node = mapValue(tls, key, d);
        const path = stringValue(node);
        if (!node || !path) continue;
        const absolute = resolveDataPath(path, file);
        if (!texts.has(absolute)) texts.set(absolute, readFile(absolute));
        const text = texts.get(absolute);
        if (text === undefined) {
          report(diagnostic(nodeRange(doc, node), 'tls-file-missing',
            `\`${path}\` does not exist or cannot be read (\`${absolute}\`; paths are relative to the scenario file)`));
        } else if (!pem.label.test(text)) {
          report(diagnostic(nodeRange(doc, node), 'tls-file-not-pem',
            `\`${path}\` does not hold ${pem.what}; \`tls.${key}\` takes a PEM file`, 'warning'));
        }
      }
    }
  },
};
