import type { Filter } from '../../../shared/filter/index.ts';
import { formatCount } from '../../../shared/format-count.ts';
import { useApiQuery } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { Panel } from '../../components/Panel.tsx';
import type { TimeRange } from '../../components/time-range/time-range-model.ts';
import { changeCounts, sectionRows, type CompareSection } from './compare-model.ts';
import { CompareTable } from './CompareTable.tsx';

interface CompareSectionPanelProps {
  section: CompareSection;
  /** The view's filter with the range's times, and with the base's. */
  rangeFilter: Filter;
  baseFilter: Filter;
  base: TimeRange;
  className?: string;
}

/** One dimension compared: a panel with its own loading, error and empty states. */
export function CompareSectionPanel({ section, rangeFilter, baseFilter, base, className }: CompareSectionPanelProps) {
  const query = useApiQuery(flowApi.compare(rangeFilter, section.by, base, section.limit));
  const compare = query.data;
  const rows = compare ? sectionRows(compare, section) : [];
  const counts = changeCounts(rows);
  const subtitle = compare
    ? [counts.new > 0 ? `${formatCount(counts.new)} new` : null, counts.gone > 0 ? `${formatCount(counts.gone)} gone` : null, counts.up + counts.down > 0 ? `${formatCount(counts.up + counts.down)} moved` : null]
        .filter(Boolean)
        .join(' · ') || 'No change'
    : undefined;
  const empty = compare && rows.length === 0 ? (section.appearedOrVanished ? `No ${section.noun} appeared or vanished.` : `No ${section.noun} in either range.`) : false;
  return (
    <Panel title={section.title} subtitle={subtitle} query={query} empty={empty} className={className}>
      {compare ? <CompareTable compare={compare} items={rows} rangeFilter={rangeFilter} baseFilter={baseFilter} caption={`${section.title}: now against before`} /> : null}
    </Panel>
  );
}
