/**
 * Retention: flows older than N days go. Current ClickHouse drops whole day parts itself (a TTL);
 * older servers without TTL (18.x) have their day partitions dropped by the shippers, each
 * hour — harmless when several do it.
 */
import type { ClickHouse } from '../connection.ts';
import { quoteString } from '../sql/ast.ts';

/** The progress and bad-line tables keep a day more than the flows they describe. */
const TABLES: { table: string; column: string; extraDays: number }[] = [
  { table: 'flows', column: 'time', extraDays: 0 },
  { table: 'shipped', column: 'at', extraDays: 1 },
  { table: 'bad_lines', column: 'at', extraDays: 1 },
];

/** Sets a TTL where the server has them; true when it did (else partitions must be dropped). */
export async function applyRetentionTtl(clickhouse: ClickHouse, days: number): Promise<boolean> {
  if (clickhouse.majorVersion === 0) await clickhouse.version();
  if (clickhouse.majorVersion < 20) return false;
  for (const { table, column, extraDays } of TABLES) {
    await clickhouse.command(`ALTER TABLE ${clickhouse.localTable(table)} MODIFY TTL ${column} + INTERVAL ${days + extraDays} DAY`);
  }
  return true;
}

/** Drops day partitions older than the retention; returns the partitions dropped. */
export async function dropOldPartitions(clickhouse: ClickHouse, days: number, nowMs = Date.now()): Promise<string[]> {
  const dropped: string[] = [];
  for (const { table, extraDays } of TABLES) {
    const cutoff = new Date(nowMs - (days + extraDays) * 86_400_000).toISOString().slice(0, 10);
    const parts = await clickhouse.rows<{ partition: string }>(
      `SELECT DISTINCT partition FROM system.parts WHERE database = ${quoteString(clickhouse.options.database)} AND table = ${quoteString(table)} AND active`,
    );
    for (const { partition } of parts) {
      // Day partitions print as 2026-11-20 (or '2026-11-20'); anything else is not ours to drop.
      const day = /^'?(\d{4}-\d{2}-\d{2})'?$/.exec(partition)?.[1];
      if (!day || day >= cutoff) continue;
      await clickhouse.command(`ALTER TABLE ${clickhouse.localTable(table)} DROP PARTITION ${quoteString(day)}`);
      dropped.push(`${table} ${day}`);
    }
  }
  return dropped;
}
