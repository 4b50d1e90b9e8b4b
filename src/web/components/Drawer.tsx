import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A side panel beside the content (not modal: the table stays usable). Focus moves in when it
 * opens and back to where it was when it closes; Escape closes it.
 */
export function Drawer({ title, onClose, children, actions }: { title: ReactNode; onClose(): void; children: ReactNode; actions?: ReactNode }) {
  const titleId = useId();
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    panel.current?.focus();
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, []);
  return (
    <aside
      ref={panel}
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
      className="flex h-full w-full flex-col border-l border-slate-200 bg-white shadow-xl outline-none dark:border-slate-800 dark:bg-slate-900"
    >
      <header className="flex items-center gap-2 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
        <h2 id={titleId} className="min-w-0 flex-1 truncate text-sm font-semibold">
          {title}
        </h2>
        {actions}
        <button type="button" className="btn-ghost" onClick={onClose} aria-label="Close details">
          ✕
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-auto">{children}</div>
    </aside>
  );
}
