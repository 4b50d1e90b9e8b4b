import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readConfig } from '../../src/server/config.ts';
import { parseDockerfile, stageEnv } from './dockerfile.ts';
import { bytesOf, memoryFor, parseManifests, podLabelsOf, podSpecOf, readManifests, validateStrictly, volumeAt, type KubeObject } from './kubernetes.ts';
import { expectLockedDown, expectReadsNodeLogs, LOGS } from './pod-checks.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dir = path.join(root, 'deploy/kubernetes');
const files = fs
  .readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.yaml') && path.basename(name) !== 'kustomization.yaml')
  .sort();
const objects = new Map<string, KubeObject>(files.flatMap((name) => readManifests(path.join(dir, name)).map((object) => [`${object.kind}/${name}`, object] as const)));
const get = (key: string) => {
  const object = objects.get(key);
  if (!object) throw new Error(`${key} is not among ${[...objects.keys()].join(', ')}`);
  return object;
};
const deployment = get('Deployment/deployment.yaml');
const daemonSet = get('DaemonSet/daemonset.yaml');
const configMap = get('ConfigMap/configmap.yaml');
const service = get('Service/service.yaml');
const serviceAccount = get('ServiceAccount/serviceaccount.yaml');
const runtime = parseDockerfile(path.join(root, 'Dockerfile')).stages.at(-1)!;

/** The server's settings as the pod would get them: container args, the ConfigMap, the image's ENV. */
function podConfig(args: string[], configData: Record<string, string>) {
  return readConfig(args, { ...stageEnv(runtime), ...configData });
}

/** A ConfigMap's data with its commented-out example settings switched on. */
function withExamples(file: string): Record<string, string> {
  const text = fs.readFileSync(path.join(dir, file), 'utf8').replace(/^ {2}# (FLOWLENS_[A-Z_]+: )/gm, '  $1');
  return parseManifests(text, file)[0]!.data as Record<string, string>;
}

describe('plain Kubernetes manifests (deploy/kubernetes)', () => {
  it('pass the Kubernetes API schemas strictly: right types, no unknown fields', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const object of objects.values()) expect(validateStrictly(object)).toEqual([]);
  });

  it('are checked by a validator that does catch typos and wrong types', () => {
    const [typo] = parseManifests(fs.readFileSync(path.join(dir, 'deployment.yaml'), 'utf8').replace('readOnlyRootFilesystem', 'readOnlyRootFS'), 'typo');
    expect(validateStrictly(typo!)).toEqual([expect.stringContaining('unknown field spec.template.spec.containers[0].securityContext.readOnlyRootFS')]);
    const [wrongType] = parseManifests(fs.readFileSync(path.join(dir, 'service.yaml'), 'utf8').replace('port: 80', 'port: eighty'), 'type');
    expect(validateStrictly(wrongType!).join()).toMatch(/ports\/0\/port must be integer/);
  });

  it('kustomization.yaml applies the shared objects and one workload, each file that exists', () => {
    const kustomization = parse(fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as { resources: string[]; images: { name: string }[] };
    for (const resource of kustomization.resources) expect(fs.existsSync(path.join(dir, resource)), resource).toBe(true);
    expect(kustomization.resources.sort()).toEqual(['configmap.yaml', 'deployment.yaml', 'service.yaml', 'serviceaccount.yaml']);
    expect(kustomization.images.map((image) => image.name)).toEqual([podSpecOf(deployment).containers[0]!.image.split(':')[0]]);
  });

  for (const [name, workload] of [['Deployment', () => deployment], ['DaemonSet', () => daemonSet]] as const) {
    describe(`flows in memory: ${name}`, () => {
      it('runs locked down: non-root (the image user), read-only root, no escalation, no capabilities, seccomp, no API token', () => {
        const pod = podSpecOf(workload());
        expectLockedDown(pod);
        expect(pod.serviceAccountName).toBe(serviceAccount.metadata.name);
        expect(serviceAccount.automountServiceAccountToken).toBe(false);
      });

      it('reads the node logs read-only and writes only to an emptyDir at /tmp', () => {
        expectReadsNodeLogs(podSpecOf(workload()));
      });

      it('starts the server with settings it accepts: the mounted logs, 0.0.0.0:8080, a bounded index', () => {
        const container = podSpecOf(workload()).containers[0]!;
        expect(container.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }]);
        const config = podConfig(container.args ?? [], configMap.data as Record<string, string>);
        expect(config.logs).toEqual([LOGS]);
        expect(config.demo).toBe(false);
        expect(config.host).toBe('0.0.0.0');
        expect(container.ports).toEqual([{ name: 'http', containerPort: config.port, protocol: 'TCP' }]);
        expect(config.maxFlows).toBe(1_000_000);
      });

      it('has probes on /readyz and /healthz and memory sized for --max-flows', () => {
        const container = podSpecOf(workload()).containers[0]!;
        expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
        expect(container.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
        const { maxFlows } = podConfig(container.args ?? [], {});
        const limit = bytesOf(container.resources!.limits!.memory!);
        const request = bytesOf(container.resources!.requests!.memory!);
        expect(request).toBeGreaterThanOrEqual(memoryFor(maxFlows));
        expect(limit).toBeGreaterThanOrEqual(request);
        expect(limit).toBeLessThanOrEqual(2 * memoryFor(maxFlows));
        expect(container.resources!.requests!.cpu).toBeDefined();
      });
    });
  }

  it('runs the same pod per node in the DaemonSet as in the Deployment, plus node placement', () => {
    const { nodeSelector, tolerations, ...perNode } = podSpecOf(daemonSet);
    const { nodeSelector: pinned, ...single } = podSpecOf(deployment);
    expect(perNode).toEqual(single);
    expect(pinned).toBeUndefined();
    expect(nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(tolerations).toEqual([{ operator: 'Exists', effect: 'NoSchedule' }]);
  });

  it('exposes port 80 on a Service that reaches the flowlens pods by label and named port', () => {
    const spec = service.spec as { selector: Record<string, string>; ports: { port: number; targetPort: string }[] };
    expect(spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    for (const workload of [deployment, daemonSet]) {
      const selector = (workload.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
      expect(podLabelsOf(workload)).toMatchObject(selector);
      expect(podLabelsOf(workload)).toMatchObject(spec.selector);
    }
  });

  it('wires Prometheus through the ConfigMap and a bearer token file from an optional Secret', () => {
    // The commented example lines, switched on, are settings the server accepts.
    const data = withExamples('configmap.yaml');
    const config = podConfig(podSpecOf(deployment).containers[0]!.args ?? [], data);
    expect(config.prometheusUrl).toMatch(/^http/);
    expect(config.allowedHosts).toEqual(['flowlens.example.com']);
    const tokenFile = data.FLOWLENS_PROMETHEUS_BEARER_TOKEN_FILE!;
    expect(config.prometheusClient.bearerTokenFile).toBe(tokenFile);
    const example = readManifests(path.join(dir, 'prometheus-token.secret.example.yaml'))[0]!;
    for (const workload of [deployment, daemonSet]) {
      const secret = volumeAt(podSpecOf(workload), path.dirname(tokenFile))!.secret!;
      expect(secret).toMatchObject({ secretName: example.metadata.name, optional: true });
    }
    expect(Object.keys(example.stringData as object)).toEqual([path.basename(tokenFile)]);
  });
});
