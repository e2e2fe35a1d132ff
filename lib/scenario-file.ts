// The engine runs a scenario file, as it does for the CLI: a model is written as the YAML
// `toYaml` gives into a folder of its own, removed after the run. Paths the model holds (data
// sets, TLS files, multipart files from disk) are relative to `baseDir`, as they would be to
// the folder of a scenario file there, so they are made absolute first.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { RawRequestStep, RawStep, RawTls } from '../scenario/raw-types';
import { toYaml } from './convert';
import type { ScenarioModel } from './model';

export interface ScenarioFile {
  path: string;
  /** The temporary folder holding it, which `remove` deletes (the engine does, if the caller dies). */
  dir: string;
  remove(): void;
}

export function writeScenarioFile(model: ScenarioModel, baseDir: string): ScenarioFile {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-library-'));
  const slug = model.name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'scenario';
  const path = join(dir, `${slug}.scenario.yaml`);
  writeFileSync(path, toYaml(withAbsolutePaths(model, resolve(baseDir))), 'utf8');
  return { path, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A copy of the model whose file paths are absolute (templates are left as they are). */
export function withAbsolutePaths(model: ScenarioModel, baseDir: string): ScenarioModel {
  const copy = structuredClone(model);
  const fix = (path: string): string => (isAbsolute(path) || path.includes('{{') ? path : resolve(baseDir, path));
  const fixTls = (tls: RawTls | undefined): void => {
    if (!tls) return;
    for (const key of ['ca', 'cert', 'key'] as const) {
      const value = tls[key];
      if (typeof value === 'string') tls[key] = fix(value);
    }
  };
  const fixSteps = (steps: RawStep[] | undefined): void => {
    for (const step of Array.isArray(steps) ? steps : []) {
      if ('request' in step) fixRequest(step);
      if ('steps' in step) fixSteps(step.steps);
      if ('else' in step) fixSteps(step.else);
    }
  };
  const fixRequest = (step: RawRequestStep): void => {
    fixTls(step.tls);
    for (const field of Object.values(step.multipart ?? {})) {
      if (typeof field === 'object' && field !== null && typeof field.file?.path === 'string') field.file.path = fix(field.file.path);
    }
  };
  for (const set of Object.values(copy.data ?? {})) {
    if (typeof set?.file === 'string') set.file = fix(set.file);
  }
  fixTls(copy.defaults?.tls);
  fixSteps(copy.setup);
  fixSteps(copy.teardown);
  for (const flow of Array.isArray(copy.flows) ? copy.flows : []) fixSteps(flow?.steps);
  return copy;
}
