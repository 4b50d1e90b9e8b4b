import type { Graph, GraphEdge, GraphNode } from '../../../shared/api-graph.ts';

/**
 * Graphs shaped like the demo cluster's, for tests and the layout benchmark: the shop (with its
 * injected problems) and a synthetic cluster of `team-NNN` namespaces with 25 workloads each.
 */

function edge(source: string, target: string, flows: number, extra: Partial<GraphEdge> = {}): GraphEdge {
  return { source, target, flows, dropped: 0, errors: 0, protocols: ['TCP'], ports: [8080], http5xx: 0, dnsErrors: 0, kafkaErrors: 0, ...extra };
}

function workload(namespace: string, name: string, flows: number, extra: Partial<GraphNode> = {}): GraphNode {
  return { id: `${namespace}/${name}`, kind: 'workload', namespace, name, workloadKind: 'Deployment', flows, dropped: 0, errors: 0, ...extra };
}

export function shopGraph(): Graph {
  const nodes: GraphNode[] = [
    workload('ingress-nginx', 'ingress-nginx', 4000),
    workload('shop', 'frontend', 6000),
    workload('shop', 'catalog', 3000, { errors: 900 }),
    workload('shop', 'cart', 2500, { errors: 120 }),
    workload('shop', 'checkout', 1200, { dropped: 300, errors: 300 }),
    workload('shop', 'orders-worker', 800, { errors: 80 }),
    workload('payments', 'payments-api', 700, { dropped: 300, errors: 300 }),
    workload('payments', 'payments-gateway', 600),
    workload('data', 'kafka', 900, { errors: 80 }),
    workload('kube-system', 'coredns', 2000, { errors: 120 }),
    { id: 'world:api.stripe.example', kind: 'world', namespace: null, name: 'api.stripe.example', flows: 200, dropped: 0, errors: 0 },
  ];
  const edges: GraphEdge[] = [
    edge('ingress-nginx/ingress-nginx', 'shop/frontend', 4000, { protocols: ['TCP', 'http'] }),
    edge('shop/frontend', 'shop/catalog', 3000, { errors: 900, http5xx: 800, protocols: ['TCP', 'http'] }),
    edge('shop/frontend', 'shop/cart', 2400, { protocols: ['TCP', 'http'] }),
    edge('shop/cart', 'kube-system/coredns', 100, { errors: 100, dnsErrors: 100, protocols: ['UDP', 'dns'], ports: [53] }),
    edge('shop/checkout', 'payments/payments-api', 300, { dropped: 300, errors: 300, ports: [8443] }),
    edge('shop/checkout', 'payments/payments-gateway', 600),
    edge('payments/payments-gateway', 'world:api.stripe.example', 200, { ports: [443] }),
    edge('shop/orders-worker', 'data/kafka', 800, { errors: 80, kafkaErrors: 80, protocols: ['TCP', 'kafka'], ports: [9092] }),
    edge('shop/frontend', 'kube-system/coredns', 1900, { protocols: ['UDP', 'dns'], ports: [53] }),
  ];
  return { group: 'workload', nodes, edges, flows: 20_000 };
}

/** `workloads` workloads in namespaces of 25, about `edgesPerNode` edges each, mostly within a namespace. */
export function syntheticGraph(workloads: number, edgesPerNode = 5, seed = 1): Graph {
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const nodes: GraphNode[] = [];
  for (let i = 0; i < workloads; i++) nodes.push(workload(`team-${String(Math.floor(i / 25)).padStart(3, '0')}`, `svc-${i}`, 100));
  const edges = new Map<string, GraphEdge>();
  for (let i = 0; i < workloads; i++) {
    for (let k = 0; k < edgesPerNode; k++) {
      const local = random() < 0.8;
      const j = local ? Math.floor(i / 25) * 25 + Math.floor(random() * 25) : Math.floor(random() * workloads);
      if (j === i || j >= workloads) continue;
      const failing = random() < 0.01;
      const flows = 1 + Math.floor(random() * 1000);
      edges.set(`${i}-${j}`, edge(nodes[i]!.id, nodes[j]!.id, flows, failing ? { dropped: flows, errors: flows } : {}));
    }
  }
  return { group: 'workload', nodes, edges: [...edges.values()], flows: workloads * 100 };
}
