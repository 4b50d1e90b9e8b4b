import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import { VerdictBadge } from '../../components/VerdictBadge.tsx';
import type { EndpointCell, FlowRow } from './row-model.ts';
import type { ColumnId } from './view-state.ts';

/** Column labels and widths (px) in one place: the table, its header and the picker use these. */
export const COLUMN_META: Record<ColumnId, { label: string; width: number; grow?: boolean }> = {
  time: { label: 'Time (UTC)', width: 150 },
  source: { label: 'Source', width: 250, grow: true },
  destination: { label: 'Destination', width: 250, grow: true },
  port: { label: 'Port', width: 84 },
  l7: { label: 'L7', width: 280, grow: true },
  verdict: { label: 'Verdict', width: 112 },
  dropReason: { label: 'Drop reason', width: 150 },
  node: { label: 'Node', width: 200 },
};

function Endpoint({ cell }: { cell: EndpointCell }) {
  return (
    <span className="flex min-w-0 items-baseline gap-1.5" title={cell.title}>
      <span className="truncate font-mono text-[12px]">{cell.primary}</span>
      {cell.secondary ? <span className="truncate text-[11px] text-slate-500 dark:text-slate-400">{cell.secondary}</span> : null}
    </span>
  );
}

const column = createColumnHelper<FlowRow>();

export const FLOW_COLUMNS: ColumnDef<FlowRow, string>[] = [
  column.accessor('time', {
    id: 'time',
    cell: (info) => (
      <span className="font-mono text-[12px] text-slate-600 dark:text-slate-300" title={info.row.original.timeTitle}>
        {info.getValue()}
      </span>
    ),
  }),
  column.accessor((row) => row.source.primary, { id: 'source', cell: (info) => <Endpoint cell={info.row.original.source} /> }),
  column.accessor((row) => row.destination.primary, { id: 'destination', cell: (info) => <Endpoint cell={info.row.original.destination} /> }),
  column.accessor('port', {
    id: 'port',
    cell: (info) => (
      <span className="font-mono text-[12px]" title={info.row.original.portTitle}>
        {info.getValue()}
      </span>
    ),
  }),
  column.accessor('l7', {
    id: 'l7',
    cell: (info) => {
      const category = info.row.original.facts.errorCategory;
      const isL7Error = category !== '' && category !== 'drop';
      return (
        <span
          className={`block truncate font-mono text-[12px] ${isL7Error ? 'font-medium text-[#a34700] dark:text-[#ff9d5c]' : ''}`}
          title={info.getValue()}
        >
          {info.getValue()}
        </span>
      );
    },
  }),
  column.accessor('verdict', { id: 'verdict', cell: (info) => <VerdictBadge verdict={info.getValue()} /> }),
  column.accessor('dropReason', {
    id: 'dropReason',
    cell: (info) => (
      <span className="block truncate text-[12px]" title={info.getValue()}>
        {info.getValue()}
      </span>
    ),
  }),
  column.accessor('node', {
    id: 'node',
    cell: (info) => (
      <span className="block truncate text-[12px] text-slate-600 dark:text-slate-300" title={info.getValue()}>
        {info.getValue()}
      </span>
    ),
  }),
];
