import type { Compare, CompareChange, CompareDimension, CompareItem } from '../../../shared/api-compare.ts';
import { MAX_COMPARE_LIMIT } from '../../../shared/api-limits.ts';

/** What the Compare view shows, one table per dimension, in this order. */
export interface CompareSection {
  by: CompareDimension;
  title: string;
  /** What a row is, for the empty state ("No drop reasons in either range"). */
  noun: string;
  limit: number;
  /** Only new and vanished values (edges: every pair that still talks is in the graph). */
  appearedOrVanished?: boolean;
}

export const COMPARE_SECTIONS: readonly CompareSection[] = [
  { by: 'edge', title: 'New and vanished connections', noun: 'connections', limit: MAX_COMPARE_LIMIT, appearedOrVanished: true },
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

/** The rows a section shows, in the server's order (largest move first). */
export function sectionRows(compare: Compare, section: CompareSection): CompareItem[] {
  return section.appearedOrVanished ? compare.items.filter((item) => item.change === 'new' || item.change === 'gone') : compare.items;
}

/** How each kind of change reads, for people and screen readers alike. */
export const CHANGE_LABELS: Record<CompareChange, string> = { new: 'new', gone: 'gone', up: '▲ up', down: '▼ down', same: 'same' };

/** Counts of each kind of change among the items (for a section's subtitle). */
export function changeCounts(items: readonly CompareItem[]): Record<CompareChange, number> {
  const counts: Record<CompareChange, number> = { new: 0, gone: 0, up: 0, down: 0, same: 0 };
  for (const item of items) counts[item.change]++;
  return counts;
}
