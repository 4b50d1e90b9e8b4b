import type { Top } from '../../../shared/api-dashboards.ts';
import type { Filter, FilterTerm } from '../../../shared/filter/index.ts';
import { filterViewUrl } from '../../components/view-toolbar/filter-view.ts';

/**
 * Which way the traffic crosses the cluster edge. Hubble marks both halves of a connection with
 * the direction it was opened in, so "egress to world" is the requests a pod sends out
 * (`to-label=reserved:world traffic-direction=EGRESS`) without the replies from outside, and
 * "ingress from world" the requests coming in.
 */
export const DIRECTIONS = [
  { id: 'all', label: 'Both ways' },
  { id: 'egress', label: 'Egress to world' },
  { id: 'ingress', label: 'Ingress from world' },
] as const;
export type Direction = (typeof DIRECTIONS)[number]['id'];

const DIRECTION_PARAM = 'dir';

/** The External view in the URL: the filter view plus `dir` (default `all`, left out). */
export const EXTERNAL_VIEW = filterViewUrl<{ direction: Direction }>({
  names: [DIRECTION_PARAM],
  read: (params) => {
    const value = params.get(DIRECTION_PARAM);
    return { direction: DIRECTIONS.some((d) => d.id === value) ? (value as Direction) : 'all' };
  },
  write: (view, params) => {
    if (view.direction !== 'all') params.set(DIRECTION_PARAM, view.direction);
  },
});

const isWorldTerm = (term: FilterTerm) => !term.negate && term.value === 'reserved:world' && (term.key === 'label' || term.key === 'from-label' || term.key === 'to-label');
const term = (key: string, value: string): FilterTerm => ({ key, negate: false, value });

/** `filter` without world terms and directions (values of one key are ORed, so ours replace them). */
function base(filter: Filter, dropDirection: boolean): Filter {
  return filter.filter((t) => !isWorldTerm(t) && !(dropDirection && t.key === 'traffic-direction'));
}

/** Requests from pods to the outside (replies from outside left out). */
export function egressRequests(filter: Filter): Filter {
  return [...base(filter, true), term('to-label', 'reserved:world'), term('traffic-direction', 'EGRESS')];
}

/** Requests from the outside to pods. */
export function ingressRequests(filter: Filter): Filter {
  return [...base(filter, true), term('from-label', 'reserved:world'), term('traffic-direction', 'INGRESS')];
}

/** Replies to outside clients: their destination is the client's address. */
export function ingressReplies(filter: Filter): Filter {
  return [...base(filter, true), term('to-label', 'reserved:world'), term('traffic-direction', 'INGRESS')];
}

/** The view's scope: every flow with the world on either side, or one direction's requests. */
export function worldFilter(filter: Filter, direction: Direction): Filter {
  if (direction === 'egress') return egressRequests(filter);
  if (direction === 'ingress') return ingressRequests(filter);
  return [...base(filter, false), term('label', 'reserved:world')];
}

/**
 * DNS requests (to port 53) for names outside the cluster: what each workload looks up before it
 * talks to the world. Without the world filter: lookups go to the cluster's DNS.
 */
export function externalLookups(filter: Filter): Filter {
  return [
    ...base(filter, true),
    { key: 'protocol', negate: false, value: 'dns' },
    { key: 'to-port', negate: false, value: '53' },
    { key: 'dns-query', negate: true, value: '*.cluster.local.' },
  ];
}

type TopItem = Top['items'][number];

/** Destinations in `current` that `previous` does not have, biggest first. */
export function newDestinations(current: Top | undefined, previous: Top | undefined): TopItem[] {
  if (!current || !previous) return [];
  const seen = new Set(previous.items.map((item) => item.value));
  return current.items.filter((item) => !seen.has(item.value));
}
