import { flexRender, getCoreRowModel, useReactTable, type VisibilityState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { COLUMN_META, FLOW_COLUMNS } from './columns.tsx';
import type { FlowRow } from './row-model.ts';
import { COLUMN_IDS, type ColumnId, type SortState } from './view-state.ts';

const ROW_HEIGHT = 28;
/** Fetch the next page when the last rendered row is this close to the end. */
const PREFETCH_ROWS = 40;

interface FlowTableProps {
  rows: FlowRow[];
  columns: ColumnId[];
  sort: SortState;
  onSortChange(sort: SortState): void;
  selectedKey: string | null;
  onSelect(key: string): void;
  /** Rows may be added on top (live follow); keep the reader's place when they scrolled down. */
  keepPlaceOnPrepend: boolean;
  loadMore(): void;
  canLoadMore: boolean;
}

function ariaSort(sort: SortState, id: ColumnId): 'ascending' | 'descending' | 'none' {
  if (sort.column !== id) return 'none';
  return sort.desc ? 'descending' : 'ascending';
}

export function FlowTable({ rows, columns, sort, onSortChange, selectedKey, onSelect, keepPlaceOnPrepend, loadMore, canLoadMore }: FlowTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  const columnVisibility = useMemo<VisibilityState>(() => Object.fromEntries(COLUMN_IDS.map((id) => [id, columns.includes(id)])), [columns]);
  // TanStack Table is used for the column model; rows arrive already sorted (see sortRows).
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler in this app
  const table = useReactTable({
    data: rows,
    columns: FLOW_COLUMNS,
    state: { columnVisibility },
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.key,
    manualSorting: true,
  });
  const tableRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
  });
  const items = virtualizer.getVirtualItems();

  // New rows on top: if the reader is scrolled down, move the viewport by as many rows.
  const firstKey = useRef<string | null>(null);
  useLayoutEffect(() => {
    const previous = firstKey.current;
    firstKey.current = rows[0]?.key ?? null;
    const element = scroller.current;
    if (!keepPlaceOnPrepend || previous === null || !element || element.scrollTop < ROW_HEIGHT / 2) return;
    const shift = rows.findIndex((row) => row.key === previous);
    if (shift > 0) element.scrollTop += shift * ROW_HEIGHT;
  }, [rows, keepPlaceOnPrepend]);

  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (canLoadMore && lastIndex >= tableRows.length - PREFETCH_ROWS) loadMore();
  }, [lastIndex, tableRows.length, canLoadMore, loadMore]);

  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(tableRows.length - 1, index));
    setActiveIndex(target);
    virtualizer.scrollToIndex(target, { align: 'auto' });
    requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`tr[data-index="${target}"]`)?.focus());
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const index = Number((event.target as HTMLElement).closest('tr')?.dataset.index ?? NaN);
    if (Number.isNaN(index)) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 0) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      focusRow(Number.isFinite(move) ? index + move : move > 0 ? tableRows.length - 1 : 0);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const key = tableRows[index]?.original.key;
      if (key) onSelect(key);
    }
  };

  const minWidth = columns.reduce((sum, id) => sum + COLUMN_META[id].width, 0);
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const tabIndexRow = Math.min(activeIndex, tableRows.length - 1);

  return (
    <div ref={scroller} className="min-h-0 flex-1 overflow-auto" data-testid="flow-table-scroller">
      <table className="w-full table-fixed border-separate border-spacing-0 text-[13px]" style={{ minWidth }} aria-rowcount={tableRows.length + 1}>
        <colgroup>
          {table.getVisibleLeafColumns().map((col) => {
            const meta = COLUMN_META[col.id as ColumnId];
            // Growing columns share the spare width; the table's min-width keeps them readable.
            return <col key={col.id} style={meta.grow ? undefined : { width: meta.width }} />;
          })}
        </colgroup>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const id = header.column.id as ColumnId;
                const active = sort.column === id;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={ariaSort(sort, id)}
                    className="sticky top-0 z-10 h-8 border-b border-slate-200 bg-slate-100 px-0 text-left text-[11px] font-semibold tracking-wide text-slate-600 uppercase dark:border-slate-700 dark:bg-slate-800 dark:text-slate-300"
                  >
                    <button
                      type="button"
                      className="flex h-full w-full items-center gap-1 px-2 text-left uppercase hover:text-slate-900 dark:hover:text-white"
                      title={id === 'time' ? 'Sort by time' : `Sort the loaded rows by ${COLUMN_META[id].label.toLowerCase()}`}
                      onClick={() => onSortChange({ column: id, desc: active ? !sort.desc : id === 'time' })}
                    >
                      {COLUMN_META[id].label}
                      <span aria-hidden="true" className={active ? '' : 'opacity-0'}>
                        {active && !sort.desc ? '▲' : '▼'}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {padTop > 0 ? <tr aria-hidden="true" style={{ height: padTop }} /> : null}
          {items.map((item) => {
            const row = tableRows[item.index];
            if (!row) return null;
            const selected = row.original.key === selectedKey;
            const dropped = row.original.facts.errorCategory === 'drop';
            return (
              <tr
                key={row.id}
                data-index={item.index}
                aria-rowindex={item.index + 2}
                aria-current={selected ? 'true' : undefined}
                tabIndex={item.index === tabIndexRow ? 0 : -1}
                onClick={() => {
                  setActiveIndex(item.index);
                  onSelect(row.original.key);
                }}
                onFocus={() => setActiveIndex(item.index)}
                style={{ height: ROW_HEIGHT }}
                className={`cursor-pointer outline-none focus-visible:bg-sky-100 focus-visible:shadow-[inset_3px_0_0_var(--color-sky-600)] dark:focus-visible:bg-sky-900/50 ${
                  selected
                    ? 'bg-sky-100 shadow-[inset_3px_0_0_var(--color-sky-600)] dark:bg-sky-900/40'
                    : dropped
                      ? 'bg-dropped/[0.04] hover:bg-slate-100 dark:bg-dropped/[0.08] dark:hover:bg-slate-800'
                      : 'hover:bg-slate-100 dark:hover:bg-slate-800/70'
                }`}
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="overflow-hidden border-b border-slate-100 px-2 whitespace-nowrap dark:border-slate-800/80">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            );
          })}
          {padBottom > 0 ? <tr aria-hidden="true" style={{ height: padBottom }} /> : null}
        </tbody>
      </table>
    </div>
  );
}
