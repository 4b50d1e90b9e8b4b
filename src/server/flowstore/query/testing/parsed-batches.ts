import { flowFacts, type FlowFacts } from '../../../../shared/flow-facts.ts';
import type { FlowRecord } from '../../../../shared/flow.ts';
import type { EncodedBatch } from '../../index/encoded-batch.ts';
import { parseBatch } from '../../ingest/parse-batch.ts';
import { toLines } from '../../testing/random-flows.ts';

/** A batch as ingest parses it, with each row's flow facts for the brute-force answer. */
export interface ParsedBatch {
  batch: EncodedBatch;
  facts: FlowFacts[];
}

/** The records in whole batches of `rows` (a remainder is left out), each parsed from its lines as ingest does. */
export function parsedBatches(records: readonly FlowRecord[], rows: number): ParsedBatch[] {
  const batches: ParsedBatch[] = [];
  for (let at = 0; at + rows <= records.length; at += rows) {
    const slice = records.slice(at, at + rows);
    const batch = parseBatch({ fileId: 1, bytes: Buffer.from(toLines(slice)), offset: 0, firstLine: 1 });
    if (batch.count !== rows) throw new Error(`expected ${rows} flows, parsed ${batch.count}`);
    batches.push({ batch, facts: slice.map((record) => flowFacts(record.flow, record.node_name, record.time)) });
  }
  return batches;
}
