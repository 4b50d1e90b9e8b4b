import { useEffect, useId, useRef, useState } from 'react';
import { COLUMN_META } from './columns.tsx';
import { COLUMN_IDS, type ColumnId } from './view-state.ts';

/** Show/hide table columns; the choice is kept in the URL (`cols`). */
export function ColumnPicker({ columns, onChange }: { columns: ColumnId[]; onChange(columns: ColumnId[]): void }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const toggle = (id: ColumnId) => {
    const next = columns.includes(id) ? columns.filter((c) => c !== id) : [...columns, id];
    if (next.length > 0) onChange(COLUMN_IDS.filter((c) => next.includes(c)));
  };
  return (
    <div
      ref={container}
      className="relative"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button type="button" className="btn" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        Columns
        <span aria-hidden="true" className="text-[10px]">
          ▾
        </span>
      </button>
      {open ? (
        <fieldset
          id={panelId}
          className="absolute right-0 z-30 mt-1 w-48 rounded-md border border-slate-200 bg-white p-2 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-800"
        >
          <legend className="sr-only">Visible columns</legend>
          {COLUMN_IDS.map((id) => (
            <label key={id} className="flex cursor-pointer items-center gap-2 rounded px-1.5 py-1 hover:bg-slate-100 dark:hover:bg-slate-700">
              <input
                type="checkbox"
                className="accent-sky-700"
                checked={columns.includes(id)}
                disabled={columns.length === 1 && columns.includes(id)}
                onChange={() => toggle(id)}
              />
              {COLUMN_META[id].label}
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
