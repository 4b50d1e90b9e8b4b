import type { Filter } from '../../../shared/filter/index.ts';
import { useApiQuery } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { Panel } from '../../components/Panel.tsx';
import type { TimeRange } from '../../components/time-range/time-range-model.ts';
import { sectionSubtitle, type CompareSection } from './compare-model.ts';
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
  const query = useApiQuery(flowApi.compare(rangeFilter, section.by, base, section.limit, section.changes));
  const compare = query.data;
  const subtitle = compare ? sectionSubtitle(compare, section) : undefined;
  const empty = compare && compare.items.length === 0 ? (section.changes ? `No ${section.noun} appeared or vanished.` : `No ${section.noun} in either range.`) : false;
  return (
    <Panel title={section.title} subtitle={subtitle} query={query} empty={empty} className={className}>
      {compare ? <CompareTable compare={compare} items={compare.items} rangeFilter={rangeFilter} baseFilter={baseFilter} caption={`${section.title}: now against before`} /> : null}
    </Panel>
  );
}
