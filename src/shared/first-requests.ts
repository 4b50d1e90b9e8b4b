import { DEFAULT_GRAPH_GROUP } from './api-graph.ts';
import { DEFAULT_BUCKETS, DEFAULT_PAGE_LIMIT } from './api-limits.ts';
import { apiParams, filterFromParams, type Filter, type FilterTerm } from './filter/index.ts';
import { viewPathOf } from './page-modules.ts';
import { VIEW_PATHS } from './view-paths.ts';

/**
 * The API requests a page asks for as soon as it opens, from the page's link: the server names them
 * in index.html to preload (src/server/http/page-preload.ts), so their answers come while the app's
 * code loads instead of after it has run. The web app must ask for exactly these URLs or each
 * preload is a wasted request (src/web/app/first-requests.test.ts checks them against the app's
 * own requests).
 */

const STATUS = 'api/status';

/** `api/flows` + filter + extra parameters, with the web app's own parameters (apiParams). */
function request(path: string, filter: Filter, extra: Record<string, string | number>): string {
  const params = apiParams(filter, extra);
  return params.size > 0 ? `${path}?${params.toString()}` : path;
}

/** What each page asks for first, its own data before the status every toolbar polls. */
const FIRST_REQUESTS: Readonly<Record<string, (filter: Filter) => string[]>> = {
  [VIEW_PATHS.flows]: (filter) => [request('api/flows', filter, { limit: DEFAULT_PAGE_LIMIT }), request('api/histogram', filter, { buckets: DEFAULT_BUCKETS }), STATUS],
  // The headline numbers; the panels' dozen requests would hold the connections the page's code needs.
  [VIEW_PATHS.dashboard]: (filter) => [request('api/summary', filter, {}), STATUS],
  [VIEW_PATHS.graph]: (filter) => [request('api/graph', filter, { group: DEFAULT_GRAPH_GROUP, shape: 'columns' }), STATUS],
};

const isTime = (term: FilterTerm) => term.key === 'since' || term.key === 'until';

/**
 * The filter of a page's link as the app reads it (terms in link order, then `since`, then
 * `until`), or null when the link holds anything else — a view's own parameter, a refused term,
 * a negated or repeated time bound: the app then works out its requests alone.
 */
function linkFilter(query: URLSearchParams): Filter | null {
  const { filter, errors } = filterFromParams(query);
  if (errors.length > 0) return null;
  const since = filter.filter((term) => term.key === 'since');
  const until = filter.filter((term) => term.key === 'until');
  if (since.length > 1 || until.length > 1 || [...since, ...until].some((term) => term.negate)) return null;
  return [...filter.filter((term) => !isTime(term)), ...since, ...until];
}

/** The first requests of the page at `url` (`/flows?verdict=DROPPED`), relative to the app; none for a page without a list here. */
export function firstRequests(url: string): string[] {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const view = viewPathOf(url);
  const requests = view ? FIRST_REQUESTS[view] : undefined;
  const filter = requests ? linkFilter(new URLSearchParams(query)) : null;
  return requests && filter ? requests(filter) : [];
}
