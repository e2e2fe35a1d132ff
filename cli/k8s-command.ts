// `stampede k8s FILE --parallelism N [--image IMAGE] [--namespace NS]`: prints the Kubernetes
// manifests of a distributed run (cli/k8s/): the scenario and its files in a ConfigMap, an
// Indexed Job whose pods run one segment each from one shared start time, a ReadWriteMany
// volume for their parts, and a Job that merges them. Nothing is sent anywhere: the user
// applies the output (docs/DISTRIBUTED.md). Refusals (a file the pods could not see, a
// ConfigMap over Kubernetes' limit) and an invalid scenario exit 2.
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { stringify } from 'yaml';
import { isLoopbackHost } from '../scenario/facts';
import { loadScenarioFile } from '../scenario/load';
import type { Scenario } from '../scenario/types';
import { UsageError, type ParsedArgs } from './args';
import { runManifests, type RunPlan } from './k8s/manifests';
import { runNames, INSTANCE_LABEL, COMPONENT_LABEL } from './k8s/names';
import { K8sRefusal } from './k8s/refusal';
import { shippedFiles } from './k8s/shipped-files';
import { formatDiagnostic } from './validate-command';

/** The image `docker build -t stampede:latest .` makes from the repository's Dockerfile. */
export const DEFAULT_IMAGE = 'stampede:latest';
export const DEFAULT_LEAD_MS = 30_000;

export function k8sCommand(args: ParsedArgs): number {
  if (args.files.length !== 1) throw new UsageError('k8s takes exactly one scenario file');
  const options = args.k8s ?? {};
  if (options.parallelism === undefined) throw new UsageError('k8s needs --parallelism N: the number of segments, one pod each');
  const file = resolve(args.files[0]);
  if (!existsSync(file)) throw new UsageError(`no such file: ${args.files[0]}`);

  const loadOptions = { vars: args.vars, target: args.target, limits: args.limits };
  const { scenario, diagnostics } = loadScenarioFile(file, loadOptions);
  if (!scenario) {
    for (const d of diagnostics.filter((d) => d.severity === 'error')) process.stderr.write(`${formatDiagnostic(args.files[0], d)}\n`);
    return 2;
  }
  const runOptions = [...Object.entries(args.vars).flatMap(([name, value]) => ['--var', `${name}=${value}`]), ...(args.target ? ['--target', args.target] : [])];
  let plan: RunPlan;
  let text: string;
  try {
    plan = {
      names: runNames(scenario.name),
      namespace: options.namespace,
      image: options.image ?? DEFAULT_IMAGE,
      segments: options.parallelism,
      scenario: basename(file),
      files: shippedFiles(file, scenario, loadOptions),
      leadMs: options.leadMs ?? DEFAULT_LEAD_MS,
      runOptions,
      plannedMs: scenario.phases.reduce((sum, phase) => sum + phase.durationMs, 0),
      storageClass: options.storageClass,
      secret: options.secret,
    };
    text = runManifests(plan)
      .map((manifest) => stringify(manifest, { lineWidth: 0 }))
      .join('---\n');
  } catch (error) {
    if (!(error instanceof K8sRefusal)) throw error;
    process.stderr.write(`stampede k8s: ${error.message}\n`);
    return 2;
  }
  process.stdout.write(`${header(plan, scenario, args.files[0])}---\n${text}`);
  for (const warning of warnings(scenario, plan)) process.stderr.write(`warning: ${warning}\n`);
  return 0;
}

/** What to do with the output, as comments at its top. */
function header(plan: RunPlan, scenario: Scenario, shown: string): string {
  const { names } = plan;
  const ns = plan.namespace ? ` -n ${plan.namespace}` : '';
  const select = `-l ${INSTANCE_LABEL}=${names.runId}`;
  const lines = [
    `Stampede: "${scenario.name}" (${shown}) as a distributed run of ${plan.segments} segment${plan.segments === 1 ? '' : 's'}, run id ${names.runId}.`,
    `Image: ${plan.image}. docs/DISTRIBUTED.md walks through each step:`,
    `  kubectl create${ns} -f <this file>`,
    `  kubectl get pods${ns} ${select} -w`,
    `  kubectl logs${ns} -f job/${names.merge}          # the merged summary`,
    `  pod=$(kubectl get pods${ns} ${select},${COMPONENT_LABEL}=merge -o jsonpath='{.items[0].metadata.name}')`,
    `  kubectl cp${ns} "$pod:/results/report" ./report   # report.json, report.html, timeseries.csv`,
    `  kubectl exec${ns} "$pod" -- touch /results/fetched`,
    `  kubectl delete${ns} job,configmap,pvc ${select}`,
  ];
  // A name or path with a line break must not end the comment and become YAML.
  return lines.map((line) => `# ${line.replace(/[\u0000-\u001f\u007f]+/g, ' ')}\n`).join('');
}

function warnings(scenario: Scenario, plan: RunPlan): string[] {
  const found: string[] = [];
  const target = scenario.target && !scenario.target.includes('{{') ? hostOf(scenario.target) : undefined;
  if (target !== undefined && isLoopbackHost(target)) {
    found.push(`the target ${scenario.target} is this machine; in a pod it is the pod itself: give --target the address the pods reach`);
  }
  const env = envNames(plan);
  if (env.length > 0 && !plan.secret) {
    found.push(`the scenario reads ${env.map((name) => `env.${name}`).join(', ')}: give the pods a Secret holding ${env.length === 1 ? 'it' : 'them'} with --secret NAME`);
  }
  return found;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** The environment variables the scenario's text names (`{{ env.NAME }}`). */
function envNames(plan: RunPlan): string[] {
  const text = plan.files[0].bytes.toString('utf8');
  return [...new Set([...text.matchAll(/\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]))];
}
