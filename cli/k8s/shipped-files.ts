// Which files go into the ConfigMap: the scenario and every file it reads, each at its path
// relative to the scenario's folder (mounted at /scenario). A file outside that folder, or one
// written as an absolute path, would not be where the scenario looks for it in a pod: refused,
// with its path, before anything is printed.
import { readFileSync } from 'node:fs';
import { basename, dirname, join, posix, relative, sep } from 'node:path';
import { isInside } from '../../scenario/data-files';
import { analyzeScenarioText, readTextFile, type AnalyzeOptions } from '../../scenario/load';
import { referencedFiles } from '../../scenario/referenced-files';
import type { Scenario } from '../../scenario/types';
import { SCENARIO_MOUNT, type ShippedFile } from './config-map';
import { K8sRefusal } from './refusal';

/**
 * `scenario` is the model of `file` as loaded here; `options` are those it was loaded with
 * (variables, target), to load it again as the pods will see it.
 */
export function shippedFiles(file: string, scenario: Scenario, options: Pick<AnalyzeOptions, 'vars' | 'target' | 'limits'>): ShippedFile[] {
  const folder = dirname(file);
  const referenced = referencedFiles(scenario);
  const outside = referenced.filter((ref) => !isInside(ref.path, folder));
  if (outside.length > 0) {
    throw new K8sRefusal(
      `${outside.map((ref) => `${ref.path} (${ref.use})`).join(', ')} ${outside.length === 1 ? 'is' : 'are'} outside the scenario's folder ${folder}: ` +
        `the pods see that folder only (at ${SCENARIO_MOUNT}); move ${outside.length === 1 ? 'it' : 'them'} into it and name ${outside.length === 1 ? 'it' : 'them'} relative to the scenario`,
    );
  }
  const absolute = writtenAbsolute(file, options);
  if (absolute.length > 0) {
    throw new K8sRefusal(
      `${absolute.map((ref) => `${ref.path} (${ref.use})`).join(', ')} ${absolute.length === 1 ? 'is' : 'are'} written as an absolute path, which does not exist in the pods: ` +
        `name ${absolute.length === 1 ? 'it' : 'them'} relative to the scenario (they see its folder at ${SCENARIO_MOUNT})`,
    );
  }
  const shipped = [file, ...referenced.map((ref) => ref.path)];
  return shipped.map((path) => ({ path: relative(folder, path).split(sep).join(posix.sep), bytes: readFileSync(path) }));
}

/**
 * The files the scenario names by an absolute path: loaded again as if it lay in the pods'
 * folder (its files read from here), every relative path lands under that folder and an
 * absolute one stays where it was.
 */
function writtenAbsolute(file: string, options: Pick<AnalyzeOptions, 'vars' | 'target' | 'limits'>) {
  const folder = dirname(file);
  const text = readFileSync(file, 'utf8');
  const inPod = posix.join(SCENARIO_MOUNT, basename(file));
  const readFile = (path: string): string | undefined =>
    isInside(path, SCENARIO_MOUNT) ? readTextFile(join(folder, relative(SCENARIO_MOUNT, path))) : readTextFile(path);
  const { scenario } = analyzeScenarioText(text, { ...options, file: inPod, readFile });
  return scenario ? referencedFiles(scenario).filter((ref) => !isInside(ref.path, SCENARIO_MOUNT)) : [];
}
