import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readConfig } from '../../src/server/config.ts';
import { parseDockerfile, stageEnv } from './dockerfile.ts';
import { bytesOf, memoryFor, parseManifests, podSpecOf, readManifests, validateStrictly, type KubeObject } from './kubernetes.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dir = path.join(root, 'deploy/kubernetes');
const files = fs.readdirSync(dir).filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml');
const objects = new Map<string, KubeObject>(files.flatMap((name) => readManifests(path.join(dir, name)).map((object) => [`${object.kind}/${name}`, object] as const)));
const deployment = objects.get('Deployment/deployment.yaml')!;
const daemonSet = objects.get('DaemonSet/daemonset.yaml')!;
const configMap = objects.get('ConfigMap/configmap.yaml')!;
const service = objects.get('Service/service.yaml')!;
const runtime = parseDockerfile(path.join(root, 'Dockerfile')).stages.at(-1)!;
const imageUid = Number(runtime.instructions.find((each) => each.keyword === 'USER')!.args[0]!.split(':')[0]);

/** The server's settings as the pod would get them: container args, the ConfigMap, the image's ENV. */
function podConfig(args: string[], configData: Record<string, string>) {
  return readConfig(args, { ...stageEnv(runtime), ...configData });
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
    describe(name, () => {
      it('runs locked down: non-root (the image user), read-only root, no escalation, no capabilities, seccomp, no API token', () => {
        const pod = podSpecOf(workload());
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: imageUid, seccompProfile: { type: 'RuntimeDefault' } });
        expect(pod.automountServiceAccountToken).toBe(false);
        expect(pod.serviceAccountName).toBe(objects.get('ServiceAccount/serviceaccount.yaml')!.metadata.name);
        expect(objects.get('ServiceAccount/serviceaccount.yaml')!.automountServiceAccountToken).toBe(false);
        const container = pod.containers[0]!;
        expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, capabilities: { drop: ['ALL'] } });
      });

      it('reads the node logs read-only and writes only to an emptyDir at /tmp', () => {
        const pod = podSpecOf(workload());
        const mounts = pod.containers[0]!.volumeMounts ?? [];
        const volume = (mountPath: string) => pod.volumes?.find((each) => each.name === mounts.find((mount) => mount.mountPath === mountPath)?.name);
        expect(mounts.find((mount) => mount.mountPath === '/var/log/acns/hubble')?.readOnly).toBe(true);
        expect(volume('/var/log/acns/hubble')?.hostPath).toEqual({ path: '/var/log/acns/hubble', type: 'Directory' });
        expect(volume('/tmp')?.emptyDir).toBeDefined();
        for (const mount of mounts.filter((each) => each.mountPath !== '/tmp')) expect(mount.readOnly, mount.mountPath).toBe(true);
      });

      it('starts the server with settings it accepts: the mounted logs, 0.0.0.0:8080, a bounded index', () => {
        const container = podSpecOf(workload()).containers[0]!;
        expect(container.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }]);
        const config = podConfig(container.args ?? [], configMap.data as Record<string, string>);
        expect(config.logs).toEqual(['/var/log/acns/hubble']);
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

  it('exposes port 80 on a Service that reaches the pods by label and named port', () => {
    const spec = service.spec as { selector: Record<string, string>; ports: { port: number; targetPort: string }[] };
    expect(spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    for (const workload of [deployment, daemonSet]) {
      const template = (workload.spec as { template: { metadata: { labels: Record<string, string> } }; selector: { matchLabels: Record<string, string> } });
      expect(template.template.metadata.labels).toMatchObject(spec.selector);
      expect(template.template.metadata.labels).toMatchObject(template.selector.matchLabels);
    }
  });

  it('wires Prometheus through the ConfigMap and a bearer token file from an optional Secret', () => {
    // The commented example lines, switched on, are settings the server accepts.
    const text = fs.readFileSync(path.join(dir, 'configmap.yaml'), 'utf8').replace(/^ {2}# (FLOWLENS_[A-Z_]+: )/gm, '  $1');
    const data = parseManifests(text, 'configmap')[0]!.data as Record<string, string>;
    const config = podConfig(podSpecOf(deployment).containers[0]!.args ?? [], data);
    expect(config.prometheusUrl).toMatch(/^http/);
    expect(config.allowedHosts).toEqual(['flowlens.example.com']);
    const tokenFile = data.FLOWLENS_PROMETHEUS_BEARER_TOKEN_FILE!;
    expect(config.prometheusClient.bearerTokenFile).toBe(tokenFile);
    const pod = podSpecOf(deployment);
    const mount = pod.containers[0]!.volumeMounts!.find((each) => each.mountPath === path.dirname(tokenFile))!;
    const secret = pod.volumes!.find((each) => each.name === mount.name)!.secret!;
    const example = readManifests(path.join(dir, 'prometheus-token.secret.example.yaml'))[0]!;
    expect(secret).toMatchObject({ secretName: example.metadata.name, optional: true });
    expect(Object.keys(example.stringData as object)).toEqual([path.basename(tokenFile)]);
  });
});
