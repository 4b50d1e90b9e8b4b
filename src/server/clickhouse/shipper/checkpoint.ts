/**
 * Where each file's shipping stopped, asked of ClickHouse: the data is its own checkpoint. Every
 * insert starts with a begin marker (its start offset and its flows' time span) and ends with an
 * end marker (how far the file's content is shipped). ClickHouse keeps the rows of an insert cut
 * short (the shipper killed mid-request), so an insert whose end marker is missing is looked up
 * in the flow table itself — within its time span, so only a few granules are read — and the
 * last line that landed is where the file goes on.
 */
import type { ClickHouse } from '../connection.ts';
import { quoteString } from '../sql/ast.ts';

export interface FileCheckpoint {
  /** Offset of the first line not yet shipped. */
  offset: number;
  /** Flows of an interrupted insert found in the table (not counted by any end marker yet). */
  uncounted: number;
}

interface EndRow {
  key: string;
  end: number | string;
}
interface BeginRow {
  key: string;
  start: number | string;
  min_time: number | string;
  max_time: number | string;
}
interface FoundRow {
  end: number | string;
  flows: number | string;
}

const uint = (value: bigint | string | number): string => {
  const text = BigInt(value).toString();
  if (text.startsWith('-')) throw new Error(`not an unsigned number: ${text}`);
  return text;
};

/**
 * What an insert's begin marker says: where it starts and its flows' time span (seconds). Given for
 * an insert a running shipper saw fail (ClickHouse killed mid-insert): ClickHouse writes an insert's
 * flows before its markers, so they may have landed without its begin marker, which this stands in for.
 */
export interface InsertStart {
  start: number;
  minTime: number;
  maxTime: number;
}

/** Checkpoints of one shipper's files (all of them, or one), by file key (decimal text). */
export async function shippedUpTo(clickhouse: ClickHouse, shipper: string, fileKey?: bigint, failed?: InsertStart): Promise<Map<string, FileCheckpoint>> {
  const shipped = clickhouse.table('shipped');
  const where = `shipper = ${quoteString(shipper)}${fileKey === undefined ? '' : ` AND file_key = ${uint(fileKey)}`}`;
  const [ends, begins] = await Promise.all([
    clickhouse.rows<EndRow>(`SELECT toString(file_key) AS key, max(end_offset) AS end FROM ${shipped} WHERE ${where} AND marker = 'end' GROUP BY file_key`),
    clickhouse.rows<BeginRow>(
      `SELECT toString(file_key) AS key, max(file_offset) AS start, toUInt32(argMax(min_time, file_offset)) AS min_time, toUInt32(argMax(max_time, file_offset)) AS max_time
       FROM ${shipped} WHERE ${where} AND marker = 'begin' GROUP BY file_key`,
    ),
  ]);
  if (failed && fileKey !== undefined) {
    // The failed insert is where its file's flows may have landed unmarked. A begin marker at the same
    // start is the markers an earlier insert sent alone (its flows had landed): its times are that
    // insert's, so the search covers both.
    const key = fileKey.toString();
    const at = begins.findIndex((begin) => begin.key === key);
    const same = at !== -1 && Number(begins[at]!.start) >= failed.start ? begins[at]! : null;
    const begin = {
      key,
      start: failed.start,
      min_time: Math.min(failed.minTime, same ? Number(same.min_time) : Infinity),
      max_time: Math.max(failed.maxTime, same ? Number(same.max_time) : -Infinity),
    };
    if (at === -1) begins.push(begin);
    else begins[at] = begin;
  }
  const checkpoints = new Map<string, FileCheckpoint>();
  for (const row of ends) checkpoints.set(row.key, { offset: Number(row.end), uncounted: 0 });
  const flows = clickhouse.table('flows');
  for (const begin of begins) {
    const known = checkpoints.get(begin.key)?.offset ?? 0;
    const start = Number(begin.start);
    if (start < known) continue;
    // The latest insert of this file has no end marker: look for the rows of it that landed.
    const found = await clickhouse.rows<FoundRow>(
      `SELECT max(file_offset + length(line) + 1) AS end, count() AS flows FROM ${flows}
       WHERE time >= toDateTime(${uint(begin.min_time)}) AND time <= toDateTime(${uint(begin.max_time)})
         AND shipper = ${quoteString(shipper)} AND file_key = ${uint(begin.key)} AND file_offset >= ${uint(start)}`,
    );
    const count = Number(found[0]?.flows ?? 0);
    if (count > 0) checkpoints.set(begin.key, { offset: Math.max(known, Number(found[0]!.end)), uncounted: count });
  }
  return checkpoints;
}
