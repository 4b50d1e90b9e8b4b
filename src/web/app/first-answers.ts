import type { QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { FlowsPageSchema, HistogramSchema, StatusSchema, SummarySchema } from '../../shared/api.ts';
import { firstRequests } from '../../shared/first-requests.ts';
import { apiQueryKey, apiRequest, fetchApi } from '../api/api-query.ts';
import { prefetchFlowsPages } from '../api/hooks.ts';
import { GraphAnswerSchema } from '../api/requests.ts';

/** What each first request's answer must match (as flowApi checks the same request); api/flows is the paged list's first page. */
const FIRST_ANSWER_SCHEMAS: Readonly<Record<string, z.ZodType<unknown, unknown>>> = {
  'api/histogram': HistogramSchema,
  'api/summary': SummarySchema,
  'api/graph': GraphAnswerSchema,
  'api/status': StatusSchema,
};

/**
 * Asks for the page's first answers (those index.html preloads, src/shared/first-requests.ts) as
 * the app starts, under the cache keys the page's own queries use: the page's first render finds
 * them there (or in flight) instead of asking only once its code has loaded and run.
 * `link` is the page's path and query relative to the app (`/flows?verdict=DROPPED`).
 */
export function prefetchFirstAnswers(client: QueryClient, link: string): void {
  for (const url of firstRequests(link)) {
    const [path = '', query = ''] = url.split('?');
    const params = new URLSearchParams(query);
    const schema = FIRST_ANSWER_SCHEMAS[path];
    if (path === 'api/flows') void prefetchFlowsPages(client, apiRequest(path, params, FlowsPageSchema));
    else if (schema) {
      const request = apiRequest(path, params, schema);
      void client.prefetchQuery({ queryKey: apiQueryKey(request), queryFn: ({ signal }) => fetchApi(request, { signal }) });
    }
  }
}

/** Resolves once no answer is on its way: what loads after the first view then takes no bandwidth from it. */
export function afterFirstAnswers(client: QueryClient): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (client.isFetching() > 0) return;
      unsubscribe();
      resolve();
    };
    const unsubscribe = client.getQueryCache().subscribe(check);
    check();
  });
}
