import { workloadOfPod, type Scope } from './promql.ts';

/** Choices for the namespace / workload / pod variables, from Hubble's `namespace/pod` label values. */
export interface ScopeOptions {
  namespaces: string[];
  workloads: string[];
  pods: string[];
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

export function scopeOptionsFromPodRefs(refs: readonly string[], scope: Scope): ScopeOptions {
  const pods = refs
    .map((ref) => {
      const slash = ref.indexOf('/');
      return slash > 0 && slash < ref.length - 1 ? { namespace: ref.slice(0, slash), pod: ref.slice(slash + 1) } : null;
    })
    .filter((entry) => entry !== null);
  const inNamespace = pods.filter((entry) => entry.namespace === scope.namespace);
  const inWorkload = inNamespace.filter((entry) => !scope.workload || workloadOfPod(entry.pod) === scope.workload);
  return {
    namespaces: sorted(pods.map((entry) => entry.namespace)),
    workloads: sorted(inNamespace.map((entry) => workloadOfPod(entry.pod))),
    pods: sorted(inWorkload.map((entry) => entry.pod)),
  };
}
