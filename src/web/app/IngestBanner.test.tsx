/** @vitest-environment happy-dom */
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Status } from '../../shared/api.ts';
import { IngestBanner } from './IngestBanner.tsx';
import { createQueryClient } from './query-client.ts';
import { REFRESH } from './refresh.ts';

function status(ready: boolean, flows = 51234): Status {
  return {
    ready,
    sources: ['/var/log/acns/hubble'],
    files: [],
    totals: { files: 3, bytesRead: 12 * 1024 * 1024, bytesTotal: 48 * 1024 * 1024, flows, evicted: 0, badLines: 0, linesPerSecond: 90000 },
    maxFlows: 2_000_000,
    lineKinds: { flow: flows },
    badLines: { byReason: {}, samples: [] },
    timeRange: { first: null, last: null },
  };
}

/** A view's query: counts how often it asked the server. */
function CountingView({ asked }: { asked: () => number }) {
  const data = useQuery({ queryKey: ['flows', 'view'], queryFn: async () => asked() });
  return <p>view asked {data.data ?? 0} times</p>;
}

describe('IngestBanner', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('shows read progress and flows so far while the first index is built', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(status(false)))));
    render(
      <QueryClientProvider client={createQueryClient()}>
        <IngestBanner />
      </QueryClientProvider>,
    );
    expect(await screen.findByRole('status')).toHaveTextContent('Indexing the flow logs…');
    expect(screen.getByText('12 MB of 48 MB read from 3 files')).toBeInTheDocument();
    expect(screen.getByText('51,234 flows so far')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Indexing progress' })).toHaveAttribute('aria-valuenow', '25');
  });

  it('goes once the index is built, and every view asks again so it fills in', async () => {
    const answers = [status(false, 10), status(false, 20), status(true, 30)];
    const fetchStatus = vi.fn(async () => new Response(JSON.stringify(answers.length > 1 ? answers.shift() : answers[0])));
    vi.stubGlobal('fetch', fetchStatus);
    // The poll's clock is the test's: no real seconds waited.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    let asked = 0;
    render(
      <QueryClientProvider client={createQueryClient()}>
        <IngestBanner />
        <CountingView asked={() => ++asked} />
      </QueryClientProvider>,
    );
    await vi.waitFor(() => expect(screen.getByText('10 flows so far')).toBeInTheDocument());
    await vi.waitFor(() => expect(screen.getByText('view asked 1 times')).toBeInTheDocument());
    // The status is polled every second while indexing: the count grows, the view is not asked again yet.
    await act(() => vi.advanceTimersByTimeAsync(REFRESH.indexBuilding));
    await vi.waitFor(() => expect(screen.getByText('20 flows so far')).toBeInTheDocument());
    expect(asked).toBe(1);
    await act(() => vi.advanceTimersByTimeAsync(REFRESH.indexBuilding));
    await vi.waitFor(() => expect(screen.queryByRole('status')).toBeNull());
    await vi.waitFor(() => expect(screen.getByText('view asked 2 times')).toBeInTheDocument());
  });

  it('shows nothing and asks nothing again when the index was built before the page opened', async () => {
    const fetchStatus = vi.fn(async () => new Response(JSON.stringify(status(true))));
    vi.stubGlobal('fetch', fetchStatus);
    let asked = 0;
    const { container } = render(
      <QueryClientProvider client={createQueryClient()}>
        <IngestBanner />
        <CountingView asked={() => ++asked} />
      </QueryClientProvider>,
    );
    await vi.waitFor(() => expect(fetchStatus).toHaveBeenCalled());
    expect(await screen.findByText('view asked 1 times')).toBeInTheDocument();
    expect(container.querySelector('[role="status"]')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(asked).toBe(1);
  });
});
