/** Value formatting shared by the metric charts. */
export type Unit = 'per-second' | 'ratio' | 'seconds' | 'count';

function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${trim(value / 1e9)}G`;
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e3) return `${trim(value / 1e3)}k`;
  if (abs === 0) return '0';
  if (abs < 0.01) return value.toExponential(1);
  return trim(value);
}

function trim(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return String(Number(value.toFixed(digits)));
}

/** `12.5/s`, `3.2%`, `180 ms`, `1.2k`. */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'per-second':
      return `${compact(value)}/s`;
    case 'ratio':
      return `${trim(value * 100)}%`;
    case 'seconds':
      if (value === 0) return '0 s';
      if (Math.abs(value) < 1e-3) return `${trim(value * 1e6)} µs`;
      if (Math.abs(value) < 1) return `${trim(value * 1000)} ms`;
      return `${trim(value)} s`;
    case 'count':
      return compact(value);
  }
}
