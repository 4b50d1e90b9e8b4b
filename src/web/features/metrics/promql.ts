/**
 * Building PromQL from the dashboard's variables. Everything a user picks (namespace, workload,
 * pod) reaches a query only through these functions, which quote and escape it, so a value with
 * quotes, backslashes or regex characters can neither break the query nor widen what it matches.
 */

/** A PromQL string literal: `"..."` with backslash, quote and line breaks escaped. */
export function stringLiteral(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

/** Escapes RE2 metacharacters so `value` matches only itself inside a regex. */
export function regexEscape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  label: string;
  op: MatchOp;
  /** For =~ and !~ this is already a regex; build it with regexEscape. */
  value: string;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function matcherText(matcher: Matcher): string {
  // Label names come from the dashboards' own definitions, never from user input; refuse anything odd anyway.
  if (!LABEL_NAME.test(matcher.label)) throw new Error(`not a Prometheus label name: ${matcher.label}`);
  return `${matcher.label}${matcher.op}${stringLiteral(matcher.value)}`;
}

/** `metric{a="x",b=~"y"}`; `metric` alone without matchers. */
export function selector(metric: string, matchers: readonly Matcher[]): string {
  if (matchers.length === 0) return metric;
  return `${metric}{${matchers.map(matcherText).join(',')}}`;
}

/**
 * Pods of a workload by name: Deployment pods are `<name>-<replicaset hash>-<5 chars>`,
 * DaemonSet pods `<name>-<5 chars>`, StatefulSet pods `<name>-<ordinal>`. The same shapes let
 * `workloadOfPod` recover the workload from a pod name (Hubble's context labels name pods only).
 */
const POD_SUFFIX = '(?:[a-z0-9]{5,10}-[a-z0-9]{5}|[a-z0-9]{5}|[0-9]+)';

export function podsOfWorkloadRegex(namespace: string, workload: string): string {
  return `${regexEscape(namespace)}/${regexEscape(workload)}-${POD_SUFFIX}`;
}

const POD_SHAPES = [/^(.+)-[a-z0-9]{5,10}-[a-z0-9]{5}$/, /^(.+)-[0-9]+$/, /^(.+)-[a-z0-9]{5}$/];

/** `cart-prnzb699n-wrb7d` → `cart`; `db-0` → `db`; a name of no known shape is its own workload. */
export function workloadOfPod(pod: string): string {
  for (const shape of POD_SHAPES) {
    const match = shape.exec(pod);
    if (match?.[1]) return match[1];
  }
  return pod;
}

/** The dashboard variables; workload and pod are only meaningful inside a namespace. */
export interface Scope {
  namespace: string | null;
  workload: string | null;
  pod: string | null;
}

export type Side = 'source' | 'destination';

/**
 * Hubble context labels hold `namespace/pod` in `source` or `destination`. The narrowest chosen
 * variable wins: pod, then workload, then namespace; no namespace → no matcher (whole cluster).
 */
export function hubbleScope(scope: Scope, side: Side): Matcher[] {
  if (!scope.namespace) return [];
  if (scope.pod) return [{ label: side, op: '=', value: `${scope.namespace}/${scope.pod}` }];
  if (scope.workload) return [{ label: side, op: '=~', value: podsOfWorkloadRegex(scope.namespace, scope.workload) }];
  return [{ label: side, op: '=~', value: `${regexEscape(scope.namespace)}/.+` }];
}

/** Retina's `adv_*` metrics carry the context as separate labels per side. */
export const RETINA_CONTEXT = {
  namespace: (side: Side) => `${side}_namespace`,
  pod: (side: Side) => `${side}_podname`,
  workload: (side: Side) => `${side}_workload_name`,
} as const;

export function retinaScope(scope: Scope, side: Side): Matcher[] {
  if (!scope.namespace) return [];
  const matchers: Matcher[] = [{ label: RETINA_CONTEXT.namespace(side), op: '=', value: scope.namespace }];
  if (scope.pod) matchers.push({ label: RETINA_CONTEXT.pod(side), op: '=', value: scope.pod });
  else if (scope.workload) matchers.push({ label: RETINA_CONTEXT.workload(side), op: '=', value: scope.workload });
  return matchers;
}

/**
 * Wraps an expression so its series gain a `namespace` (or `workload`) label taken from Hubble's
 * `namespace/pod` context label; `sum by (namespace)` then groups pods the way people think of them.
 */
export function withNamespaceLabel(expr: string, side: Side, target = 'namespace'): string {
  return `label_replace(${expr}, ${stringLiteral(target)}, "$1", ${stringLiteral(side)}, "([^/]+)/.*")`;
}

export function withWorkloadLabel(expr: string, side: Side, target = 'workload'): string {
  // Least specific shape first: each later, more specific shape overwrites what an earlier one set.
  let wrapped = expr;
  for (const shape of ['(.+)-[a-z0-9]{5}', '(.+)-[0-9]+', '(.+)-[a-z0-9]{5,10}-[a-z0-9]{5}']) {
    wrapped = `label_replace(${wrapped}, ${stringLiteral(target)}, "$1", ${stringLiteral(side)}, ${stringLiteral(`[^/]+/${shape}`)})`;
  }
  return wrapped;
}

/** A duration PromQL accepts: whole seconds. */
export function duration(seconds: number): string {
  return `${Math.max(1, Math.round(seconds))}s`;
}
