import type { ReactNode } from 'react';

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="flex flex-col items-center justify-center gap-2 p-10 text-center text-sm text-slate-600 dark:text-slate-300">
      <p className="text-base font-medium text-slate-800 dark:text-slate-100">{title}</p>
      {children}
    </div>
  );
}
