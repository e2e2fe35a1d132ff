// Plays what Kubernetes would do with `stampede k8s`'s output, on this machine: reads the printed
// manifests, writes the ConfigMap's files where the kubelet would mount them, and runs a Job's
// container command with sh, its paths (/scenario, /results) moved to temp folders and
// `stampede` on the PATH. Nothing here knows how the scripts work: they run as printed.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IKeyToPath } from 'kubernetes-models/v1/KeyToPath';

export interface PrintedRun {
  /** Every object, in the printed order. */
  objects: Record<string, unknown>[];
  configMap: IConfigMap;
  volumeClaim: IPersistentVolumeClaim;
  segments: IJob;
  merge: IJob;
}

export function readManifests(stdout: string): PrintedRun {
  const objects = parseAllDocuments(stdout)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`not YAML: ${doc.errors.join('; ')}`);
      return doc.toJS() as Record<string, unknown> | null;
    })
    // The leading document is comments only (what to do with the output).
    .filter((object): object is Record<string, unknown> => object !== null);
  const jobs = objects.filter((o) => o.kind === 'Job') as unknown as IJob[];
  const one = <T>(kind: string): T => {
    const found = objects.filter((o) => o.kind === kind);
    if (found.length !== 1) throw new Error(`${found.length} ${kind} objects printed`);
    return found[0] as T;
  };
  const segments = jobs.find((job) => job.spec?.completionMode === 'Indexed');
  const merge = jobs.find((job) => job !== segments);
  if (!segments || !merge || jobs.length !== 2) throw new Error(`expected an Indexed Job and a merge Job, got ${jobs.length} Jobs`);
  return { objects, configMap: one('ConfigMap'), volumeClaim: one('PersistentVolumeClaim'), segments, merge };
}

/** The ConfigMap's `items` as the segments' volume lists them. */
export function mountedItems(run: PrintedRun): IKeyToPath[] {
  const volume = run.segments.spec?.template.spec?.volumes?.find((v) => v.configMap?.name === run.configMap.metadata?.name);
  if (!volume?.configMap?.items) throw new Error('the segments mount no ConfigMap with items');
  return volume.configMap.items;
}

/** Writes the ConfigMap's files into a new folder, each at its item's path; returns the folder. */
export function writeMountedFiles(run: PrintedRun): string {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-k8s-scenario-'));
  for (const item of mountedItems(run)) {
    const text = run.configMap.data?.[item.key];
    const binary = run.configMap.binaryData?.[item.key];
    const bytes = text !== undefined ? Buffer.from(text, 'utf8') : binary !== undefined ? Buffer.from(binary, 'base64') : undefined;
    if (bytes === undefined) throw new Error(`item ${item.key} is in neither data nor binaryData`);
    mkdirSync(dirname(join(dir, item.path)), { recursive: true });
    writeFileSync(join(dir, item.path), bytes);
  }
  return dir;
}

/** The script of a Job's only container (`sh -c SCRIPT`). */
export function containerScript(job: IJob): string {
  const containers = job.spec?.template.spec?.containers ?? [];
  if (containers.length !== 1) throw new Error(`${containers.length} containers`);
  const [sh, flag, script, ...rest] = containers[0].command ?? [];
  if (sh !== 'sh' || flag !== '-c' || script === undefined || rest.length > 0) throw new Error(`not sh -c SCRIPT: ${JSON.stringify(containers[0].command)}`);
  return script;
}

export interface PodPaths {
  scenario: string;
  results: string;
}

/** The script with the pod's mounts moved to this machine's folders. */
export function onThisMachine(script: string, paths: PodPaths): string {
  return script.split('/scenario/').join(`${paths.scenario}/`).split('/results').join(paths.results);
}

/** A folder holding an executable `stampede` that runs `body` (sh), to put first on the PATH. */
export function stampedeOnPath(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-k8s-bin-'));
  writeFileSync(join(dir, 'stampede'), `#!/bin/sh\n${body}\n`);
  chmodSync(join(dir, 'stampede'), 0o755);
  return dir;
}

export interface PodResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a pod's script with sh, in a process group of its own: after `timeoutMs` the whole group
 * (sh and what it started) is killed, so that a hung script fails its test and leaves nothing.
 */
export function runPod(script: string, options: { bin: string; env?: Record<string, string>; timeoutMs?: number }): Promise<PodResult> {
  const child = spawn('sh', ['-c', script], {
    env: { ...process.env, ...options.env, PATH: `${options.bin}:${process.env.PATH ?? ''}` },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const limit = setTimeout(() => {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }, options.timeoutMs ?? 60_000);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(limit);
      resolve({ code, stdout, stderr });
    });
  });
}
