import { useId } from 'react';
import { formatCount } from '../../../shared/format-count.ts';
import { Link } from 'react-router';
import type { Problem } from '../../../shared/api-dashboards.ts';
import { dropReasonHelp } from '../../../shared/drop-reasons.ts';
import type { Filter } from '../../../shared/filter/index.ts';
import { Sparkline } from '../../components/Sparkline.tsx';
import { flowsHref, withTerms } from '../../components/view-toolbar/filter-view.ts';
import { detailLabel, problemHeadline, problemWhen } from './error-view.ts';
import { ProblemFlows } from './ProblemFlows.tsx';

const CATEGORY_TONE: Record<Problem['category'], string> = {
  drop: 'text-dropped',
  http_5xx: 'text-error',
  http_4xx: 'text-audit',
  dns: 'text-info',
  kafka: 'text-forwarded',
};

interface ProblemRowProps {
  problem: Problem;
  /** The request's filter; the problem's terms are added to it. */
  filter: Filter;
  expanded: boolean;
  onToggle(): void;
  nowMs: number;
}

/** One grouped problem: what, how often, since when; expands to its newest flows. */
export function ProblemRow({ problem, filter, expanded, onToggle, nowMs }: ProblemRowProps) {
  const panelId = useId();
  const own = withTerms(filter, problem.terms);
  const busiest = problem.destinationPods?.[0];
  const podNote = busiest && problem.destinationPods && problem.destinationPods.length > 0 ? `${busiest.pod} ${Math.round((busiest.count / problem.count) * 100)}%` : null;
  return (
    <li className="border-b border-slate-100 last:border-0 dark:border-slate-800" data-problem={problem.category}>
      <div className="flex items-center gap-3 px-2 py-1.5">
        <button type="button" aria-expanded={expanded} aria-controls={panelId} onClick={onToggle} className="flex min-w-0 flex-1 items-center gap-2 rounded text-left hover:bg-slate-50 dark:hover:bg-slate-800/60">
          <span aria-hidden="true" className={`w-3 shrink-0 text-xs text-slate-500 transition-transform ${expanded ? 'rotate-90' : ''}`}>
            ▶
          </span>
          <span className="min-w-0 flex-1">
            <span className="block truncate font-mono text-[12.5px] font-medium text-slate-900 dark:text-white">{problemHeadline(problem)}</span>
            <span className="block truncate text-xs text-slate-600 dark:text-slate-300">
              {problem.detail ? (
                <>
                  {detailLabel(problem)} <span className="font-mono">{problem.detail}</span> ·{' '}
                </>
              ) : null}
              {podNote ? (
                <>
                  most from <span className="font-mono">{podNote}</span> ·{' '}
                </>
              ) : null}
              {problemWhen(problem, nowMs)}
            </span>
          </span>
        </button>
        <span className={`hidden w-32 shrink-0 sm:block ${CATEGORY_TONE[problem.category]}`}>
          <Sparkline values={problem.sparkline} className="h-7 w-full" label={`${formatCount(problem.count)} over time`} />
        </span>
        <Link to={flowsHref(filter, problem.terms)} className="btn shrink-0 !py-0.5 !text-xs" aria-label={`Open in Flows: ${problemHeadline(problem)}`}>
          Open in Flows
        </Link>
      </div>
      {expanded ? (
        <div id={panelId} className="mb-2 ml-7 mr-2 rounded border border-slate-200 bg-slate-50 p-2 dark:border-slate-700 dark:bg-slate-950">
          {problem.category === 'drop' ? <p className="mb-1.5 text-xs text-slate-700 dark:text-slate-300">{dropReasonHelp(problem.reason).meaning}</p> : null}
          <ProblemFlows filter={own} />
        </div>
      ) : null}
    </li>
  );
}
