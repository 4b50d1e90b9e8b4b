import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readClickHouseOptions } from '../../src/server/clickhouse/config.ts';
import { readConfig } from '../../src/server/config.ts';
import { parseDockerfile, stageEnv } from './dockerfile.ts';
import { bytesOf, podLabelsOf, podSpecOf, readManifests, validateStrictly, volumeAt, type KubeObject, type PodSpec } from './kubernetes.ts';

type Container = PodSpec['containers'][number];
import { expectLockedDown, expectReadsNodeLogs, LOGS } from './pod-checks.ts';

/** The plain manifests of the ClickHouse store (deploy/kubernetes/clickhouse): a shipper per node, one server. */
const root = path.resolve(import.meta.dirname, '../..');
const dir = path.join(root, 'deploy/kubernetes/clickhouse');
const one = (file: string) => readManifests(path.join(dir, file))[0]!;
const shipper = one('shipper.yaml');
const server = one('server.yaml');
const configMap = one('configmap.yaml');
const secret = one('clickhouse.secret.example.yaml');
const runtime = parseDockerfile(path.join(root, 'Dockerfile')).stages.at(-1)!;
const data = configMap.data as Record<string, string>;

/** A container's environment as the pod gets it: the image's ENV, the ConfigMap, its own env (Secret values as placeholders). */
function environment(container: Container): NodeJS.ProcessEnv {
  const own = Object.fromEntries((container.env ?? []).map((item) => [item.name, item.value ?? `<${item.name}>`]));
  return { ...stageEnv(runtime), ...data, ...own };
}

/** The password file the ConfigMap names is the Secret's key, mounted read-only in the pod. */
function expectPasswordMounted(workload: KubeObject): void {
  const pod = podSpecOf(workload);
  const file = data.FLOWLENS_CLICKHOUSE_PASSWORD_FILE!;
  const mount = pod.containers[0]!.volumeMounts?.find((each) => each.mountPath === path.dirname(file));
  expect(mount?.readOnly).toBe(true);
  expect(volumeAt(pod, path.dirname(file))!.secret).toMatchObject({ secretName: secret.metadata.name, items: [{ key: path.basename(file), path: path.basename(file) }] });
  expect(pod.containers[0]!.env?.find((item) => item.name === 'FLOWLENS_CLICKHOUSE_USER')?.valueFrom).toEqual({ secretKeyRef: { name: secret.metadata.name, key: 'user' } });
  expect(Object.keys(secret.stringData as object).sort()).toEqual(['password', 'user']);
}

describe('plain manifests of the ClickHouse store (deploy/kubernetes/clickhouse)', () => {
  it('apply every file of the folder but the example Secret, each passing the Kubernetes API schemas strictly', () => {
    const kustomization = parse(fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    const files = fs.readdirSync(dir).filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml' && !name.includes('.example.'));
    expect(kustomization.resources.sort()).toEqual(files.sort());
    for (const file of [...files, 'clickhouse.secret.example.yaml']) for (const object of readManifests(path.join(dir, file))) expect(validateStrictly(object), file).toEqual([]);
  });

  it('runs a shipper on every node: the node logs read-only, locked down, small, named after its node', () => {
    expect(shipper.kind).toBe('DaemonSet');
    const pod = podSpecOf(shipper);
    expectLockedDown(pod);
    expectReadsNodeLogs(pod);
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    const container = pod.containers[0]!;
    expect(bytesOf(container.resources!.requests!.memory!)).toBeLessThanOrEqual(256 * 1024 * 1024);
    expect(container.resources!.requests!.cpu).toMatch(/^\d+m$/);
    expect(container.env?.find((item) => item.name === 'NODE_NAME')?.valueFrom).toEqual({ fieldRef: { fieldPath: 'spec.nodeName' } });
    // The shipper's command is the ingest CLI of the image, given the mounted logs.
    expect(container.command).toEqual(['node', '--import', 'tsx', 'src/server/clickhouse/shipper/cli.ts']);
    expect(fs.existsSync(path.join(root, container.command![3]!))).toBe(true);
    expect(container.args).toEqual(['--logs', LOGS]);
    // Its probes reach the port its health settings name, on the pod's address (where the kubelet asks).
    const env = environment(container);
    expect(env.FLOWLENS_HEALTH_HOST).toBe('0.0.0.0');
    expect(String(container.ports?.find((port) => port.name === 'health')?.containerPort)).toBe(env.FLOWLENS_HEALTH_PORT);
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'health' });
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'health' });
    expectPasswordMounted(shipper);
    expect(readClickHouseOptions({}, environment(container))).toEqual({
      url: 'http://clickhouse.monitoring.svc:8123',
      database: 'flowlens',
      user: '<FLOWLENS_CLICKHOUSE_USER>',
      passwordFile: data.FLOWLENS_CLICKHOUSE_PASSWORD_FILE,
      cluster: null,
    });
  });

  it('runs one server that answers from ClickHouse: no node logs, settings it accepts, reached by the Service', () => {
    expect(server.kind).toBe('Deployment');
    const pod = podSpecOf(server);
    expectLockedDown(pod);
    expect(pod.volumes?.some((volume) => volume.hostPath)).toBe(false);
    const container = pod.containers[0]!;
    const config = readConfig(container.args ?? [], environment(container));
    expect(config.logs).toEqual([]);
    expect(config.demo).toBe(false);
    expect(config.clickhouse).toMatchObject({ url: 'http://clickhouse.monitoring.svc:8123', database: 'flowlens' });
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expectPasswordMounted(server);
    const selector = (one('service.yaml').spec as { selector: Record<string, string> }).selector;
    expect(podLabelsOf(server)).toMatchObject(selector);
    expect(podLabelsOf(shipper)).not.toMatchObject(selector);
  });
});
