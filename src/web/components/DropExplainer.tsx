import { dropReasonHelp } from '../../shared/drop-reasons.ts';
import type { Flow, Policy } from '../../shared/flow.ts';
import { dropReasonName } from '../../shared/vocabulary.ts';

const policyName = (policy: Policy): string => [policy.namespace, policy.name].filter(Boolean).join('/') || '(unnamed policy)';

/** Why a dropped flow was dropped, in plain words: the reason, the policy that decided, what to check. */
export function DropExplainer({ flow }: { flow: Flow }) {
  if (flow.verdict !== 'DROPPED' && flow.verdict !== 'ERROR') return null;
  const reason = dropReasonName(flow.drop_reason_desc, flow.drop_reason);
  if (!reason) return null;
  const help = dropReasonHelp(reason);
  const denied = [
    ...(flow.ingress_denied_by ?? []).map((policy) => ({ side: 'ingress', policy })),
    ...(flow.egress_denied_by ?? []).map((policy) => ({ side: 'egress', policy })),
  ];
  return (
    <section aria-label="Why it was dropped" className="mx-4 my-2 rounded-md border border-dropped/40 bg-dropped/5 p-3 text-[13px] dark:border-dropped/50 dark:bg-dropped/10">
      <h3 className="text-[11px] font-semibold tracking-wider text-dropped-ink uppercase">Why it was dropped</h3>
      <p className="mt-1 text-slate-800 dark:text-slate-100">{help.meaning}</p>
      {denied.length > 0 ? (
        <p className="mt-1.5 text-slate-700 dark:text-slate-200">
          Denied by{' '}
          {denied.map(({ side, policy }, index) => (
            <span key={`${side}-${index}`}>
              {index > 0 ? ', ' : ''}
              <span className="font-mono text-[12px]">{policyName(policy)}</span> ({side}
              {policy.kind ? `, ${policy.kind}` : ''})
            </span>
          ))}
        </p>
      ) : help.policy ? (
        <p className="mt-1.5 text-slate-600 dark:text-slate-300">The flow does not name the policy (no ingress/egress_denied_by): look for policies selecting either pod.</p>
      ) : null}
      <p className="mt-2 text-[11px] font-semibold text-slate-600 dark:text-slate-300">What to check</p>
      <ul className="mt-0.5 list-disc pl-5 text-slate-700 dark:text-slate-200">
        {help.check.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}
