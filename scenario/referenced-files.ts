// The files a scenario reads besides itself: `data:` sets, multipart parts sent from disk
// (`file: { path }`), and the PEM files of `tls:` (ca, cert, key) in `defaults` or on a request.
// Whoever ships a scenario somewhere else (`stampede k8s` puts them in a ConfigMap) needs them all.
import { allSteps } from './step-walk';
import type { Connection, Scenario, Step } from './types';

export interface ReferencedFile {
  /** Absolute, as the model resolved it against the scenario file. */
  path: string;
  /** Where the scenario names it, in words: `data set users`, `tls ca of step login`. */
  use: string;
}

export function referencedFiles(scenario: Scenario): ReferencedFile[] {
  const found: ReferencedFile[] = [];
  for (const [name, set] of Object.entries(scenario.data)) found.push({ path: set.file, use: `data set ${name}` });
  addTls(found, scenario.defaults.connection, 'defaults');
  const steps = [...scenario.setup, ...scenario.flows.flatMap((flow) => flow.steps), ...scenario.teardown];
  for (const step of allSteps(steps)) addStep(found, step);
  // A file named in many places ships once; its first use names it.
  const seen = new Set<string>();
  return found.filter((file) => !seen.has(file.path) && seen.add(file.path));
}

function addStep(found: ReferencedFile[], step: Step): void {
  if (step.kind !== 'request') return;
  addTls(found, step.connection, `step ${step.name}`);
  if (step.body?.kind !== 'multipart') return;
  for (const [field, part] of Object.entries(step.body.fields)) {
    if (part.kind === 'disk') found.push({ path: part.path, use: `multipart field ${field} of step ${step.name}` });
  }
}

function addTls(found: ReferencedFile[], connection: Connection, where: string): void {
  const tls = connection.tls;
  if (!tls) return;
  for (const key of ['ca', 'cert', 'key'] as const) {
    const path = tls[key];
    if (path !== undefined) found.push({ path, use: `tls ${key} of ${where}` });
  }
}
