import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { podSpecOf, readManifests } from './kubernetes.ts';

/**
 * No `helm` binary here: these tests keep the chart honest without rendering it. Where helm exists,
 * `helm lint deploy/helm/flowlens` and `helm template deploy/helm/flowlens | kubectl apply --dry-run=server -f -`
 * are the full check (helm also validates values against values.schema.json on every install).
 */
const root = path.resolve(import.meta.dirname, '../..');
const chart = path.join(root, 'deploy/helm/flowlens');
const values = parse(fs.readFileSync(path.join(chart, 'values.yaml'), 'utf8')) as Record<string, unknown>;
const schema = JSON.parse(fs.readFileSync(path.join(chart, 'values.schema.json'), 'utf8')) as object;
const templates = fs.readdirSync(path.join(chart, 'templates')).map((name) => ({ name, text: fs.readFileSync(path.join(chart, 'templates', name), 'utf8') }));
const deployment = readManifests(path.join(root, 'deploy/kubernetes/deployment.yaml'))[0]!;

/** Helm validates values against values.schema.json (JSON Schema draft 7) on every install and template. */
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

function schemaProblems(candidate: unknown): string[] {
  return validate(candidate) ? [] : (validate.errors ?? []).map((error) => `values${error.instancePath.replaceAll('/', '.')}: ${error.message ?? error.keyword}${error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : ''}`);
}

function lookup(object: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), object);
}

describe('Helm chart (deploy/helm/flowlens)', () => {
  it('ships default values that its schema accepts, and a schema that refuses bad ones', () => {
    expect(schemaProblems(values)).toEqual([]);
    expect(schemaProblems({ ...values, mode: 'statefulset' })).toEqual(['values.mode: must be equal to one of the allowed values']);
    expect(schemaProblems({ ...values, maxFlow: 5 })).toEqual(['values: must NOT have additional properties (maxFlow)']);
    expect(schemaProblems({ ...values, prometheus: { url: 'prometheus:9090' } })).toEqual(['values.prometheus.url: must match pattern "^$|^https?://"']);
  });

  it('uses every value it declares and declares every value it uses', () => {
    const used = new Set(templates.flatMap(({ text }) => [...text.matchAll(/\.Values\.([\w.]+)/g)].map((match) => match[1]!)));
    for (const reference of used) expect(lookup(values, reference), `.Values.${reference} has a default`).not.toBeUndefined();
    const leaves = (object: Record<string, unknown>, prefix = ''): string[] =>
      Object.entries(object).flatMap(([key, item]) =>
        item !== null && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length > 0 && key !== 'resources'
          ? leaves(item as Record<string, unknown>, `${prefix}${key}.`)
          : [`${prefix}${key}`],
      );
    for (const leaf of leaves(values)) {
      expect([...used].some((reference) => reference === leaf || leaf.startsWith(`${reference}.`)), `${leaf} is used by a template`).toBe(true);
    }
  });

  it('closes every template block it opens', () => {
    for (const { name, text } of templates) {
      const opened = [...text.matchAll(/\{\{-?\s*(if|with|range|define)\b/g)].length;
      const closed = [...text.matchAll(/\{\{-?\s*end\s*-?\}\}/g)].length;
      expect(closed, name).toBe(opened);
    }
  });

  it('defaults to what the plain manifests run: same flows kept, resources, logs folder, Service port', () => {
    const container = podSpecOf(deployment).containers[0]!;
    const args = container.args ?? [];
    expect(values.maxFlows).toBe(Number(args[args.indexOf('--max-flows') + 1]));
    expect(values.resources).toEqual(container.resources);
    expect(lookup(values, 'logs.hostPath')).toBe('/var/log/acns/hubble');
    expect(lookup(values, 'service.port')).toBe(80);
    expect(values.mode).toBe('deployment');
  });

  it('keeps the same lock-down, probes and mounts as the plain manifests in its workload template', () => {
    const workload = templates.find((template) => template.name === 'workload.yaml')!.text;
    for (const line of [
      'automountServiceAccountToken: false',
      'runAsNonRoot: true',
      'runAsUser: 10001',
      'type: RuntimeDefault',
      'allowPrivilegeEscalation: false',
      'readOnlyRootFilesystem: true',
      'privileged: false',
      '- ALL',
      'path: /readyz',
      'path: /healthz',
      'containerPort: 8080',
      'mountPath: /var/log/acns/hubble',
      'mountPath: /tmp',
      'type: Directory',
      'readOnly: true',
      'sizeLimit: 64Mi',
    ]) {
      expect(workload, line).toContain(line);
    }
    // Deployment and DaemonSet from one template, chosen by mode.
    expect(workload).toMatch(/kind: \{\{ ternary "DaemonSet" "Deployment" \$daemonset \}\}/);
    const serviceAccount = templates.find((template) => template.name === 'serviceaccount.yaml')!.text;
    expect(serviceAccount).toContain('automountServiceAccountToken: false');
  });

  it('passes Prometheus settings as the server reads them: URL and token file by environment', () => {
    const configMap = templates.find((template) => template.name === 'configmap.yaml')!.text;
    for (const variable of ['FLOWLENS_PROMETHEUS_URL', 'FLOWLENS_PROMETHEUS_BEARER_TOKEN_FILE', 'FLOWLENS_ALLOWED_HOSTS', 'FLOWLENS_FRAME_ANCESTORS', 'FLOWLENS_BASE_PATH']) {
      expect(configMap).toContain(`${variable}:`);
    }
    const config = fs.readFileSync(path.join(root, 'src/server/config.ts'), 'utf8');
    for (const variable of configMap.matchAll(/(FLOWLENS_[A-Z_]+):/g)) expect(config, `the server reads ${variable[1]}`).toContain(`env.${variable[1]}`);
    expect(configMap).toContain('/var/run/secrets/flowlens/prometheus/{{ .Values.prometheus.secretKey }}');
    expect(templates.find((template) => template.name === 'workload.yaml')!.text).toContain('mountPath: /var/run/secrets/flowlens/prometheus');
  });
});
