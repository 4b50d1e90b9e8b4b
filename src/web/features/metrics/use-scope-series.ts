import { useApiQuery } from '../../api/api-query.ts';
import { prometheusApi } from '../../api/prometheus.ts';
import type { ResolvedRange } from '../../components/query-window.ts';
import type { Families } from './panel-model.ts';
import { hubbleScope, matcherText, type Scope } from './promql.ts';

/** Every Hubble metric family: their names all start so. */
const HUBBLE_NAME = { label: '__name__', op: '=~', value: 'hubble_.+' } as const;

/**
 * Whether Prometheus holds any hubble_* series for the chosen workload or pod (either side) in the
 * range: without one every panel would be an empty chart, and the page says so instead. Undefined
 * until known, or when nothing narrower than a namespace is chosen or there are no Hubble metrics.
 */
export function useScopeHasSeries(families: Families, scope: Scope, range: ResolvedRange): boolean | undefined {
  const narrow = scope.namespace !== null && (scope.workload !== null || scope.pod !== null);
  const enabled = narrow && families.hubble.length > 0;
  // Minute-aligned, so following the live edge does not ask again at every refresh.
  const start = Math.floor(range.start / 60) * 60;
  const end = Math.ceil(range.end / 60) * 60;
  const match = (['source', 'destination'] as const).map((side) => `{${[HUBBLE_NAME, ...hubbleScope(scope, side)].map(matcherText).join(',')}}`);
  const names = useApiQuery(prometheusApi.labelValues('__name__', { match, start, end }), { enabled, staleTime: 60_000, retry: false });
  return enabled && names.data ? names.data.data.length > 0 : undefined;
}
