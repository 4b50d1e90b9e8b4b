import { filterFromParams, filterToParams, withTerm, type Filter, type FilterTerm } from '../../../shared/filter/index.ts';
import { flowsPath } from '../../app/paths.ts';
import { APP_PARAMS, type UrlView } from '../../app/url-state.ts';

/**
 * The filter, time range and live follow every flow view keeps in its URL, in the filter
 * language's own parameters (so a link to Flows is the same query as the API's). The one home of
 * the rules that tie them together (`changeFilterView`); views add their own parameters
 * (`ViewParams`) next to them.
 */
export interface FilterView {
  /** Filter terms other than the time range. */
  filter: Filter;
  since: string | null;
  until: string | null;
  /** Keep the view up to date as flows arrive. */
  follow: boolean;
  /** Parameters of the link that are not usable filter terms: shown, not applied, kept until removed. */
  invalid: InvalidTerm[];
}

/** A query parameter the filter language refuses (as the API would, with a 400). */
export interface InvalidTerm {
  parameter: string;
  value: string;
  message: string;
}

/** A view's own parameters next to the filter (a tab, the columns): none of them is a filter key. */
export interface ViewParams<T> {
  names: readonly string[];
  read(params: URLSearchParams): T;
  /** Appends the parameters that differ from their defaults. */
  write(view: T, params: URLSearchParams): void;
}

const FOLLOW_PARAM = 'follow';

/** Reads the filter and time range; anything that is neither a usable term nor in `own` is invalid. */
export function readFilterView(params: URLSearchParams, own: readonly string[] = []): FilterView {
  const terms: Filter = [];
  const invalid: InvalidTerm[] = [];
  for (const [name, value] of params) {
    if (name === FOLLOW_PARAM || own.includes(name) || APP_PARAMS.includes(name)) continue;
    const read = filterFromParams(new URLSearchParams([[name, value]]));
    const problem = read.errors[0];
    if (problem) invalid.push({ parameter: name, value, message: problem.message });
    else terms.push(...read.filter);
  }
  const timeValue = (key: 'since' | 'until') => terms.find((term) => term.key === key && !term.negate)?.value ?? null;
  return {
    filter: terms.filter((term) => term.key !== 'since' && term.key !== 'until'),
    since: timeValue('since'),
    until: timeValue('until'),
    follow: params.get(FOLLOW_PARAM) === '1',
    invalid,
  };
}

/** Appends the view's filter, invalid terms (kept as the link had them), time range and follow. */
export function writeFilterView(view: FilterView, params = new URLSearchParams()): URLSearchParams {
  filterToParams(view.filter, params);
  for (const term of view.invalid) params.append(term.parameter, term.value);
  if (view.since) params.append('since', view.since);
  if (view.until) params.append('until', view.until);
  if (view.follow) params.set(FOLLOW_PARAM, '1');
  return params;
}

/**
 * Every change to a flow view goes through here, so every view behaves alike: since/until typed
 * in the filter bar belong to the time range; an end time turns live follow off (what arrives
 * would be hidden), and turning follow on drops the end time.
 */
export function changeFilterView<V extends FilterView>(view: V, patch: Partial<V>): V {
  const next: V = { ...view, ...patch };
  let untilSet = patch.until !== undefined && patch.until !== null;
  if (patch.filter) {
    const typed = (key: string) => patch.filter?.find((term) => term.key === key && !term.negate)?.value;
    next.filter = patch.filter.filter((term) => term.key !== 'since' && term.key !== 'until');
    const since = typed('since');
    const until = typed('until');
    if (since) next.since = since;
    if (until) {
      next.until = until;
      untilSet = true;
    }
  }
  if (patch.follow === true) next.until = null;
  else if (untilSet) next.follow = false;
  return next;
}

/**
 * A time range set from outside any view (a portal's message): the same rule applied to the
 * current query's since, until and follow; everything else is left as it is.
 */
export function withTimeRange(params: URLSearchParams, range: { since: string | null; until: string | null }): URLSearchParams {
  const current: FilterView = { filter: [], since: params.get('since'), until: params.get('until'), follow: params.get(FOLLOW_PARAM) === '1', invalid: [] };
  const next = changeFilterView(current, range);
  const result = new URLSearchParams(params);
  for (const name of ['since', 'until', FOLLOW_PARAM]) result.delete(name);
  writeFilterView(next, result);
  return result;
}

/** A flow view's URL: the filter view plus the view's own parameters, written after it. */
export function filterViewUrl<T extends object>(own: ViewParams<T>): UrlView<FilterView & T> {
  return {
    read: (params) => ({ ...readFilterView(params, own.names), ...own.read(params) }),
    write: (view) => {
      const params = writeFilterView(view);
      own.write(view, params);
      return params;
    },
    change: changeFilterView,
  };
}

/** A view with no parameters of its own (the dashboard). */
export const NO_VIEW_PARAMS: ViewParams<object> = { names: [], read: () => ({}), write: () => undefined };

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

/** The Flows view showing exactly these flows (terms and time range, plus API terms). */
export function flowsHref(filter: Filter, terms: readonly { key: string; value: string }[] = []): string {
  return flowsPath(filterToParams(withTerms(filter, terms)));
}

export const WORLD_TERM: FilterTerm = { key: 'label', negate: false, value: 'reserved:world' };
