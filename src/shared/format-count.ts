/**
 * Intl number formats, made the first time each is needed: a page's first Intl call costs tens to
 * hundreds of milliseconds (the browser loads its locale data), and whole counts need none.
 */
let exact: Intl.NumberFormat | null = null;
let short: Intl.NumberFormat | null = null;

/** `1234567` → `1,234,567`, as en-US Intl writes whole numbers. */
const withSeparators = (value: number): string => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * How a count of flows, requests, samples or characters reads: `12,345` in full, or `12.3K` where
 * room is short (chart axes, graph badges).
 */
export function formatCount(value: number, style: 'exact' | 'short' = 'exact'): string {
  if (style === 'short') return (short ??= new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })).format(value);
  if (Number.isSafeInteger(value)) return withSeparators(value);
  return (exact ??= new Intl.NumberFormat('en-US')).format(value);
}
