/**
 * Test support: flows written as a node's log, shipped into a fresh database of a real
 * clickhouse-server by the real shipper, with each flow's facts and file offset for brute force.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FlowRecord } from '../../../shared/flow.ts';
import { flowFacts, type FlowFacts } from '../../../shared/flow-facts.ts';
import type { ClickHouse } from '../connection.ts';
import { Shipper } from '../shipper/shipper.ts';

export interface ShippedFlow {
  facts: FlowFacts;
  /** Offset of the flow's line in its file: its key in the flow table. */
  offset: number;
}

/** Ships what is in `roots` (to the end) with a shipper named `shipper`. */
export async function shipOnce(clickhouse: ClickHouse, roots: string[], shipper = 'test-node'): Promise<void> {
  const ship = new Shipper(clickhouse, { roots, shipper, parseThreads: 1, pollMs: 50, onProblem: () => {} });
  await ship.start();
  await ship.shippedWhatIsThere();
  await ship.stop();
}

/** Writes the records as one node's events.log, ships it, and returns each flow's facts and offset. */
export async function shipRecords(clickhouse: ClickHouse, records: FlowRecord[]): Promise<{ dir: string; flows: ShippedFlow[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-shipped-'));
  fs.mkdirSync(path.join(dir, 'node-0'));
  const flows: ShippedFlow[] = [];
  let text = '';
  let offset = 0;
  for (const record of records) {
    const line = JSON.stringify(record);
    flows.push({ facts: flowFacts(record.flow, record.node_name, record.time), offset });
    text += `${line}\n`;
    offset += Buffer.byteLength(line) + 1;
  }
  fs.writeFileSync(path.join(dir, 'node-0', 'events.log'), text);
  await shipOnce(clickhouse, [dir]);
  return { dir, flows };
}
