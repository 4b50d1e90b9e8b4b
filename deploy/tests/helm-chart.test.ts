import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHART } from './kube-tools.ts';

/** The chart's values and templates as files; rendered by the real helm in rendered.test.ts. */
const values = parse(fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8')) as Record<string, unknown>;
const schema = JSON.parse(fs.readFileSync(path.join(CHART, 'values.schema.json'), 'utf8')) as object;
const templates = fs.readdirSync(path.join(CHART, 'templates')).map((name) => ({ name, text: fs.readFileSync(path.join(CHART, 'templates', name), 'utf8') }));

/** Helm validates values against values.schema.json (JSON Schema draft 7) on every install and template. */
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

function schemaProblems(candidate: unknown): string[] {
  return validate(candidate) ? [] : (validate.errors ?? []).map((error) => `values${error.instancePath.replaceAll('/', '.')}: ${error.message ?? error.keyword}${error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : ''}`);
}

function lookup(object: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), object);
}

describe('Helm chart values (deploy/helm/flowlens)', () => {
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
});
