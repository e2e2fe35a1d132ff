// The names and labels of one distributed run's objects. Every object carries the run's id, so
// one selector finds (and deletes) them all: `-l app.kubernetes.io/instance=<run id>`.
import { randomBytes } from 'node:crypto';

export interface RunNames {
  /** `<scenario slug>-<5 random characters>`: a DNS-1123 label, unique per `stampede k8s`. */
  runId: string;
  configMap: string;
  volumeClaim: string;
  /** The Indexed Job of the segments; its pods are `<job>-<index>-<suffix>`. */
  segments: string;
  merge: string;
}

export const NAME_LABEL = 'app.kubernetes.io/name';
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
export const COMPONENT_LABEL = 'app.kubernetes.io/component';

/** Short enough that `<job>-<index>-<suffix>` (a pod's name and hostname) stays within 63. */
const SLUG_MAX = 20;

export function runNames(scenarioName: string, random: () => string = randomSuffix): RunNames {
  // Letters keep their base (`Ü` → `u`); anything else between them becomes one `-`.
  const plain = scenarioName.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const slug = plain.replace(/[^a-z0-9]+/g, '-').slice(0, SLUG_MAX).replace(/^-+|-+$/g, '') || 'run';
  const runId = `${slug}-${random()}`;
  const base = `stampede-${runId}`;
  return { runId, configMap: `${base}-scenario`, volumeClaim: `${base}-results`, segments: base, merge: `${base}-merge` };
}

export function labels(names: RunNames, component: 'scenario' | 'results' | 'segment' | 'merge'): Record<string, string> {
  return { [NAME_LABEL]: 'stampede', [INSTANCE_LABEL]: names.runId, [COMPONENT_LABEL]: component };
}

/** Five characters of [a-z0-9], like the suffixes Kubernetes gives the pods it names. */
function randomSuffix(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(5)].map((byte) => alphabet[byte % alphabet.length]).join('');
}
