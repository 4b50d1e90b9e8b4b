import { useQuery } from '@tanstack/react-query';
import { prometheusApi } from '../../api/prometheus.ts';
import { HUBBLE, RETINA } from './dashboards/metric-names.ts';
import { hasMetric, type Families } from './panel-model.ts';
import { RETINA_CONTEXT, selector, type Scope } from './promql.ts';
import { scopeOptionsFromPodRefs, type ScopeOptions } from './scope-options.ts';
import type { ResolvedRange } from '../../components/query-window.ts';

const EMPTY: ScopeOptions = { namespaces: [], workloads: [], pods: [] };

/**
 * Variable choices from label values through the proxy, over the chosen range. Hubble names pods
 * `namespace/pod` in `source`/`destination`; Retina has a label per part.
 */
export function useScopeOptions(families: Families, scope: Scope, range: ResolvedRange) {
  // Hour-aligned span so following the live edge does not refetch the lists every refresh.
  const start = Math.floor(range.start / 3600) * 3600;
  const end = Math.ceil(range.end / 3600) * 3600;
  const useHubble = families.hubble.length > 0;
  const hubbleMetric = hasMetric(families, HUBBLE.flows) ? HUBBLE.flows : (families.hubble[0] ?? HUBBLE.flows);
  return useQuery<ScopeOptions>({
    queryKey: ['prometheus', 'scope-options', useHubble, hubbleMetric, scope.namespace, scope.workload, start, end],
    enabled: families.hubble.length > 0 || families.retina.length > 0,
    staleTime: 60_000,
    retry: false,
    placeholderData: (previous) => previous,
    queryFn: async ({ signal }): Promise<ScopeOptions> => {
      const span = { start, end, match: [hubbleMetric] };
      if (useHubble) {
        const [sources, destinations] = await Promise.all([
          prometheusApi.labelValues('source', span, { signal }),
          prometheusApi.labelValues('destination', span, { signal }),
        ]);
        return scopeOptionsFromPodRefs([...sources, ...destinations], scope);
      }
      if (!hasMetric(families, RETINA.advForward)) return EMPTY;
      const values = (label: string, matchers: Parameters<typeof selector>[1]) =>
        prometheusApi.labelValues(label, { start, end, match: [selector(RETINA.advForward, matchers)] }, { signal });
      const namespaces = await values(RETINA_CONTEXT.namespace('source'), []);
      const inNamespace = scope.namespace ? [{ label: RETINA_CONTEXT.namespace('source'), op: '=' as const, value: scope.namespace }] : null;
      const workloads = inNamespace ? await values(RETINA_CONTEXT.workload('source'), inNamespace) : [];
      const pods = inNamespace
        ? await values(RETINA_CONTEXT.pod('source'), scope.workload ? [...inNamespace, { label: RETINA_CONTEXT.workload('source'), op: '=', value: scope.workload }] : inNamespace)
        : [];
      return { namespaces: namespaces.filter(Boolean).sort(), workloads: workloads.filter(Boolean).sort(), pods: pods.filter(Boolean).sort() };
    },
  });
}
