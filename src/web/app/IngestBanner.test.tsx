/** @vitest-environment jsdom */
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Status } from '../../shared/api.ts';
import { IngestBanner } from './IngestBanner.tsx';
import { createQueryClient } from './query-client.ts';

function status(ready: boolean): Status {
  return {
    ready,
    sources: ['/var/log/acns/hubble'],
    files: [],
    totals: { files: 3, bytesRead: 12 * 1024 * 1024, bytesTotal: 48 * 1024 * 1024, flows: 51234, evicted: 0, badLines: 0, linesPerSecond: 90000 },
    maxFlows: 2_000_000,
    lineKinds: { flow: 51234 },
    badLines: { byReason: {}, samples: [] },
    timeRange: { first: null, last: null },
  };
}

describe('IngestBanner', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows read progress and flows indexed while the first index is built', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(status(false)))));
    render(
      <QueryClientProvider client={createQueryClient()}>
        <IngestBanner />
      </QueryClientProvider>,
    );
    expect(await screen.findByText('Building the flow index…')).toBeInTheDocument();
    expect(screen.getByText('12 MB of 48 MB read from 3 files')).toBeInTheDocument();
    expect(screen.getByText('51,234 flows indexed')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Index build progress' })).toHaveAttribute('aria-valuenow', '25');
  });

  it('is gone once the index is ready', async () => {
    const fetchStatus = vi.fn(async () => new Response(JSON.stringify(status(true))));
    vi.stubGlobal('fetch', fetchStatus);
    const { container } = render(
      <QueryClientProvider client={createQueryClient()}>
        <IngestBanner />
      </QueryClientProvider>,
    );
    await vi.waitFor(() => expect(fetchStatus).toHaveBeenCalled());
    expect(container).toBeEmptyDOMElement();
  });
});
