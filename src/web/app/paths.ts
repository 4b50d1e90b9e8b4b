import { VIEW_PATHS } from '../../shared/view-paths.ts';

/** The Flows view with this query string (URL form of a filter, `flow=…` and so on). */
export function flowsPath(query: string | URLSearchParams = ''): string {
  const search = query.toString().replace(/^\?/, '');
  return search ? `${VIEW_PATHS.flows}?${search}` : VIEW_PATHS.flows;
}

/** Where `/` leads: Flows keeping the query and hash of an old Flows link, else the Dashboard. */
export function rootTarget(search: string, hash = ''): string {
  return search.replace(/^\?/, '') ? `${flowsPath(search)}${hash}` : VIEW_PATHS.dashboard;
}
