const exact = new Intl.NumberFormat('en-US');
const short = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/**
 * How a count of flows, requests, samples or characters reads: `12,345` in full, or `12.3K` where
 * room is short (chart axes, graph badges).
 */
export function formatCount(value: number, style: 'exact' | 'short' = 'exact'): string {
  return (style === 'short' ? short : exact).format(value);
}
