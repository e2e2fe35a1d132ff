// `scenarios.NAME({ size })`: the gallery's ten scenario types (samples/gallery/, shipped with
// the package) as models, sized through their own variables (gallery-sizes.ts) and aimed at
// `options.target` or the Collection Store's default address.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromYaml } from './convert';
import { GALLERY_FILES, sizeVariables, type ScenarioSize, type ScenarioType } from './gallery-sizes';
import type { ScenarioModel, VariableValue } from './model';

export type { ScenarioSize, ScenarioType } from './gallery-sizes';

export interface ScenarioFactoryOptions {
  /** Default `medium`: the gallery file as written. */
  size?: ScenarioSize;
  /** Default the Collection Store's address, `http://127.0.0.1:4100`. */
  target?: string;
  /** Variables over the size's (`{ users: 30 }`). */
  variables?: Record<string, VariableValue>;
}

export type ScenarioFactory = (options?: ScenarioFactoryOptions) => ScenarioModel;

/** The ten types, in the contract's order. */
export const SCENARIO_TYPES = Object.keys(GALLERY_FILES) as ScenarioType[];

/** samples/gallery/ beside dist/ (the package), or the repository's seen from a test bundle. */
function galleryDir(): string {
  const candidates = [join(__dirname, '..', 'samples', 'gallery'), join(__dirname, '..', '..', 'samples', 'gallery')];
  const found = candidates.find((dir) => existsSync(join(dir, 'authentication.scenario.yaml')));
  if (!found) throw new Error(`the scenario gallery (samples/gallery/) is missing beside ${__dirname}`);
  return found;
}

function gallery(type: ScenarioType): ScenarioFactory {
  return (options = {}) => {
    const sized = sizeVariables(type, options.size ?? 'medium');
    const model = fromYaml(readFileSync(join(galleryDir(), `${GALLERY_FILES[type]}.scenario.yaml`), 'utf8'));
    model.variables = { ...model.variables, ...sized, ...options.variables };
    model.target = options.target ?? model.target;
    return model;
  };
}

export const scenarios: Record<ScenarioType, ScenarioFactory> = {
  authentication: gallery('authentication'),
  authenticationStress: gallery('authenticationStress'),
  databaseCrud: gallery('databaseCrud'),
  databaseStress: gallery('databaseStress'),
  realtime: gallery('realtime'),
  realtimeHighConcurrency: gallery('realtimeHighConcurrency'),
  fileStorage: gallery('fileStorage'),
  computedAttributes: gallery('computedAttributes'),
  storedFunctions: gallery('storedFunctions'),
  mixedWorkload: gallery('mixedWorkload'),
};
