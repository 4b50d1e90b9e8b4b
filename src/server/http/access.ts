import fs from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parse as parseYaml } from 'yaml';

/**
 * Namespace-scoped access behind an auth proxy: the proxy names the user's groups in a trusted
 * header, and a mapping from groups to namespaces limits every flow query and every PromQL query.
 * The access file (YAML or JSON):
 *
 *   groupsHeader: X-Forwarded-Groups     # set by the auth proxy, comma-separated
 *   namespaceLabel: namespace            # the metric label PromQL selectors are limited on
 *   namespaces:
 *     team-shop: [shop, data]
 *     sre: ["*"]                          # every namespace
 */
export interface AccessRules {
  groupsHeader: string;
  /** Metric label holding the namespace, added as a matcher to every PromQL selector. */
  namespaceLabel: string;
  namespacesByGroup: Map<string, string[]>;
}

export class AccessConfigError extends Error {}

export function loadAccessRules(file: string): AccessRules {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AccessConfigError(`--access-file ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new AccessConfigError(`--access-file ${file}: not YAML or JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const shape = parsed as { groupsHeader?: unknown; namespaceLabel?: unknown; namespaces?: unknown } | null;
  const header = shape?.groupsHeader ?? 'X-Forwarded-Groups';
  if (typeof header !== 'string' || !/^[A-Za-z0-9-]+$/.test(header)) {
    throw new AccessConfigError(`--access-file ${file}: groupsHeader must be a header name like X-Forwarded-Groups`);
  }
  const namespaceLabel = shape?.namespaceLabel ?? 'namespace';
  if (typeof namespaceLabel !== 'string' || !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(namespaceLabel)) {
    throw new AccessConfigError(`--access-file ${file}: namespaceLabel must be a Prometheus label name like namespace`);
  }
  const namespaces = shape?.namespaces;
  if (typeof namespaces !== 'object' || namespaces === null || Array.isArray(namespaces)) {
    throw new AccessConfigError(`--access-file ${file}: needs "namespaces:", a map from group to a list of namespaces`);
  }
  const namespacesByGroup = new Map<string, string[]>();
  for (const [group, list] of Object.entries(namespaces)) {
    if (!Array.isArray(list) || !list.every((namespace) => typeof namespace === 'string' && namespace !== '')) {
      throw new AccessConfigError(`--access-file ${file}: namespaces.${group} must be a list of namespace names (or ["*"])`);
    }
    namespacesByGroup.set(group, list as string[]);
  }
  return { groupsHeader: header.toLowerCase(), namespaceLabel, namespacesByGroup };
}

type Scope = { namespaces: readonly string[] | null } | { error: string };

/** The namespaces a request's groups may see: null means every namespace. */
function scopeFor(rules: AccessRules, headerValue: string | string[] | undefined): Scope {
  const text = Array.isArray(headerValue) ? headerValue.join(',') : headerValue;
  if (text === undefined || text.trim() === '') {
    return { error: `access is limited by group: the ${rules.groupsHeader} header from the auth proxy is missing` };
  }
  const groups = text.split(',').map((group) => group.trim()).filter(Boolean);
  const namespaces = new Set<string>();
  for (const group of groups) for (const namespace of rules.namespacesByGroup.get(group) ?? []) namespaces.add(namespace);
  if (namespaces.has('*')) return { namespaces: null };
  if (namespaces.size === 0) return { error: `no namespace is granted to your groups (${groups.join(', ')}); ask for access in the flowlens access file` };
  return { namespaces: [...namespaces].sort() };
}

const scopes = new WeakMap<FastifyRequest, { namespaces: readonly string[]; namespaceLabel: string }>();

/** Every /api request is scoped (or refused with 403) before it reaches a route. */
export function accessControl(app: FastifyInstance, rules: AccessRules): void {
  app.addHook('onRequest', async (request, reply) => {
    const pathname = (request.url ?? '/').split('?')[0] ?? '/';
    if (!pathname.startsWith('/api/')) return;
    const scope = scopeFor(rules, request.headers[rules.groupsHeader]);
    if ('error' in scope) return reply.code(403).send({ error: scope.error });
    if (scope.namespaces) scopes.set(request, { namespaces: scope.namespaces, namespaceLabel: rules.namespaceLabel });
  });
}

/** The namespaces this request may see, or undefined when it may see all. */
export function requestScope(request: FastifyRequest): readonly string[] | undefined {
  return scopes.get(request)?.namespaces;
}

/** For PromQL: the namespaces and the metric label that holds them, or undefined when unlimited. */
export function requestMetricScope(request: FastifyRequest): { namespaces: readonly string[]; namespaceLabel: string } | undefined {
  return scopes.get(request);
}
