/**
 * Intl number formats, made the first time each is needed: a page's first Intl call costs tens to
 * hundreds of milliseconds (the browser loads its locale data), and whole counts need none.
 */
let exact: Intl.NumberFormat | null = null;
let short: Intl.NumberFormat | null = null;

/** en-US compact suffixes by power of a thousand. */
const SUFFIXES = ['', 'K', 'M', 'B', 'T'];

/** `1234567` → `1,234,567`, as en-US Intl writes whole numbers. */
const withSeparators = (value: number): string => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * `12345` → `12.3K`, as en-US Intl's compact notation with one fraction digit writes whole counts
 * (rounding half away from zero, `999,950` → `1M`), without asking it. Tenths are a whole division
 * away from the count, so no binary fraction rounds the wrong way.
 */
function shortWhole(value: number): string {
  const size = Math.abs(value);
  let power = 0;
  while (power < SUFFIXES.length - 1 && size >= 1000 ** (power + 1)) power++;
  let tenths = Math.round((size * 10) / 1000 ** power);
  if (tenths >= 10_000 && power < SUFFIXES.length - 1) tenths = Math.round((size * 10) / 1000 ** ++power);
  const digits = tenths % 10 === 0 ? String(tenths / 10) : `${Math.floor(tenths / 10)}.${tenths % 10}`;
  return `${value < 0 ? '-' : ''}${digits}${SUFFIXES[power]}`;
}

/**
 * How a count of flows, requests, samples or characters reads: `12,345` in full, or `12.3K` where
 * room is short (chart axes, graph badges).
 */
export function formatCount(value: number, style: 'exact' | 'short' = 'exact'): string {
  if (style === 'short' && Number.isSafeInteger(value)) return shortWhole(value);
  if (style === 'short') return (short ??= new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })).format(value);
  if (Number.isSafeInteger(value)) return withSeparators(value);
  return (exact ??= new Intl.NumberFormat('en-US')).format(value);
}
