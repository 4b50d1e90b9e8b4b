/** How each workload's inbound flows spread over its pods (flowstore/query/aggregates/imbalance.ts, grouped in SQL). */
import type { Imbalance } from '../../../shared/api-dashboards.ts';
import { inImbalanceOrder, workloadImbalance } from '../../flowstore/query/aggregates/imbalance.ts';
import type { ClickHouse } from '../connection.ts';
import { printWhere, type Expr } from '../sql/ast.ts';

export async function imbalance(clickhouse: ClickHouse, where: Expr): Promise<Imbalance> {
  // Each flow's destination pod takes it as inbound when it is a request; its source pod is seen with 0.
  const rows = await clickhouse.rows<{ namespace: string; workload: string; pod: string; inbound: number | string }>(`
    SELECT tupleElement(side, 1) AS namespace, tupleElement(side, 2) AS workload, tupleElement(side, 3) AS pod, sum(tupleElement(side, 4)) AS inbound
    FROM (
      SELECT arrayJoin([(dst_namespace, dst_workload, dst_pod, toUInt64(is_reply = 0)), (src_namespace, src_workload, src_pod, toUInt64(0))]) AS side
      FROM ${clickhouse.table('flows')} WHERE ${printWhere(where)}
    )
    WHERE workload != '' AND pod != ''
    GROUP BY namespace, workload, pod`);
  const byWorkload = new Map<string, { label: string; pods: Map<string, number> }>();
  for (const row of rows) {
    const key = `${row.namespace}\u0000${row.workload}`;
    let entry = byWorkload.get(key);
    if (!entry) {
      const name = row.workload.slice(row.workload.indexOf('/') + 1);
      byWorkload.set(key, (entry = { label: row.namespace === '' ? name : `${row.namespace}/${name}`, pods: new Map() }));
    }
    entry.pods.set(row.pod, (entry.pods.get(row.pod) ?? 0) + Number(row.inbound));
  }
  const workloads: Imbalance['workloads'] = [];
  for (const { label, pods } of byWorkload.values()) {
    const entry = workloadImbalance(label, [...pods]);
    if (entry) workloads.push(entry);
  }
  return { workloads: inImbalanceOrder(workloads) };
}
