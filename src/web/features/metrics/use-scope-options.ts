import { useMemo } from 'react';
import { keepPrevious, useApiQuery } from '../../api/api-query.ts';
import { prometheusApi, type LabelFilter } from '../../api/prometheus.ts';
import { HUBBLE, RETINA } from './dashboards/metric-names.ts';
import { hasMetric, type Families } from './panel-model.ts';
import { RETINA_CONTEXT, selector, type Matcher, type Scope } from './promql.ts';
import { scopeOptionsFromPodRefs, type ScopeOptions } from './scope-options.ts';
import type { ResolvedRange } from '../../components/query-window.ts';

const EMPTY: ScopeOptions = { namespaces: [], workloads: [], pods: [] };

/** Label value lists change slowly: kept a minute, the old list shown while the next one loads. */
const LISTS = { staleTime: 60_000, retry: false, placeholderData: keepPrevious } as const;

export interface ScopeChoices {
  data: ScopeOptions | undefined;
  isFetching: boolean;
  isError: boolean;
}

const sorted = (values: readonly string[] | undefined): string[] => (values ?? []).filter(Boolean).sort();

/**
 * Variable choices from label values through the proxy, over the chosen range. Hubble names pods
 * `namespace/pod` in `source`/`destination`; Retina has a label per part, a list per level chosen.
 */
export function useScopeOptions(families: Families, scope: Scope, range: ResolvedRange): ScopeChoices {
  // Hour-aligned span so following the live edge does not refetch the lists every refresh.
  const start = Math.floor(range.start / 3600) * 3600;
  const end = Math.ceil(range.end / 3600) * 3600;
  const hubble = families.hubble.length > 0;
  const retina = !hubble && hasMetric(families, RETINA.advForward);
  const hubbleMetric = hasMetric(families, HUBBLE.flows) ? HUBBLE.flows : (families.hubble[0] ?? HUBBLE.flows);
  const hubbleSpan: LabelFilter = { start, end, match: [hubbleMetric] };
  const retinaSpan = (matchers: readonly Matcher[]): LabelFilter => ({ start, end, match: [selector(RETINA.advForward, matchers)] });
  const inNamespace: Matcher[] = scope.namespace ? [{ label: RETINA_CONTEXT.namespace('source'), op: '=', value: scope.namespace }] : [];
  const inWorkload: Matcher[] = scope.workload ? [...inNamespace, { label: RETINA_CONTEXT.workload('source'), op: '=', value: scope.workload }] : inNamespace;

  const sources = useApiQuery(prometheusApi.labelValues('source', hubbleSpan), { ...LISTS, enabled: hubble });
  const destinations = useApiQuery(prometheusApi.labelValues('destination', hubbleSpan), { ...LISTS, enabled: hubble });
  const namespaces = useApiQuery(prometheusApi.labelValues(RETINA_CONTEXT.namespace('source'), retinaSpan([])), { ...LISTS, enabled: retina });
  const workloads = useApiQuery(prometheusApi.labelValues(RETINA_CONTEXT.workload('source'), retinaSpan(inNamespace)), { ...LISTS, enabled: retina && scope.namespace !== null });
  const pods = useApiQuery(prometheusApi.labelValues(RETINA_CONTEXT.pod('source'), retinaSpan(inWorkload)), { ...LISTS, enabled: retina && scope.namespace !== null });

  const lists = hubble ? [sources, destinations] : retina ? (scope.namespace !== null ? [namespaces, workloads, pods] : [namespaces]) : [];
  const answered = lists.every((list) => list.data !== undefined);
  const { namespace, workload, pod } = scope;
  const data = useMemo((): ScopeOptions | undefined => {
    if (hubble) return sources.data && destinations.data ? scopeOptionsFromPodRefs([...sources.data.data, ...destinations.data.data], { namespace, workload, pod }) : undefined;
    if (!retina) return families.retina.length > 0 ? EMPTY : undefined;
    if (!answered) return undefined;
    return { namespaces: sorted(namespaces.data?.data), workloads: sorted(workloads.data?.data), pods: sorted(pods.data?.data) };
  }, [hubble, retina, answered, sources.data, destinations.data, namespace, workload, pod, families.retina.length, namespaces.data, workloads.data, pods.data]);
  return { data, isFetching: lists.some((list) => list.isFetching), isError: lists.some((list) => list.isError) };
}
