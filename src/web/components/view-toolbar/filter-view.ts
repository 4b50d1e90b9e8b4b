import { flowsPath } from '../../app/paths.ts';
import { filterFromParamsLenient, filterToParams, resolveKey, withTerm, type Filter, type FilterTerm } from '../../../shared/filter/index.ts';

/**
 * The filter and time range a dashboard-like view keeps in its URL, in the filter language's own
 * parameters (so a link to Flows is the same query). View-specific parameters (a tab, a
 * direction) are left as they are when the filter changes.
 */
export interface FilterView {
  /** Filter terms other than the time range. */
  filter: Filter;
  since: string | null;
  until: string | null;
  /** Refresh the view every few seconds. */
  follow: boolean;
}

const FOLLOW_PARAM = 'follow';

export function readFilterView(params: URLSearchParams): FilterView {
  const terms = filterFromParamsLenient(params);
  const timeValue = (key: 'since' | 'until') => terms.find((term) => term.key === key && !term.negate)?.value ?? null;
  return {
    filter: terms.filter((term) => term.key !== 'since' && term.key !== 'until'),
    since: timeValue('since'),
    until: timeValue('until'),
    follow: params.get(FOLLOW_PARAM) === '1',
  };
}

const isFilterParam = (name: string): boolean => resolveKey(name.endsWith('!') ? name.slice(0, -1) : name) !== undefined;

/** Writes `view` into `params`, keeping parameters that are not filter terms. */
export function writeFilterView(params: URLSearchParams, view: FilterView): URLSearchParams {
  const next = new URLSearchParams();
  for (const [name, value] of params) if (!isFilterParam(name) && name !== FOLLOW_PARAM) next.append(name, value);
  filterToParams(withTime(view), next);
  if (view.follow) next.set(FOLLOW_PARAM, '1');
  return next;
}

/** The filter sent to the API: the terms plus the time range. */
export function withTime(view: Pick<FilterView, 'filter' | 'since' | 'until'>): Filter {
  const time: FilterTerm[] = [];
  if (view.since) time.push({ key: 'since', negate: false, value: view.since });
  if (view.until) time.push({ key: 'until', negate: false, value: view.until });
  return [...view.filter, ...time];
}

/** API "terms" (`{key, value}`, a key ending in `!` negates) added to a filter. */
export function withTerms(filter: Filter, terms: readonly { key: string; value: string }[]): Filter {
  return terms.reduce<Filter>((result, term) => {
    const negate = term.key.endsWith('!');
    return withTerm(result, { key: negate ? term.key.slice(0, -1) : term.key, negate, value: term.value });
  }, filter);
}

/** The Flows view showing exactly these flows. */
export function flowsHref(filter: Filter, terms: readonly { key: string; value: string }[] = []): string {
  return flowsPath(filterToParams(withTerms(filter, terms)));
}

export const WORLD_TERM: FilterTerm = { key: 'label', negate: false, value: 'reserved:world' };
