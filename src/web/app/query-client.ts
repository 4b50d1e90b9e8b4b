import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client.ts';

/** Query defaults for the whole app, decided once here. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        gcTime: 5 * 60_000,
        refetchOnWindowFocus: false,
        // A 400 (bad filter) stays a 400; network hiccups and 5xx get two more tries.
        retry: (failureCount, error) => !(error instanceof ApiError && error.isClientError) && failureCount < 2,
        retryDelay: (attempt) => Math.min(500 * 2 ** attempt, 4000),
      },
    },
  });
}
