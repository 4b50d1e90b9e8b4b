/**
 * A page of flows, newest first, and the exact total. Keys first (time, shipper, file, offset —
 * a few bytes a row), over a time window that widens eightfold until it holds the page: a
 * newest-first page reads the last minutes of the table, not all of it. Then the page's stored
 * lines, by key.
 */
import { pageItem, type FlowsPageJson } from '../../flowstore/query/page/page-json.ts';
import { QueryError, type PageRequest } from '../../flowstore/store.ts';
import type { ClickHouse } from '../connection.ts';
import { and, call, col, eq, inList, int, or, printWhere, str, type Expr } from '../sql/ast.ts';

interface PageKey {
  timeUs: number;
  shipper: string;
  fileKey: string;
  offset: number;
}

interface KeyRow {
  time_us: number | string;
  shipper: string;
  key: string;
  file_offset: number | string;
}

const FIRST_WINDOW_SECONDS = 60;
const WIDEN = 8;

function encodeCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify([key.timeUs, key.shipper, key.fileKey, key.offset])).toString('base64url');
}

function decodeCursor(text: string): PageKey | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString());
    if (!Array.isArray(value) || value.length !== 4) return null;
    const [timeUs, shipper, fileKey, offset] = value as unknown[];
    if (!Number.isSafeInteger(timeUs) || typeof shipper !== 'string' || typeof fileKey !== 'string' || !/^\d{1,20}$/.test(fileKey) || !Number.isSafeInteger(offset)) return null;
    if ((timeUs as number) < 0 || (offset as number) < 0) return null;
    return { timeUs: timeUs as number, shipper, fileKey, offset: offset as number };
  } catch {
    return null;
  }
}

/** Rows before (`less`) or after (`greater`) the key in page order: time, then shipper, file and offset. */
function beyond(key: PageKey, direction: 'less' | 'greater'): Expr {
  const past = (a: Expr, b: Expr) => call(direction, a, b);
  const fileKey = int(BigInt(key.fileKey));
  const second = call('toDateTime', int(Math.floor(key.timeUs / 1_000_000)));
  return and(
    call(direction === 'less' ? 'lessOrEquals' : 'greaterOrEquals', col('time'), second),
    or(
      past(col('time_us'), int(key.timeUs)),
      and(
        eq(col('time_us'), int(key.timeUs)),
        or(past(col('shipper'), str(key.shipper)), and(eq(col('shipper'), str(key.shipper)), or(past(col('file_key'), fileKey), and(eq(col('file_key'), fileKey), past(col('file_offset'), int(key.offset)))))),
      ),
    ),
  );
}

const ORDER = 'time_us DESC, shipper DESC, file_key DESC, file_offset DESC';

export interface PageRange {
  /** Seconds of the newest and oldest flow that can match (from the filter and the table). */
  newestSecond: number;
  oldestSecond: number;
}

/** The newest `limit` keys matching `where` (older than the cursor), and whether more follow. */
async function pageKeys(clickhouse: ClickHouse, where: Expr, limit: number, range: PageRange, signal?: AbortSignal): Promise<{ keys: PageKey[]; more: boolean }> {
  const flows = clickhouse.table('flows');
  for (let window = FIRST_WINDOW_SECONDS; ; window *= WIDEN) {
    const from = Math.max(range.oldestSecond, range.newestSecond - window);
    const inWindow = and(where, call('greaterOrEquals', col('time'), call('toDateTime', int(from))), call('lessOrEquals', col('time'), call('toDateTime', int(range.newestSecond))));
    const rows = await clickhouse.rows<KeyRow>(
      `SELECT time_us, shipper, toString(file_key) AS key, file_offset FROM ${flows} WHERE ${printWhere(inWindow)} ORDER BY ${ORDER} LIMIT ${limit + 1}`,
      signal,
    );
    if (rows.length > limit || from <= range.oldestSecond) {
      const keys = rows.slice(0, limit).map((row) => ({ timeUs: Number(row.time_us), shipper: row.shipper, fileKey: row.key, offset: Number(row.file_offset) }));
      return { keys, more: rows.length > limit };
    }
  }
}

