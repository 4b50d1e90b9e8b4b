import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { helmLint, helmTemplate, helmTemplateRun, helmVersion, kubeTools, kustomize } from './kube-tools.ts';
import { only, podLabelsOf, podSpecOf, readManifests, validateStrictly, volumeAt, type KubeObject, type PodSpec } from './kubernetes.ts';
import { expectLockedDown, LOGS } from './pod-checks.ts';

/**
 * The Helm chart and the plain manifests as the real helm 4 and kubectl render them (both from
 * .cache/tools, installed when missing by scripts/install-kube-tools.sh), every object checked
 * against the Kubernetes API schemas offline and strictly (unknown fields are errors).
 */
const root = path.resolve(import.meta.dirname, '../..');
const dir = path.join(root, 'deploy/kubernetes');
const plain = (file: string) => readManifests(path.join(dir, file))[0]!;
const deployment = plain('deployment.yaml');
const tools = kubeTools();
/** The ClickHouse store as the plain manifests in deploy/kubernetes/clickhouse set it. */
const CLICKHOUSE = { store: 'clickhouse', clickhouse: { url: 'http://clickhouse.monitoring.svc:8123', existingSecret: 'flowlens-clickhouse' } };

/** Pod spec and container without the Prometheus token, which the plain manifests always mount (optional). */
function withoutPrometheusToken(pod: PodSpec): PodSpec {
  const [container] = pod.containers;
  return {
    ...pod,
    containers: [{ ...container!, volumeMounts: container!.volumeMounts?.filter((mount) => mount.name !== 'prometheus-token') }],
    volumes: pod.volumes?.filter((volume) => volume.name !== 'prometheus-token'),
  };
}

function configData(objects: KubeObject[]): Record<string, string> {
  return only(objects, 'ConfigMap').data as Record<string, string>;
}

