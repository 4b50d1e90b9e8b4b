/** @vitest-environment happy-dom */
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from './App.tsx';
import { createQueryClient } from './query-client.ts';

/** Where the app goes after opening `url`, redirects followed. */
async function landOn(url: string): Promise<string> {
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  // The target's page loads lazily; where the router is going is known before that.
  const target = () => router.state.navigation.location ?? router.state.location;
  await vi.waitFor(() => expect(target().pathname).not.toBe('/'), { timeout: 10_000 });
  const { pathname, search, hash } = target();
  return `${pathname}${search}${hash}`;
}

describe('routes', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('open the Dashboard at /, and Flows for links to / made before Flows had its own path', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"error":"not in this test"}', { status: 503 })));
    expect(await landOn('/')).toBe('/dashboard');
    expect(await landOn('/?verdict=DROPPED&drop-reason-desc=POLICY_DENIED')).toBe('/flows?verdict=DROPPED&drop-reason-desc=POLICY_DENIED');
  });
});
