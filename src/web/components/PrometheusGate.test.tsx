/** @vitest-environment happy-dom */
import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../app/query-client.ts';
import { REFRESH } from '../app/refresh.ts';
import { PrometheusGate } from './PrometheusGate.tsx';

const families = { hubble: ['hubble_flows_processed_total'], retina: [] };

describe('PrometheusGate', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('says a Prometheus started here is still starting, then shows the dashboards once it answers', async () => {
    const answers = [
      { configured: true, url: 'http://127.0.0.1:9091', reachable: false, starting: 'the local Prometheus is starting with the demo’s last hour of metrics', families: { hubble: [], retina: [] } },
      { configured: true, url: 'http://127.0.0.1:9091', reachable: true, version: '2.42.0', families },
    ];
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(answers.length > 1 ? answers.shift() : answers[0]))));
    // The poll's clock is the test's: no real seconds waited.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    render(
      <QueryClientProvider client={createQueryClient()}>
        <PrometheusGate>{() => <p>the dashboards</p>}</PrometheusGate>
      </QueryClientProvider>,
    );
    await vi.waitFor(() => expect(screen.getByText('Prometheus is starting')).toBeInTheDocument());
    expect(screen.getByRole('status')).toHaveTextContent('The local Prometheus is starting with the demo’s last hour of metrics…');
    // Not an error: nothing to retry, it is polled until it answers.
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(REFRESH.prometheusStarting));
    await vi.waitFor(() => expect(screen.getByText('the dashboards')).toBeInTheDocument());
  });
});
