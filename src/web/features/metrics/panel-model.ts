import type { Unit } from '../../components/chart-format.ts';
import { duration, type Scope, type Side } from './promql.ts';

;

/**
 * What a dashboard panel is, independent of drawing: its PromQL (built from the variables),
 * how series are named, which metric families it needs, and the flow-log question it mirrors.
 */

type PanelKind = 'timeseries' | 'heatmap' | 'top';

/** What a panel's queries depend on. */
export interface PanelContext {
  scope: Scope;
  /** `rate()` window, e.g. `75s`. */
  rateWindow: string;
  /** Seconds between points; heatmaps count per step. */
  step: number;
  /** The whole range as a PromQL duration, for "top" panels. */
  range: string;
}

export function panelContext(scope: Scope, step: number, rateWindowS: number, rangeS: number): PanelContext {
  return { scope, step, rateWindow: duration(rateWindowS), range: duration(rangeS) };
}

export interface PanelQuery {
  expr: string;
  /** `{{label}}` placeholders filled from each series' labels; a fixed name when there are none. */
  legend: string;
}

export type Labels = Readonly<Record<string, string>>;

export interface PanelDef {
  id: string;
  title: string;
  /** One line: what to look for. */
  description: string;
  kind: PanelKind;
  unit: Unit;
  /** Metric names (as Prometheus lists them) that must all exist for the panel to show. */
  requires: readonly string[];
  queries(ctx: PanelContext): PanelQuery[];
  /** Flow-log filter for the same question (whole panel when `labels` is absent, else one series). */
  flows?(ctx: PanelContext, labels?: Labels): URLSearchParams | null;
  stacked?: boolean;
  /** Series named by verdict use the app's verdict colours. */
  colorByVerdict?: boolean;
}

/** What a dashboard needs chosen before its panels mean anything. */
export type ScopeNeed = 'none' | 'namespace' | 'workload';

export interface DashboardDef {
  id: string;
  title: string;
  description: string;
  needs: ScopeNeed;
  panels: readonly PanelDef[];
}

export interface Families {
  hubble: readonly string[];
  retina: readonly string[];
}

export function hasMetric(families: Families, name: string): boolean {
  return families.hubble.includes(name) || families.retina.includes(name);
}

export function visiblePanels(dashboard: DashboardDef, families: Families): PanelDef[] {
  return dashboard.panels.filter((panel) => panel.requires.every((name) => hasMetric(families, name)));
}

export function scopeSatisfied(need: ScopeNeed, scope: Scope): boolean {
  if (need === 'namespace') return scope.namespace !== null;
  if (need === 'workload') return scope.namespace !== null && (scope.workload !== null || scope.pod !== null);
  return true;
}

/** `{{method}} {{status}}` with `{method: "GET", status: "503"}` → `GET 503`. */
export function formatLegend(template: string, labels: Labels): string {
  if (!template.includes('{{')) return template;
  const text = template.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
  return text.trim() === '' ? '(none)' : text.trim();
}

/**
 * Flow-filter terms for the chosen variables on one side (`from-`/`to-`) or either side.
 * Pods go as `namespace/pod`, workloads as their name inside the namespace.
 */
export function scopeTerms(scope: Scope, side: Side | 'either'): [string, string][] {
  if (!scope.namespace) return [];
  const prefix = side === 'source' ? 'from-' : side === 'destination' ? 'to-' : '';
  if (scope.pod) return [[`${prefix}pod`, `${scope.namespace}/${scope.pod}`]];
  const terms: [string, string][] = [[`${prefix}namespace`, scope.namespace]];
  if (scope.workload) terms.push([`${prefix}workload`, scope.workload]);
  return terms;
}

export function flowParams(...groups: (readonly [string, string | undefined])[][]): URLSearchParams {
  const params = new URLSearchParams();
  for (const group of groups) for (const [key, value] of group) if (value !== undefined && value !== '') params.append(key, value);
  return params;
}

/** Hubble's event type label (`Trace`, `Drop`, `PolicyVerdict`, `L7`) → the flow filter's `type` value. */
export function flowTypeFilter(hubbleType: string): string | undefined {
  const known: Record<string, string> = { Trace: 'trace', Drop: 'drop', L7: 'l7', PolicyVerdict: 'policy-verdict', Capture: 'capture', SockTrace: 'trace-sock' };
  return known[hubbleType];
}