/** A time in microseconds as flow-facts.ts keeps it: milliseconds with the microseconds as fraction. */
export const msOf = (us: number) => Math.floor(us / 1_000_000) * 1000 + (us % 1_000_000) / 1000;

/** The stored lines of the given keys, in the keys' order, as page items (page-json.ts checks and wraps them). */
async function linesOf(clickhouse: ClickHouse, keys: PageKey[]): Promise<Buffer[]> {
  if (keys.length === 0) return [];
  const seconds = keys.map((key) => Math.floor(key.timeUs / 1_000_000));
  const where = and(
    call('greaterOrEquals', col('time'), call('toDateTime', int(Math.min(...seconds)))),
    call('lessOrEquals', col('time'), call('toDateTime', int(Math.max(...seconds)))),
    inList(
      call('tuple', col('shipper'), col('file_key'), col('file_offset')),
      keys.map((key) => call('tuple', str(key.shipper), int(BigInt(key.fileKey)), int(key.offset))),
    ),
  );
  const rows = await clickhouse.rows<{ shipper: string; key: string; file_offset: number | string; line: string }>(
    // PREWHERE: the keys' rows are found first and only their granules' lines read (WHERE read every line of the seconds: twice as slow).
    `SELECT shipper, toString(file_key) AS key, file_offset, line FROM ${clickhouse.table('flows')} PREWHERE ${printWhere(where)}`,
  );
  const byKey = new Map(rows.map((row) => [`${row.shipper}\u0000${row.key}\u0000${Number(row.file_offset)}`, row.line]));
  return keys.map((key) => {
    const line = Buffer.from(byKey.get(`${key.shipper}\u0000${key.fileKey}\u0000${key.offset}`) ?? '');
    return pageItem(line, 0, line.length, msOf(key.timeUs));
  });
}

/** A cursor this store handed out, or a QueryError naming the parameter. */
function readCursor(parameter: string, text: string | null, then: string): PageKey | null {
  if (text === null) return null;
  const key = decodeCursor(text);
  if (key === null) throw new QueryError(parameter, `${parameter} is not one this server handed out; ${then}`);
  return key;
}

/**
 * The newest `limit` flows matching `where`, older than `cursor` (the next page) and newer than
 * `newerThan` (live follow), and the total of all that match: counted, unless `held` says it
 * (`where` matches every flow held, whose number heldSpan read without a scan).
 */
export async function flowsPage(clickhouse: ClickHouse, where: Expr, request: PageRequest, range: PageRange | null, held?: number): Promise<FlowsPageJson> {
  const cursor = readCursor('cursor', request.cursor, 'start again without it');
  const newerThan = readCursor('newer-than', request.newerThan, 'reload the first page for a fresh newestCursor');
  const totalQuery =
    held !== undefined
      ? Promise.resolve([{ total: held }])
      : clickhouse.rows<{ total: number | string }>(`SELECT count() AS total FROM ${clickhouse.table('flows')} WHERE ${printWhere(where)}`);
  if (range === null) return { items: [], total: Number((await totalQuery)[0]?.total ?? 0), nextCursor: null, newestCursor: null };
  const pageRange = {
    newestSecond: cursor ? Math.min(range.newestSecond, Math.floor(cursor.timeUs / 1_000_000)) : range.newestSecond,
    oldestSecond: newerThan ? Math.max(range.oldestSecond, Math.floor(newerThan.timeUs / 1_000_000)) : range.oldestSecond,
  };
  const conditions = [where, ...(cursor ? [beyond(cursor, 'less')] : []), ...(newerThan ? [beyond(newerThan, 'greater')] : [])];
  const [page, totals] = await Promise.all([
    pageRange.oldestSecond > pageRange.newestSecond ? { keys: [], more: false } : pageKeys(clickhouse, and(...conditions), request.limit, pageRange),
    totalQuery,
  ]);
  const items = await linesOf(clickhouse, page.keys);
  const first = page.keys[0];
  const last = page.keys[page.keys.length - 1];
  return {
    items,
    total: Number(totals[0]?.total ?? 0),
    nextCursor: page.more && last ? encodeCursor(last) : null,
    newestCursor: first ? encodeCursor(first) : null,
  };
}
