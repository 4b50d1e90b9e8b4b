import { usePopover } from '../time-range/use-popover.ts';
import { helpEntries } from './suggest.ts';

const ENTRIES = helpEntries();

/** The "?" next to the filter bar: the vocabulary and how terms combine, from KEY_SPECS. */
export function FilterHelp() {
  const { open, setOpen, id, container, trigger } = usePopover();

  return (
    <div ref={container} className="relative">
      <button
        ref={trigger}
        type="button"
        aria-label="Filter syntax help"
        aria-expanded={open}
        aria-controls={open ? `${id}-help` : undefined}
        onClick={() => setOpen((was) => !was)}
        className="h-8 w-8 rounded border border-slate-300 bg-white text-sm font-semibold text-slate-700 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700"
      >
        ?
      </button>
      {open && (
        <div
          id={`${id}-help`}
          role="dialog"
          aria-label="Filter syntax"
          className="absolute right-0 top-full z-30 mt-1 max-h-[70vh] w-[36rem] max-w-[calc(100vw-2rem)] overflow-y-auto rounded-md border border-slate-200 bg-white p-3 text-sm text-slate-800 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200"
        >
          <ul className="mb-3 list-disc space-y-0.5 pl-5 text-xs">
            <li>
              Write <code className="font-mono">key=value</code> terms separated by spaces; quote values with spaces: <code className="font-mono">http-path="/a b"</code>.
            </li>
            <li>Values of one key are ORed; different keys are ANDed.</li>
            <li>
              <code className="font-mono">key!=value</code> excludes matching flows.
            </li>
            <li>
              Keys marked <em>from-/to-</em> also come as <code className="font-mono">from-key</code> (source) and <code className="font-mono">to-key</code> (destination);
              the plain key matches either side.
            </li>
            <li>
              <code className="font-mono">pod</code> and <code className="font-mono">service</code> without a namespace match in every namespace (not just default).
            </li>
          </ul>
          <table className="w-full border-collapse text-left text-xs">
            <thead className="text-slate-500 dark:text-slate-400">
              <tr>
                <th scope="col" className="py-1 pr-2 font-medium">Key</th>
                <th scope="col" className="py-1 pr-2 font-medium">Matches</th>
                <th scope="col" className="py-1 font-medium">Example</th>
              </tr>
            </thead>
            <tbody>
              {ENTRIES.map((entry) => (
                <tr key={entry.name} className="border-t border-slate-100 align-top dark:border-slate-800">
                  <th scope="row" className="whitespace-nowrap py-1 pr-2 font-mono font-semibold">
                    {entry.name}
                    {entry.sided && <span className="block font-sans text-[10px] font-normal italic text-slate-500 dark:text-slate-400">from-/to-</span>}
                  </th>
                  <td className="py-1 pr-2">{entry.help}</td>
                  <td className="whitespace-nowrap py-1 font-mono text-sky-800 dark:text-sky-300">{entry.example}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
