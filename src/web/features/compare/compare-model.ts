import { COMPARE_CHANGES, type Compare, type CompareChange, type CompareDimension, type CompareItem } from '../../../shared/api-compare.ts';
import { MAX_COMPARE_LIMIT } from '../../../shared/api-limits.ts';
import { formatCount } from '../../../shared/format-count.ts';

/** What the Compare view shows, one table per dimension, in this order. */
export interface CompareSection {
  by: CompareDimension;
  title: string;
  /** What a row is, for the empty state ("No drop reasons in either range"). */
  noun: string;
  limit: number;
  /** The kinds of change listed when not every kind (edges: only new and vanished ones, as every pair that still talks is in the graph). */
  changes?: readonly CompareChange[];
}

export const COMPARE_SECTIONS: readonly CompareSection[] = [
  { by: 'edge', title: 'New and vanished connections', noun: 'connections', limit: MAX_COMPARE_LIMIT, changes: ['new', 'gone'] },
  { by: 'drop-reason', title: 'Drop reasons', noun: 'drop reasons', limit: 10 },
  { by: 'destination-fqdn', title: 'External names (FQDN)', noun: 'external names', limit: 10 },
  { by: 'dns-rcode', title: 'DNS answers', noun: 'DNS answers', limit: 10 },
  { by: 'destination-port', title: 'Destination ports', noun: 'ports', limit: 10 },
  { by: 'http-status-class', title: 'HTTP status classes', noun: 'HTTP responses', limit: 10 },
  { by: 'policy', title: 'Policies', noun: 'policy verdicts', limit: 10 },
];

/** Share of its range's flows, 0–1 (0 for an empty range). */
const share = (count: number, total: number): number => (total > 0 ? count / total : 0);

/** How much the item's share of its range's flows moved, in percentage points (+ grew). */
export function shareChange(item: CompareItem, compare: Pick<Compare, 'range' | 'base'>): number {
  return (share(item.count, compare.range.total) - share(item.baseCount, compare.base.total)) * 100;
}

/** `+3.2 pp`, `−0.4 pp`, `−0.03 pp` (a small value's move), `±0 pp` (under 0.005 either way). */
export function formatShareChange(points: number): string {
  const size = Math.abs(points);
  if (size < 0.005) return '±0 pp';
  const digits = size >= 10 ? size.toFixed(0) : size >= 0.1 ? size.toFixed(1) : size.toFixed(2);
  return `${points > 0 ? '+' : '−'}${digits} pp`;
}

/**
 * A section's subtitle: how many values changed each way, listed or not (`13,439 new · 13,401
 * gone · the 100 biggest listed`), only the kinds it lists; `No change` when none did.
 */
export function sectionSubtitle(compare: Compare, section: CompareSection): string {
  const listed = section.changes ?? COMPARE_CHANGES;
  const { changes } = compare;
  const sum = (kinds: readonly CompareChange[]) => kinds.reduce((total, kind) => total + (listed.includes(kind) ? changes[kind] : 0), 0);
  const parts = ([[['new'], 'new'], [['gone'], 'gone'], [['up', 'down'], 'moved']] as const).flatMap(([kinds, word]) => {
    const count = sum(kinds);
    return count > 0 ? [`${formatCount(count)} ${word}`] : [];
  });
  if (parts.length === 0) return 'No change';
  // Fewer items than values of the kinds listed: the list was cut at its limit.
  return sum(COMPARE_CHANGES) > compare.items.length ? [...parts, `the ${formatCount(compare.items.length)} biggest listed`].join(' · ') : parts.join(' · ');
}

/** How each kind of change reads, for people and screen readers alike. */
export const CHANGE_LABELS: Record<CompareChange, string> = { new: 'new', gone: 'gone', up: '▲ up', down: '▼ down', same: 'same' };
