import type { ReactNode } from 'react';
import { formatCount } from '../../shared/format-count.ts';
import type { Top, TopDimension } from '../../shared/api-dashboards.ts';
import type { Filter } from '../../shared/filter/index.ts';
import { useApiQuery } from '../api/api-query.ts';
import { flowApi } from '../api/requests.ts';
import { Panel } from './Panel.tsx';
import { TopList } from './TopList.tsx';
import { flowsHref } from './view-toolbar/filter-view.ts';

type TopItem = Top['items'][number];

interface TopPanelProps {
  title: string;
  by: TopDimension;
  filter: Filter;
  limit?: number;
  /** How a value reads (a drop reason's meaning, a status class's name). */
  label?(item: TopItem): string;
  empty?: string;
  barClass?: string;
  /** Extra content under the list (an explanation). */
  footer?(top: Top): ReactNode;
  className?: string;
  /**
   * Count requests only (`reply=false`): a reply's destination is the client, so with replies a
   * port list fills with clients' ephemeral ports and every pair shows up twice, once each way.
   */
  requestsOnly?: boolean;
}

/**
 * `7,546 distinct · 200,000 flows`; for values only some flows have (external names, DNS
 * queries, drop reasons), the flows with one: `2,989 distinct · 17,169 flows`.
 */
export function topSubtitle(top: Pick<Top, 'distinct' | 'counted'>, unit: string): string {
  return `${formatCount(top.distinct)} distinct · ${formatCount(top.counted)} ${unit}`;
}

const REQUESTS_ONLY = { key: 'reply', negate: false, value: 'false' } as const;

/** The biggest values of one dimension; each row opens Flows filtered to it. */
export function TopPanel({ title, by, filter: viewFilter, limit = 8, label, empty = 'Nothing in this range', barClass, footer, className, requestsOnly = false }: TopPanelProps) {
  const filter = requestsOnly ? [...viewFilter, REQUESTS_ONLY] : viewFilter;
  const query = useApiQuery(flowApi.top(filter, by, limit));
  const top = query.data;
  const subtitle = top ? topSubtitle(top, requestsOnly ? 'requests' : 'flows') : undefined;
  return (
    <Panel title={title} subtitle={subtitle} query={query} empty={top && top.items.length === 0 ? empty : false} className={className}>
      {top ? (
        <>
          <TopList items={top.items} total={top.counted} href={(item) => flowsHref(filter, item.terms)} label={label} barClass={barClass} unit={requestsOnly ? 'requests' : 'flows'} />
          {footer ? footer(top) : null}
        </>
      ) : null}
    </Panel>
  );
}
