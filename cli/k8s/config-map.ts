// The ConfigMap that carries a scenario and the files it reads into the pods, mounted at
// /scenario with the same layout as on this machine, so the scenario's relative paths hold there.
// A key may not hold `/`, so each file gets a key of its own and the volume's `items` put it at
// its path. Text goes in `data`, anything that is not UTF-8 in `binaryData`.
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IKeyToPath } from 'kubernetes-models/v1/KeyToPath';
import { K8sRefusal } from './refusal';

export const SCENARIO_MOUNT = '/scenario';

/** What Kubernetes accepts in one ConfigMap: its `data` and `binaryData` values together. */
export const CONFIG_MAP_LIMIT = 1024 * 1024;

export interface ShippedFile {
  /** The path under the mount: relative to the scenario's folder, `/`-separated. */
  path: string;
  bytes: Buffer;
}

export interface ScenarioVolume {
  configMap: IConfigMap;
  /** The volume's `configMap.items`: each key to its path. */
  items: IKeyToPath[];
}

export function scenarioConfigMap(files: ShippedFile[], metadata: NonNullable<IConfigMap['metadata']>): ScenarioVolume {
  const size = files.reduce((sum, file) => sum + file.bytes.length, 0);
  if (size > CONFIG_MAP_LIMIT) {
    const list = [...files].sort((a, b) => b.bytes.length - a.bytes.length).map((file) => `${file.path} (${kib(file.bytes.length)})`);
    throw new K8sRefusal(
      `the scenario and its files come to ${kib(size)}, over the ${kib(CONFIG_MAP_LIMIT)} Kubernetes allows in one ConfigMap: ${list.join(', ')}. ` +
        'Make the data files smaller, or bake them into the image.',
    );
  }
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  const items: IKeyToPath[] = [];
  const used = new Set<string>();
  for (const file of files) {
    const key = uniqueKey(file.path, used);
    const text = utf8(file.bytes);
    if (text === undefined) binaryData[key] = file.bytes.toString('base64');
    else data[key] = text;
    items.push({ key, path: file.path });
  }
  const configMap: IConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
  if (Object.keys(binaryData).length > 0) configMap.binaryData = binaryData;
  return { configMap, items };
}

/** A ConfigMap key (`[-._a-zA-Z0-9]+`, at most 253) for a path, unique among `used`. */
function uniqueKey(path: string, used: Set<string>): string {
  const base = path.replace(/[^-._a-zA-Z0-9]/g, '_').slice(-240).replace(/^\.+/, '_');
  let key = base;
  for (let n = 2; used.has(key); n++) key = `${base}.${n}`;
  used.add(key);
  return key;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function utf8(bytes: Buffer): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}
