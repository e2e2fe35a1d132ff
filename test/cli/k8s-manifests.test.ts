// `stampede k8s` through the real CLI: its output validated offline against Kubernetes' own
// schemas (kubernetes-models) and the rules the API server adds to them (names, label values,
// ConfigMap keys), the Indexed Job as the contract words it, and the scenario's files carried
// byte for byte through the ConfigMap to where the pods see them.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { runCli, writeScenario } from '../helpers/cli';
import { containerScript, readManifests, writeMountedFiles, type PrintedRun } from '../helpers/k8s-pods';
import { ROOT } from '../helpers/paths';

const SCENARIO = `version: 1
name: Shop checkout (nightly)
target: "{{ env.SHOP_URL }}"
defaults:
  tls: { ca: certs/ca.pem }
data:
  users: { file: data/users.csv }
phases:
  - { duration: 2m, rate: 50 }
flows:
  - name: buy
    steps:
      - request: POST /avatar
        multipart: { picture: { file: { path: files/logo.bin } } }
      - request: GET /me
        tls: { cert: certs/client-cert.pem, key: certs/client-key.pem }
        headers: { x-user: "{{ data.users.name }}" }
`;

/** A scenario with a data set, a multipart file (not UTF-8) and TLS files in sub-folders. */
function shop(): { dir: string; file: string } {
  const made = writeScenario('shop.scenario.yaml', SCENARIO);
  for (const sub of ['certs', 'data', 'files']) mkdirSync(join(made.dir, sub));
  for (const pem of ['ca.pem', 'client-cert.pem', 'client-key.pem']) copyFileSync(join(ROOT, 'test/fixtures/tls', pem), join(made.dir, 'certs', pem));
  writeFileSync(join(made.dir, 'data/users.csv'), 'name\nada\ngrace\n');
  writeFileSync(join(made.dir, 'files/logo.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0x01]));
  return made;
}

async function printed(args: string[]): Promise<PrintedRun> {
  const result = await runCli(['k8s', ...args]);
  assert.equal(result.code, 0, result.stderr);
  return readManifests(result.stdout);
}

// What the API server checks beyond the OpenAPI schema (k8s.io/apimachinery validation).
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

test('the manifests validate against the Kubernetes schemas, with valid names, labels and keys', async () => {
  const { file } = shop();
  const run = await printed([file, '--parallelism', '3', '--namespace', 'load-tests', '--target', 'https://shop.example.test', '--secret', 'shop-credentials']);
  assert.deepEqual(run.objects.map((o) => o.kind), ['ConfigMap', 'PersistentVolumeClaim', 'Job', 'Job'], 'created in the order they are needed');
  // kubernetes-models' validate() throws with every schema violation it finds.
  new ConfigMap(run.configMap).validate();
  new PersistentVolumeClaim(run.volumeClaim).validate();
  new Job(run.segments).validate();
  new Job(run.merge).validate();

  const runIds = new Set<string>();
  for (const object of [run.configMap, run.volumeClaim, run.segments, run.merge]) {
    const { name = '', namespace, labels = {} } = object.metadata ?? {};
    assert.match(name, object.kind === 'Job' ? DNS_LABEL : DNS_SUBDOMAIN, `${object.kind} name ${name}`);
    // An Indexed Job's pods are named and hostnamed <job>-<index>-<suffix>: within 63 characters.
    if (object.kind === 'Job') assert.ok(`${name}-9999-abcde`.length <= 63, name);
    assert.equal(namespace, 'load-tests', `${object.kind} in the namespace asked for`);
    assert.equal(labels['app.kubernetes.io/name'], 'stampede');
    for (const value of Object.values(labels)) assert.ok(LABEL_VALUE.test(value) && value.length <= 63, `label value ${value}`);
    runIds.add(labels['app.kubernetes.io/instance']);
  }
  assert.equal(runIds.size, 1, 'one run id labels every object');
  for (const job of [run.segments, run.merge]) {
    const labels = job.spec?.template.metadata?.labels ?? {};
    assert.equal(labels['app.kubernetes.io/instance'], [...runIds][0], 'the pods carry the run id');
  }
  for (const key of [...Object.keys(run.configMap.data ?? {}), ...Object.keys(run.configMap.binaryData ?? {})]) {
    assert.ok(CONFIG_MAP_KEY.test(key) && key.length <= 253 && !key.startsWith('..'), `ConfigMap key ${key}`);
  }
});

test('an Indexed Job of N pods, never retried, each running its segment of the scenario from the ConfigMap', async () => {
  const { file } = shop();
  const run = await printed([file, '--parallelism', '4', '--target', 'https://shop.example.test', '--secret', 'shop-credentials']);
  const spec = run.segments.spec;
  assert.equal(spec?.completionMode, 'Indexed');
  assert.equal(spec?.completions, 4);
  assert.equal(spec?.parallelism, 4);
  assert.equal(spec?.backoffLimit, 0);
  const pod = spec?.template.spec;
  assert.equal(pod?.restartPolicy, 'Never');
  const [container] = pod?.containers ?? [];
  assert.equal(container.image, 'stampede:latest', 'the default image is the one the Dockerfile builds');
  assert.ok(container.resources?.requests?.cpu && container.resources.requests.memory, 'resource requests');
  assert.deepEqual(container.envFrom, [{ secretRef: { name: 'shop-credentials' } }], '--secret gives the pods the scenario\'s environment');
  assert.deepEqual(
    container.volumeMounts?.map((m) => [m.mountPath, m.readOnly ?? false]),
    [['/scenario', true], ['/results', false]],
  );
  const claim = pod?.volumes?.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName;
  assert.equal(claim, run.volumeClaim.metadata?.name, 'the results volume is the claim printed beside it');
  assert.deepEqual(run.volumeClaim.spec?.accessModes, ['ReadWriteMany'], 'every node writes its part, the merge reads them all');
  assert.equal(run.volumeClaim.spec?.resources?.requests?.storage, '1Gi');

  const script = containerScript(run.segments);
  assert.match(script, /stampede run \/scenario\/shop\.scenario\.yaml --segment "\$segment\/4" --start-at "\$start_at" --partial \/results\/part-\$JOB_COMPLETION_INDEX\.json/);
  assert.match(script, /segment=\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)/, 'segments are 1-based, the completion index 0-based');
  assert.match(script, /--target https:\/\/shop\.example\.test/, '--target is passed on to every segment');

  const merge = run.merge.spec;
  assert.equal(merge?.completionMode, undefined);
  assert.equal(merge?.backoffLimit, 0);
  assert.equal(merge?.template.spec?.restartPolicy, 'Never');
  assert.equal(merge?.template.spec?.volumes?.[0].persistentVolumeClaim?.claimName, claim);
  assert.match(containerScript(run.merge), /stampede merge \/results\/part-\*\.json --out \/results\/report/);

  const other = await printed([file, '--parallelism', '1', '--image', 'registry.example.test/team/stampede:0.1.0', '--target', 'https://shop.example.test']);
  for (const job of [other.segments, other.merge]) assert.equal(job.spec?.template.spec?.containers[0].image, 'registry.example.test/team/stampede:0.1.0');
  assert.equal(other.configMap.metadata?.namespace, undefined, 'no --namespace: kubectl\'s current one');
  assert.notEqual(other.configMap.metadata?.labels?.['app.kubernetes.io/instance'], run.configMap.metadata?.labels?.['app.kubernetes.io/instance'], 'each printing is a run of its own');
});

test('the ConfigMap carries the scenario and every file it reads, byte for byte, at their paths', async () => {
  const { dir, file } = shop();
  const run = await printed([file, '--parallelism', '2', '--target', 'https://shop.example.test', '--secret', 's']);
  const mounted = writeMountedFiles(run);
  for (const path of ['shop.scenario.yaml', 'data/users.csv', 'files/logo.bin', 'certs/ca.pem', 'certs/client-cert.pem', 'certs/client-key.pem']) {
    assert.deepEqual(readFileSync(join(mounted, path)), readFileSync(join(dir, path)), path);
  }
  assert.equal(Object.keys(run.configMap.binaryData ?? {}).length, 1, 'the file that is not UTF-8 goes in binaryData');
});

test('the printed header says what to run, and a scenario that needs env or points at this machine is warned about', async () => {
  const { file } = shop();
  const result = await runCli(['k8s', file, '--parallelism', '2']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^# Stampede: "Shop checkout \(nightly\)" .* 2 segments, run id shop-checkout-nightl-[a-z0-9]{5}\./);
  assert.match(result.stdout, /kubectl create -f/);
  assert.match(result.stderr, /env\.SHOP_URL: give the pods a Secret holding it with --secret NAME/);
  const local = writeScenario('local.scenario.yaml', 'version: 1\nname: local\ntarget: http://127.0.0.1:8080\nphases: [{ duration: 1s, rate: 1 }]\nflows: [{ name: f, steps: [{ request: GET / }] }]\n');
  const warned = await runCli(['k8s', local.file, '--parallelism', '2']);
  assert.equal(warned.code, 0, warned.stderr);
  assert.match(warned.stderr, /the target http:\/\/127\.0\.0\.1:8080 is this machine; in a pod it is the pod itself/);
  // A name with a line break stays inside its comment.
  const odd = writeScenario('odd.scenario.yaml', 'version: 1\nname: "Ünïcode\\nkind: Pod"\ntarget: http://10.0.0.7\nphases: [{ duration: 1s, rate: 1 }]\nflows: [{ name: f, steps: [{ request: GET / }] }]\n');
  const oddRun = await runCli(['k8s', odd.file, '--parallelism', '2']);
  assert.equal(oddRun.code, 0, oddRun.stderr);
  assert.deepEqual(readManifests(oddRun.stdout).objects.map((o) => o.kind), ['ConfigMap', 'PersistentVolumeClaim', 'Job', 'Job']);
  assert.match(oddRun.stdout, /run id unicode-kind-pod-[a-z0-9]{5}\./);
});
