import type { ReactNode } from 'react';
import { errorMessage } from '../api/client.ts';
import type { PrometheusStatus } from '../../shared/api.ts';
import { usePrometheusStatus } from '../api/prometheus-hooks.ts';
import { EmptyState } from './EmptyState.tsx';
import { ErrorState } from './ErrorState.tsx';
import { Spinner } from './Spinner.tsx';

/**
 * Shows its children only when a Prometheus is configured and answering; otherwise says which of
 * the four it is (not configured, still starting, unreachable, holding no Hubble/Retina metrics)
 * and what to do.
 */
export function PrometheusGate({ children, needMetrics = true }: { children: (status: PrometheusStatus) => ReactNode; needMetrics?: boolean }) {
  const status = usePrometheusStatus();
  if (status.isPending) return <Spinner className="m-6" label="Asking the server about Prometheus…" />;
  if (status.isError) return <ErrorState title="Cannot read the Prometheus status" message={errorMessage(status.error)} action={<RetryButton onClick={() => void status.refetch()} />} />;
  const data = status.data;
  if (!data.configured) {
    return (
      <EmptyState title="No Prometheus configured">
        <p>
          The metric dashboards read Hubble and Retina metrics from Prometheus. Start flowlens with{' '}
          <code className="rounded bg-slate-100 px-1 font-mono dark:bg-slate-800">--prometheus URL</code> (or set{' '}
          <code className="rounded bg-slate-100 px-1 font-mono dark:bg-slate-800">FLOWLENS_PROMETHEUS_URL</code>), e.g.{' '}
          <code className="rounded bg-slate-100 px-1 font-mono dark:bg-slate-800">--prometheus http://prometheus.monitoring:9090</code>.
        </p>
        <p>The README’s “Metrics” section lists the options (credentials, headers, Azure Monitor).</p>
      </EmptyState>
    );
  }
  if (data.starting) {
    return (
      <EmptyState title="Prometheus is starting">
        <Spinner label={`${sentence(data.starting)}…`} />
        <p>The dashboards show as soon as it answers.</p>
      </EmptyState>
    );
  }
  if (!data.reachable) {
    return (
      <ErrorState
        title={`Prometheus at ${data.url ?? 'the configured URL'} is not answering`}
        message={data.error ?? 'No answer.'}
        action={<RetryButton onClick={() => void status.refetch()} />}
      />
    );
  }
  if (needMetrics && data.families.hubble.length === 0 && data.families.retina.length === 0) {
    return (
      <EmptyState title="No Hubble or Retina metrics yet">
        <p>
          Prometheus at {data.url} answers{data.version ? ` (version ${data.version})` : ''}, but holds no <code className="font-mono">hubble_*</code> or{' '}
          <code className="font-mono">networkobservability_*</code> series. Check that it scrapes the Cilium/Hubble or Retina agents.
        </p>
      </EmptyState>
    );
  }
  return <>{children(data)}</>;
}

const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function RetryButton({ onClick }: { onClick(): void }) {
  return (
    <button type="button" className="btn" onClick={onClick}>
      Try again
    </button>
  );
}
