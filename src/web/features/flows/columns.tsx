import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import { VerdictBadge } from '../../components/VerdictBadge.tsx';
import type { EndpointCell, FlowRow } from './row-model.ts';
import type { ColumnId } from './view-state.ts';

/** Column labels and widths (px) in one place: the table, its header and the picker use these. */
export const COLUMN_META: Record<ColumnId, { label: string; width: number; grow?: boolean }> = {
  time: { label: 'Time (UTC)', width: 156 },
  source: { label: 'Source', width: 220, grow: true },
  destination: { label: 'Destination', width: 220, grow: true },
  port: { label: 'Port', width: 84 },
  l7: { label: 'L7', width: 240, grow: true },
  verdict: { label: 'Verdict', width: 128 },
  dropReason: { label: 'Drop reason', width: 160 },
  node: { label: 'Node', width: 180 },
};

function Endpoint({ cell }: { cell: EndpointCell }) {
  return (
    <span className="flex min-w-0 items-baseline gap-1.5" title={cell.title}>
      <span className="min-w-0 truncate font-mono text-[12px]">{cell.primary}</span>
      {/* The workload gives way first: the pod name carries it too. */}
      {cell.secondary ? <span className="min-w-8 shrink-[100] truncate text-[11px] text-slate-600 dark:text-slate-400">{cell.secondary}</span> : null}
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
          className={`block truncate font-mono text-[12px] ${isL7Error ? 'font-medium text-failure-ink' : ''}`}
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
    // Node names share long prefixes (aks-nodepool1-12345678-vmss…): cut them at the start.
    cell: (info) => (
      <span className="block truncate text-left text-[12px] text-slate-600 [direction:rtl] dark:text-slate-300" title={info.getValue()}>
        {info.getValue()}
      </span>
    ),
  }),
];
