import { formatCount } from '../../shared/format-count.ts';
import { MAX_POINTS_PER_SERIES } from '../../shared/promql-limits.ts';

const DURATION_UNITS_S: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };

/** Prometheus time: Unix seconds (with fraction) or RFC 3339. Null when unreadable (Prometheus says why). */
function parsePrometheusTime(text: string): number | null {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (!/^\d{4}-\d\d-\d\dT/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms / 1000;
}

/** A step: seconds (with fraction) or a Prometheus duration like `15s`, `1m30s`. */
function parsePrometheusStep(text: string): number | null {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  if (!/^(\d+(ms|s|m|h|d|w|y))+$/.test(text)) return null;
  let seconds = 0;
  for (const [, amount = '0', unit = 's'] of text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) seconds += Number(amount) * (DURATION_UNITS_S[unit] ?? 0);
  return seconds;
}

function roundUpStep(seconds: number): string {
  if (seconds < 1) return `${Math.ceil(seconds * 1000)}ms`;
  return `${Math.ceil(seconds)}s`;
}

/**
 * A Prometheus-style bad_data message when the range asks for more points per series than
 * Prometheus takes, else null: some compatible stores have no such limit and would build a huge
 * answer, so the proxy checks first and says which step would work.
 */
export function resolutionProblem(params: URLSearchParams): string | null {
  const start = parsePrometheusTime(params.get('start') ?? '');
  const end = parsePrometheusTime(params.get('end') ?? '');
  const step = parsePrometheusStep(params.get('step') ?? '');
  if (start === null || end === null || step === null || step <= 0 || end < start) return null;
  const points = (end - start) / step;
  if (points <= MAX_POINTS_PER_SERIES) return null;
  return (
    `step: exceeded maximum resolution of ${formatCount(MAX_POINTS_PER_SERIES)} points per timeseries ` +
    `(${formatCount(Math.floor(points))} asked); raise step to at least ${roundUpStep((end - start) / MAX_POINTS_PER_SERIES)} or shorten the range`
  );
}
