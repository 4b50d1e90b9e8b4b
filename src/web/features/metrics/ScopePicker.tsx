import type { Scope } from './promql.ts';
import type { ScopeOptions } from './scope-options.ts';

const selectClass =
  'h-8 max-w-48 rounded border border-slate-300 bg-white px-1.5 text-sm text-slate-800 disabled:opacity-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100';

/** The namespace → workload → pod variables, each offered from what Prometheus holds. */
export function ScopePicker({ scope, options, loading, onChange }: { scope: Scope; options: ScopeOptions | undefined; loading: boolean; onChange(level: keyof Scope, value: string | null): void }) {
  const field = (level: keyof Scope, label: string, values: readonly string[], disabledReason: string | null) => {
    const current = scope[level];
    // Keep a value from the URL selectable even when Prometheus no longer lists it.
    const choices = current && !values.includes(current) ? [current, ...values] : values;
    return (
      <label className="flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-300">
        {label}
        <select
          className={selectClass}
          value={current ?? ''}
          disabled={disabledReason !== null}
          title={disabledReason ?? undefined}
          onChange={(event) => onChange(level, event.target.value === '' ? null : event.target.value)}
        >
          <option value="">{loading && values.length === 0 ? 'Loading…' : 'All'}</option>
          {choices.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </label>
    );
  };
  return (
    <div role="group" aria-label="Variables" className="flex flex-wrap items-center gap-2">
      {field('namespace', 'Namespace', options?.namespaces ?? [], null)}
      {field('workload', 'Workload', options?.workloads ?? [], scope.namespace ? null : 'Choose a namespace first')}
      {field('pod', 'Pod', options?.pods ?? [], scope.namespace ? null : 'Choose a namespace first')}
    </div>
  );
}
