// The objects of a distributed run, in the order `kubectl create -f` makes them: the scenario's
// ConfigMap, the results volume, the Indexed Job of the segments, the merge Job. Typed with
// kubernetes-models' interfaces (types only: nothing of it is bundled), so a misspelt field
// does not compile; the tests validate the printed YAML against the same package's schemas.
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import { SCENARIO_MOUNT, scenarioConfigMap, type ShippedFile } from './config-map';
import { labels, COMPONENT_LABEL, INSTANCE_LABEL, type RunNames } from './names';
import { mergeScript, RESULTS_MOUNT, segmentScript } from './pod-scripts';

export interface RunPlan {
  names: RunNames;
  namespace?: string;
  image: string;
  segments: number;
  /** The scenario's path in the ConfigMap's layout (its file name). */
  scenario: string;
  /** The scenario and the files it reads. */
  files: ShippedFile[];
  leadMs: number;
  /** Options passed on to every segment's `stampede run`. */
  runOptions: string[];
  /** The phases' planned length, for how long the merge waits. */
  plannedMs: number;
  storageClass?: string;
  secret?: string;
}

export type Manifest = IConfigMap | IPersistentVolumeClaim | IJob;

/** The results volume: parts, per-segment reports and the merged report are small (a few MB). */
export const RESULTS_SIZE = '1Gi';
/** The merged report stays reachable this long after the merge (kubectl cp). */
export const KEEP_S = 600;
/** The merge waits this long beyond the lead and the phases: setup, teardown, late pods. */
const MERGE_SLACK_S = 900;
/** Uid and gid of the image's `node` user (Dockerfile: USER node). */
const NODE_USER = 1000;

export function runManifests(plan: RunPlan): Manifest[] {
  const { names } = plan;
  const meta = (name: string, component: Parameters<typeof labels>[1]) => ({ name, ...(plan.namespace ? { namespace: plan.namespace } : {}), labels: labels(names, component) });
  const { configMap, items } = scenarioConfigMap(plan.files, meta(names.configMap, 'scenario'));

  const volumeClaim: IPersistentVolumeClaim = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta(names.volumeClaim, 'results'),
    spec: {
      // Every segment's pod writes its part here and the merge reads them all, from any node.
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: RESULTS_SIZE } },
      ...(plan.storageClass ? { storageClassName: plan.storageClass } : {}),
    },
  };

  const resultsVolume = { name: 'results', persistentVolumeClaim: { claimName: names.volumeClaim } };
  const segment: IContainer = {
    ...container(plan, 'segment', segmentScript({ segments: plan.segments, scenario: plan.scenario, leadMs: plan.leadMs, runOptions: plan.runOptions })),
    ...(plan.secret ? { envFrom: [{ secretRef: { name: plan.secret } }] } : {}),
    // A load generator is held back by a CPU limit (throttling shows up as latency): requests
    // only, and a memory limit so that a runaway pod does not take its node down.
    resources: { requests: { cpu: '1', memory: '512Mi' }, limits: { memory: '1Gi' } },
    volumeMounts: [
      { name: 'scenario', mountPath: SCENARIO_MOUNT, readOnly: true },
      { name: 'results', mountPath: RESULTS_MOUNT },
    ],
  };
  const segments: IJob = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta(names.segments, 'segment'),
    spec: {
      completionMode: 'Indexed',
      completions: plan.segments,
      parallelism: plan.segments,
      // A segment run twice would count its users twice: never retried.
      backoffLimit: 0,
      template: {
        metadata: { labels: labels(names, 'segment') },
        spec: {
          ...podSpec([segment], [{ name: 'scenario', configMap: { name: names.configMap, items } }, resultsVolume]),
          // One segment per node where the cluster has the nodes: the load comes from many places.
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: { [INSTANCE_LABEL]: names.runId, [COMPONENT_LABEL]: 'segment' } },
            },
          ],
        },
      },
    },
  };

  const waitS = Math.ceil((plan.leadMs + plan.plannedMs) / 1000) + MERGE_SLACK_S;
  const merger: IContainer = {
    ...container(plan, 'merge', mergeScript({ segments: plan.segments, waitS, keepS: KEEP_S })),
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '1Gi' } },
    volumeMounts: [{ name: 'results', mountPath: RESULTS_MOUNT }],
  };
  const merge: IJob = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta(names.merge, 'merge'),
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: 0,
      template: { metadata: { labels: labels(names, 'merge') }, spec: podSpec([merger], [resultsVolume]) },
    },
  };
  return [configMap, volumeClaim, segments, merge];
}

function container(plan: RunPlan, name: string, script: string): IContainer {
  // IfNotPresent: an image loaded into the nodes (kind, minikube) is used as it is, even as :latest.
  return { name, image: plan.image, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script] };
}

function podSpec(containers: IContainer[], volumes: NonNullable<IPodSpec['volumes']>): IPodSpec {
  return {
    restartPolicy: 'Never',
    // The image's `node` user; fsGroup makes the results volume writable for it.
    securityContext: { runAsNonRoot: true, runAsUser: NODE_USER, runAsGroup: NODE_USER, fsGroup: NODE_USER },
    containers,
    volumes,
  };
}
