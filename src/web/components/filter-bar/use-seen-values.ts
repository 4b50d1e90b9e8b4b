import { useMemo } from 'react';
import { useDebounce } from 'use-debounce';
import type { Filter } from '../../../shared/filter/index.ts';
import { apiQueryKey, keepPreviousWhileSame, useApiQuery, type ApiRequest } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { suggestsSeenValues } from './suggest.ts';

const NONE: readonly string[] = [];

/** Typing back and forth over the same prefix asks the server once in this long. */
const SUGGESTIONS_STALE_MS = 30_000;

const sameRequest = (a: ApiRequest<unknown>, b: ApiRequest<unknown>) => apiQueryKey(a).join('?') === apiQueryKey(b).join('?');

/**
 * Values the index has seen for `key` among the flows `filter` matches, asked for once typing
 * pauses. Each key and prefix is its own query, so a slow answer for an older prefix never
 * stands in for the newer one; the last answer for the same key stays while the next one loads.
 */
export function useSeenValues(key: string | null, prefix: string, filter: Filter, delayMs = 150): readonly string[] {
  const wanted = key !== null && suggestsSeenValues(key) ? key : null;
  const [asked] = useDebounce(flowApi.values(wanted ?? '', prefix, filter), delayMs, { equalityFn: sameRequest });
  const askedKey = asked.params.get('key') ?? '';
  const answer = useApiQuery(asked, {
    enabled: askedKey !== '',
    staleTime: SUGGESTIONS_STALE_MS,
    placeholderData: keepPreviousWhileSame('key', askedKey),
    // A missing suggestion is no loss; the user goes on typing.
    retry: false,
  });
  const values = answer.data?.values;
  return useMemo(() => (wanted !== null && askedKey === wanted && values ? values.map((entry) => entry.value) : NONE), [wanted, askedKey, values]);
}
