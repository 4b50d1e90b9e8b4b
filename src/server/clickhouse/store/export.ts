/**
 * Every matching flow, newest first, streamed from ClickHouse: the time range is cut into windows
 * of a few thousand flows (from per-minute counts), each read in page order, so an export of
 * millions of flows never sorts them all at once. jsonl gives the stored lines as they are; csv the
 * same cells as the in-memory store's export (export-csv.ts), read off the table's columns.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CSV_COLUMNS, CSV_HEADER, csvField, formatTime } from '../../flowstore/query/page/export-csv.ts';
import { exportLine } from '../../flowstore/query/page/page-json.ts';
import type { ExportFormat, FlowExport } from '../../flowstore/store.ts';
import type { ClickHouse } from '../connection.ts';
import { and, call, col, int, printWhere, type Expr } from '../sql/ast.ts';
import { msOf } from './flows-page.ts';
import { columnFor } from './top.ts';

/** Flows read per query. */
const WINDOW_FLOWS = 20_000;
const NEWLINE = Buffer.from('\n', 'latin1');
type Row = Record<string, string | number | string[]>;

/** The table columns a CSV cell reads (the `protocols` set is the L4 and L7 protocol columns). */
const CSV_SOURCES = CSV_COLUMNS.map((column) => (column.column === 'protocols' ? null : columnFor(column.column)));
const CSV_SELECT = [...new Set([...CSV_SOURCES.filter((name): name is string => name !== null), 'l4_protocol', 'l7_protocol', 'time_us'])];

function csvLine(row: Row): string {
  let line = formatTime(msOf(Number(row.time_us)));
  CSV_COLUMNS.forEach((column, c) => {
    const source = CSV_SOURCES[c];
    const value = source === null || source === undefined ? [row.l4_protocol as string, row.l7_protocol as string].filter((name) => name !== '') : row[source]!;
    line += ',' + csvField(column.cell(value));
  });
  return line + '\r\n';
}

/** Minute windows, newest first, each holding about WINDOW_FLOWS matching flows (a busier minute alone). */
async function windows(clickhouse: ClickHouse, where: Expr): Promise<{ count: number; windows: [number, number][] }> {
  const minutes = await clickhouse.rows<{ minute: number | string; flows: number | string }>(
    `SELECT intDiv(toUInt32(time), 60) AS minute, count() AS flows FROM ${clickhouse.table('flows')} WHERE ${printWhere(where)} GROUP BY minute ORDER BY minute DESC`,
  );
  const result: [number, number][] = [];
  let count = 0;
  let open: [number, number] | null = null;
  let inOpen = 0;
  for (const row of minutes) {
    const minute = Number(row.minute);
    const flows = Number(row.flows);
    count += flows;
    if (open && inOpen + flows <= WINDOW_FLOWS) {
      open[0] = minute;
      inOpen += flows;
      continue;
    }
    open = [minute, minute];
    inOpen = flows;
    result.push(open);
  }
  return { count, windows: result };
}

async function* pieces(clickhouse: ClickHouse, where: Expr, format: ExportFormat, plan: [number, number][], signal: AbortSignal): AsyncGenerator<string | Buffer> {
  if (format === 'csv') yield CSV_HEADER;
  const columns = format === 'csv' ? CSV_SELECT.join(', ') : 'time_us, line';
  for (const [firstMinute, lastMinute] of plan) {
    if (signal.aborted) return;
    const inWindow = and(where, call('greaterOrEquals', col('time'), call('toDateTime', int(firstMinute * 60))), call('less', col('time'), call('toDateTime', int((lastMinute + 1) * 60))));
    const rows = await clickhouse.rows<Row>(
      `SELECT ${columns} FROM ${clickhouse.table('flows')} WHERE ${printWhere(inWindow)} ORDER BY time_us DESC, shipper DESC, file_key DESC, file_offset DESC`,
      signal,
    );
    if (format === 'csv') yield rows.map(csvLine).join('');
    else {
      const out: Buffer[] = [];
      for (const row of rows) {
        const line = Buffer.from(String(row.line));
        out.push(exportLine(line, 0, line.length, msOf(Number(row.time_us))), NEWLINE);
      }
      yield Buffer.concat(out);
    }
    await nextTurn();
  }
}

export async function exportFlows(clickhouse: ClickHouse, where: Expr, format: ExportFormat, signal: AbortSignal): Promise<FlowExport> {
  const { count, windows: plan } = await windows(clickhouse, where);
  return { flows: count, pieces: pieces(clickhouse, where, format, plan, signal) };
}
