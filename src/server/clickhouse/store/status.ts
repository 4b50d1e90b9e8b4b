/**
 * /api/status from ClickHouse: how far each node's shipper got (its files' end markers), line
 * kinds, bad lines by reason with samples, and the span of flows held.
 */
import type { FileStatus, Status } from '../../../shared/api.ts';
import type { ClickHouse } from '../connection.ts';
import { timeRangeOf } from './counts.ts';
import { heldSpan } from './held-span.ts';

interface FileRow {
  shipper: string;
  key: string;
  path: string;
  end: number | string;
  size: number | string;
  flows: number | string;
  at: number | string;
}

const num = (value: number | string | undefined) => Number(value ?? 0);
/** A rotated backup (`events-2026-…log[.gz]`) is done once shipped; the current file is followed. */
const isBackup = (path: string) => /-\d{4}-\d{2}-\d{2}T[\d-.]+\.log(\.gz)?$/.test(path) || path.endsWith('.gz');

export async function shippingStatus(clickhouse: ClickHouse, ready: boolean, source: string): Promise<Status> {
  const shipped = clickhouse.table('shipped');
  const bad = clickhouse.table('bad_lines');
  const flowCount = `arraySum(arrayMap((kind, lines) -> if(kind = 'flow', lines, 0), kinds, counts))`;
  const [files, kinds, badFiles, reasons, samples, held, recent] = await Promise.all([
    clickhouse.rows<FileRow>(
      `SELECT shipper, toString(file_key) AS key, argMax(path, end_offset) AS path, max(end_offset) AS end, max(file_size) AS size,
         sum(${flowCount}) AS flows, toUInt32(max(at)) AS at
       FROM ${shipped} WHERE marker = 'end' GROUP BY shipper, file_key ORDER BY shipper, path`,
    ),
    clickhouse.rows<{ kind: string; lines: number | string }>(`SELECT kind, sum(count) AS lines FROM ${shipped} ARRAY JOIN kinds AS kind, counts AS count WHERE marker = 'end' AND kind != 'bad' GROUP BY kind`),
    clickhouse.rows<{ shipper: string; key: string; lines: number | string }>(`SELECT shipper, toString(file_key) AS key, uniqExact(line_number) AS lines FROM ${bad} GROUP BY shipper, file_key`),
    clickhouse.rows<{ reason: string; lines: number | string }>(`SELECT reason, uniqExact(shipper, file_key, line_number) AS lines FROM ${bad} GROUP BY reason`),
    // A line's path, reason and sample are the same on each try: min() picks them.
    clickhouse.rows<{ shipper: string; path: string; line: number | string; reason: string; sample: string }>(
      `SELECT shipper, min(path) AS path, line_number AS line, min(reason) AS reason, min(sample) AS sample FROM ${bad} GROUP BY shipper, file_key, line_number ORDER BY max(at) DESC, line DESC LIMIT 20`,
    ),
    heldSpan(clickhouse),
    clickhouse.rows<{ lines: number | string }>(`SELECT sum(arraySum(counts)) AS lines FROM ${shipped} WHERE marker = 'end' AND at >= now() - 10`),
  ]);
  const badByFile = new Map(badFiles.map((row) => [`${row.shipper}\u0000${row.key}`, num(row.lines)]));
  const fileStatus: FileStatus[] = files.map((row) => {
    const size = Math.max(num(row.size), 0);
    return {
      path: `${row.shipper}:${row.path}`,
      size,
      // Offsets count decompressed bytes: a .gz backup shipped whole shows as whole.
      bytesRead: Math.min(num(row.end), size),
      flows: num(row.flows),
      badLines: badByFile.get(`${row.shipper}\u0000${row.key}`) ?? 0,
      state: isBackup(row.path) ? 'done' : 'following',
    };
  });
  const nodes = new Map<string, { node: string; files: number; flows: number; bytesShipped: number; lastShipped: string }>();
  for (const row of files) {
    const node = nodes.get(row.shipper) ?? { node: row.shipper, files: 0, flows: 0, bytesShipped: 0, lastShipped: new Date(0).toISOString() };
    node.files++;
    node.flows += num(row.flows);
    node.bytesShipped += num(row.end);
    const at = new Date(num(row.at) * 1000).toISOString();
    if (at > node.lastShipped) node.lastShipped = at;
    nodes.set(row.shipper, node);
  }
  const flowsHeld = held?.flows ?? 0;
  return {
    ready,
    sources: [source],
    files: fileStatus,
    totals: {
      files: fileStatus.length,
      bytesRead: fileStatus.reduce((sum, file) => sum + file.bytesRead, 0),
      bytesTotal: fileStatus.reduce((sum, file) => sum + file.size, 0),
      flows: flowsHeld,
      evicted: 0,
      badLines: reasons.reduce((sum, row) => sum + num(row.lines), 0),
      linesPerSecond: Math.round(num(recent[0]?.lines) / 10),
    },
    maxFlows: null,
    lineKinds: Object.fromEntries(kinds.map((row) => [row.kind, num(row.lines)])),
    badLines: {
      byReason: Object.fromEntries(reasons.map((row) => [row.reason, num(row.lines)])),
      samples: samples.map((row) => ({ file: `${row.shipper}:${row.path}`, line: num(row.line), reason: row.reason, sample: row.sample })),
    },
    timeRange: held ? timeRangeOf(held.firstUs, held.lastUs) : { first: null, last: null },
    nodes: [...nodes.values()],
  };
}