describe.skipIf(tools.missing !== undefined)(`Helm chart rendered by the real helm${tools.missing ? ` — skipped: ${tools.missing}` : ''}`, () => {
  it('is helm 4, and passes helm lint --strict with its defaults, in daemonset mode and with the ClickHouse store', () => {
    expect(helmVersion()).toMatch(/^v4\./);
    for (const settings of [{}, { mode: 'daemonset' }, CLICKHOUSE]) {
      const lint = helmLint(settings);
      expect(lint.stdout + lint.stderr, JSON.stringify(settings)).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
      expect(lint.status).toBe(0);
    }
  });

  it('refuses bad values before rendering anything, naming the value', () => {
    for (const [settings, message] of [
      [{ mode: 'statefulset' }, "at '/mode': value must be one of 'deployment', 'daemonset'"],
      [{ prometheus: { url: 'prometheus:9090' } }, "at '/prometheus/url': 'prometheus:9090' does not match pattern"],
      [{ prometheus: { existingSecet: 'x' } }, "at '/prometheus': additional properties 'existingSecet' not allowed"],
      [{ maxFlows: '1M' }, "at '/maxFlows': got string, want integer"],
      [{ store: 'clickhouse' }, "at '/clickhouse/url': minLength: got 0, want 1"],
      [{ store: 'clickhouse', clickhouse: { url: 'http://user:secret@ch:8123' } }, "at '/clickhouse/url'"],
    ] as const) {
      const rendered = helmTemplateRun(settings);
      expect(rendered.status, JSON.stringify(settings)).not.toBe(0);
      expect(rendered.stderr).toContain(message);
      expect(rendered.stdout).toBe('');
    }
  });

  const modes: [string, object][] = [
    ['flows in memory, one Deployment (the default)', {}],
    ['flows in memory, a DaemonSet', { mode: 'daemonset' }],
    ['flows in memory from a PVC, Prometheus with a token', { logs: { existingClaim: 'hubble-logs' }, prometheus: { url: 'http://prometheus.monitoring:9090', existingSecret: 'flowlens-prometheus' } }],
    ['flows in memory, logs readable by root only', { mode: 'daemonset', readLogsAsRoot: true }],
    ['flows in ClickHouse: a shipper per node, one server', CLICKHOUSE],
    ['flows in a sharded ClickHouse, no credentials, logs readable by root only', { store: 'clickhouse', clickhouse: { url: 'http://clickhouse:8123', cluster: 'flows' }, readLogsAsRoot: true }],
  ];
  for (const [mode, settings] of modes) {
    it(`${mode}: renders objects that pass the Kubernetes API schemas strictly, every pod locked down`, () => {
      const objects = helmTemplate(settings);
      expect(objects.length).toBeGreaterThanOrEqual(4);
      for (const object of objects) expect(validateStrictly(object)).toEqual([]);
      for (const workload of objects.filter((object) => object.kind === 'Deployment' || object.kind === 'DaemonSet')) {
        const pod = podSpecOf(workload);
        // Only a pod reading node logs runs as root for them.
        const readsLogs = volumeAt(pod, LOGS) !== undefined;
        expectLockedDown(pod, { asRoot: readsLogs && 'readLogsAsRoot' in settings && settings.readLogsAsRoot === true });
        expect(pod.serviceAccountName).toBe(only(objects, 'ServiceAccount').metadata.name);
      }
      expect(only(objects, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    });
  }

  it('renders by default the pod of the plain Deployment', () => {
    const objects = helmTemplate();
    expect(objects.map((object) => object.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Service', 'ServiceAccount']);
    const { nodeSelector, ...pod } = podSpecOf(only(objects, 'Deployment'));
    expect(nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod).toEqual(withoutPrometheusToken(podSpecOf(plain('deployment.yaml'))));
    expect(only(objects, 'Deployment').spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    expect(only(objects, 'Service').spec).toMatchObject({ ports: (plain('service.yaml').spec as { ports: object }).ports });
  });

  it('renders mode=daemonset as the plain DaemonSet: one flowlens per node on its own logs', () => {
    const objects = helmTemplate({ mode: 'daemonset', tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }] });
    expect(objects.map((object) => object.kind).sort()).toEqual(['ConfigMap', 'DaemonSet', 'Service', 'ServiceAccount']);
    expect(podSpecOf(only(objects, 'DaemonSet'))).toEqual(withoutPrometheusToken(podSpecOf(plain('daemonset.yaml'))));
  });

  it('reads logs from a PVC and sends Prometheus the token file from its Secret', () => {
    const objects = helmTemplate(modes[2]![1]);
    const pod = podSpecOf(only(objects, 'Deployment'));
    expect(volumeAt(pod, LOGS)!.persistentVolumeClaim).toEqual({ claimName: 'hubble-logs', readOnly: true });
    const tokenFile = configData(objects).FLOWLENS_PROMETHEUS_BEARER_TOKEN_FILE!;
    expect(volumeAt(pod, path.dirname(tokenFile))!.secret).toEqual({ secretName: 'flowlens-prometheus', defaultMode: 0o444, items: [{ key: 'token', path: path.basename(tokenFile) }] });
    expect(configData(objects).FLOWLENS_PROMETHEUS_URL).toBe('http://prometheus.monitoring:9090');
  });

  it('renders store=clickhouse as the plain ClickHouse manifests: a shipper DaemonSet on every node, one server Deployment', () => {
    const objects = helmTemplate(CLICKHOUSE);
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`).sort()).toEqual(['ConfigMap/flowlens', 'DaemonSet/flowlens-shipper', 'Deployment/flowlens', 'Service/flowlens', 'ServiceAccount/flowlens']);
    const clickhousePlain = (file: string) => readManifests(path.join(dir, 'clickhouse', file))[0]!;
    expect(podSpecOf(only(objects, 'DaemonSet'))).toEqual(podSpecOf(clickhousePlain('shipper.yaml')));
    expect(podSpecOf(only(objects, 'Deployment'))).toEqual(podSpecOf(clickhousePlain('server.yaml')));
    expect(podLabelsOf(only(objects, 'DaemonSet'))).not.toMatchObject((only(objects, 'Service').spec as { selector: object }).selector);
    const plainData = clickhousePlain('configmap.yaml').data as Record<string, string>;
    expect(configData(objects)).toEqual(Object.fromEntries(Object.entries(plainData).filter(([key]) => key !== 'FLOWLENS_CLICKHOUSE_CLUSTER')));
    // Sharded, without a Secret: the cluster set, no password file, user "default".
    const sharded = helmTemplate(modes[5]![1]);
    expect(configData(sharded)).toMatchObject({ FLOWLENS_CLICKHOUSE_CLUSTER: 'flows', FLOWLENS_RETENTION: '7d', FLOWLENS_ROLLUP_RETENTION: '90d' });
    expect(configData(sharded).FLOWLENS_CLICKHOUSE_PASSWORD_FILE).toBeUndefined();
    for (const workload of sharded.filter((object) => object.kind !== 'ConfigMap' && object.kind !== 'Service' && object.kind !== 'ServiceAccount')) {
      expect(podSpecOf(workload).volumes?.map((volume) => volume.name)).not.toContain('clickhouse-password');
    }
  });

  it('names everything after the release and restarts the pods when the settings change', () => {
    expect(helmTemplate({}, 'net').map((object) => object.metadata.name)).toEqual(['net-flowlens', 'net-flowlens', 'net-flowlens', 'net-flowlens']);
    const checksum = (settings: object) =>
      helmTemplate(settings)
        .filter((object) => object.kind === 'Deployment')
        .map((object) => (object.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations['checksum/config']);
    expect(checksum({})).toHaveLength(1);
    expect(checksum({})).not.toEqual(checksum({ allowedHosts: ['flowlens.example.com'] }));
  });
});

describe.skipIf(tools.missing !== undefined)(`plain manifests built by the real kubectl kustomize, as kubectl apply -k sends them${tools.missing ? ` — skipped: ${tools.missing}` : ''}`, () => {
  const kinds = (built: KubeObject[]) => built.map((object) => `${object.kind}/${object.metadata.name}`).sort();

  it('deploy/kubernetes/clickhouse: flows in ClickHouse, a shipper per node and one server', () => {
    const built = kustomize(path.join(dir, 'clickhouse'));
    expect(kinds(built)).toEqual(['ConfigMap/flowlens', 'DaemonSet/flowlens-shipper', 'Deployment/flowlens', 'Service/flowlens', 'ServiceAccount/flowlens']);
    for (const object of built) {
      expect(validateStrictly(object)).toEqual([]);
      expect((object.metadata as { namespace?: string }).namespace).toBe('flowlens');
    }
  });

  it('deploy/kubernetes: flows in memory, one flowlens pod reading one node', () => {
    const built = kustomize(dir);
    expect(kinds(built)).toEqual(['ConfigMap/flowlens', 'Deployment/flowlens', 'Service/flowlens', 'ServiceAccount/flowlens']);
    for (const object of built) {
      expect(validateStrictly(object)).toEqual([]);
      expect((object.metadata as { namespace?: string }).namespace).toBe('flowlens');
    }
    expect(only(built, 'Deployment')).toEqual({ ...deployment, metadata: { ...deployment.metadata, namespace: 'flowlens' } });
  });

  it('refuses a kustomization naming a file that is not there', () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-kustomize-'));
    try {
      fs.writeFileSync(path.join(broken, 'kustomization.yaml'), 'resources:\n  - deployment.yml\n');
      expect(() => kustomize(broken)).toThrow(/deployment\.yml/);
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });
});
