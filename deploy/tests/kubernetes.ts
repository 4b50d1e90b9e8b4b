import fs from 'node:fs';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as read from YAML. */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string } } & Record<string, unknown>;

interface Validating {
  prototype: { validate(this: unknown): void };
}

/** The kinds flowlens ships, with the models that carry their API schemas. */
const MODELS: Record<string, Validating> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'apps/v1/DaemonSet': DaemonSet,
};

/** Parses YAML as Kubernetes does (YAML 1.1: `0444` is octal); empty documents are dropped. */
export function parseManifests(text: string, source: string): KubeObject[] {
  return parseAllDocuments(text, { version: '1.1' }).flatMap((document) => {
    if (document.errors.length > 0) throw new Error(`${source}: ${document.errors[0]!.message}`);
    const value: unknown = document.toJS();
    return value === null || value === undefined ? [] : [value as KubeObject];
  });
}

export function readManifests(file: string): KubeObject[] {
  return parseManifests(fs.readFileSync(file, 'utf8'), file);
}

interface Visited {
  path: string;
  keys: string[];
  read: Set<string>;
}

/** Copies a value into proxies that note which keys the schema validator looks at. */
function watched(value: unknown, at: string, visited: Visited[]): unknown {
  if (Array.isArray(value)) return value.map((item, index) => watched(item, `${at}[${index}]`, visited));
  if (value === null || typeof value !== 'object') return value;
  const read = new Set<string>();
  const entries = Object.entries(value as Record<string, unknown>);
  visited.push({ path: at, keys: entries.map(([key]) => key), read });
  const copy = Object.fromEntries(entries.map(([key, item]) => [key, watched(item, `${at}.${key}`, visited)]));
  return new Proxy(copy, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

/**
 * Problems `kubectl apply --validate=strict` would report: schema errors (types, enums, required
 * fields) from the Kubernetes OpenAPI schemas, and fields the schema does not know (a typo such as
 * `readOnlyRootFS` is otherwise dropped silently by the API server). The schema validators read
 * every field they know, so a key they never read is unknown.
 */
export function validateStrictly(object: KubeObject): string[] {
  const model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!model) return [`${object.apiVersion} ${object.kind}: not a kind flowlens ships; add its model`];
  const visited: Visited[] = [];
  const proxy = watched(object, '', visited);
  try {
    model.prototype.validate.call(proxy);
  } catch (error) {
    return [`${object.kind} ${object.metadata?.name}: ${(error as Error).message}`];
  }
  return visited.flatMap(({ path, keys, read }) =>
    keys.filter((key) => !read.has(key)).map((key) => `${object.kind} ${object.metadata.name}: unknown field ${path}.${key}`.replace(': unknown field .', ': unknown field ')),
  );
}

/** The pod template of a workload, typed loosely: tests assert on its shape. */
export interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  nodeSelector?: Record<string, string>;
  tolerations?: { key?: string; operator?: string; value?: string; effect?: string }[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; runAsGroup?: number; seccompProfile?: { type: string } };
  containers: Container[];
  volumes?: Volume[];
}

interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    privileged?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string }; secretKeyRef?: { name: string; key: string; optional?: boolean } };
}

export interface Volume {
  name: string;
  hostPath?: { path: string; type?: string };
  emptyDir?: { sizeLimit?: string; medium?: string };
  secret?: { secretName: string; optional?: boolean; defaultMode?: number; items?: { key: string; path: string }[] };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
}

export function podSpecOf(object: KubeObject): PodSpec {
  const spec = object.spec as { template: { metadata: { labels: Record<string, string> }; spec: PodSpec } };
  return spec.template.spec;
}

export function podLabelsOf(object: KubeObject): Record<string, string> {
  return (object.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
}

/** The volume mounted at a path in a pod's first container. */
export function volumeAt(pod: PodSpec, mountPath: string): Volume | undefined {
  const mount = pod.containers[0]!.volumeMounts?.find((each) => each.mountPath === mountPath);
  return mount && pod.volumes?.find((each) => each.name === mount.name);
}

/** The one object of a kind (and name, when given) among rendered objects; throws naming what is there. */
export function only(objects: readonly KubeObject[], kind: string, name?: string): KubeObject {
  const found = objects.filter((each) => each.kind === kind && (name === undefined || each.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length} among ${objects.map((each) => `${each.kind}/${each.metadata.name}`).join(', ')}`);
  return found[0]!;
}

/** Kubernetes quantity (`512Mi`, `1G`, `300M`) in bytes. */
export function bytesOf(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity);
  if (!match) throw new Error(`not a memory quantity: ${quantity}`);
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 }[match[2] ?? ''] ?? 1;
  return Number(match[1]) * unit;
}

/** Memory flowlens needs, measured: ~190 MB for the process (tsx, parse threads), ~110 MB per million flows held. */
export function memoryFor(maxFlows: number): number {
  return 200 * 2 ** 20 + (maxFlows / 1e6) * 110 * 2 ** 20;
}
