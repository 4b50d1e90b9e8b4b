import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTimeMs } from '../../shared/flow-facts.ts';
import type { FlowRecord } from '../../shared/flow.ts';
import { startLiveDemo } from './live.ts';
import { readNodeFiles } from './test-support.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('startLiveDemo', () => {
  it('backfills recent history with rotated .gz backups, then keeps writing in real time until stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlens-demo-live-'));
    dirs.push(dir);
    const began = Date.now();
    const demo = startLiveDemo({ dir, flowsPerSecond: 100, backfillMinutes: 2, maxBytes: 256 * 1024, tickMs: 20 });
    await demo.backfilled;
    const lastTime = (): number => {
      const times = [...readNodeFiles(dir).values()].map((files) => {
        const line = files.at(-1)?.lines.at(-1) ?? files.at(-2)?.lines.at(-1);
        return line ? parseTimeMs((JSON.parse(line) as FlowRecord).time ?? '') : 0;
      });
      return Math.max(...times);
    };
    const afterBackfill = lastTime();
    expect(afterBackfill).toBeGreaterThan(began - 2_000);
    await sleep(600);
    await demo.stop();
    const afterLive = lastTime();
    expect(afterLive).toBeGreaterThan(afterBackfill);
    expect(afterLive).toBeLessThanOrEqual(Date.now());

    const nodes = readNodeFiles(dir);
    expect(nodes.size).toBe(3);
    let firstMs = Infinity;
    for (const [node, files] of nodes) {
      expect(readdirSync(join(dir, node)).some((name) => /^events-.*\.log\.gz$/.test(name))).toBe(true);
      const first = files[0]?.lines[0];
      if (first) firstMs = Math.min(firstMs, parseTimeMs((JSON.parse(first) as FlowRecord).time ?? ''));
    }
    expect(firstMs).toBeGreaterThanOrEqual(began - 2 * 60_000);
    expect(firstMs).toBeLessThan(began - 2 * 60_000 + 5_000);
  });

  it('snapshots the metric history at each step of flow time, with exactly the lines up to it counted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlens-demo-live-'));
    dirs.push(dir);
    const times: number[] = [];
    let written = 0;
    const countedAt = new Map<number, number>();
    const demo = startLiveDemo({
      dir,
      flowsPerSecond: 50,
      backfillMinutes: 2,
      tickMs: 20,
      onLine: (line) => {
        written++;
        times.push(parseTimeMs(line.time ?? ''));
      },
      history: {
        stepMs: 10_000,
        snapshot: async (atMs) => {
          // Writing waits for the snapshot: nothing is written meanwhile.
          const before = written;
          await sleep(5);
          expect(written).toBe(before);
          countedAt.set(atMs, written);
        },
      },
    });
    await demo.backfilled;
    const snapshots = [...countedAt.keys()];
    expect(snapshots.length).toBeGreaterThanOrEqual(12);
    expect([...snapshots].sort((a, b) => a - b)).toEqual(snapshots);
    for (const atMs of snapshots.slice(0, -1)) expect(atMs % 10_000).toBe(0);
    for (const [atMs, counted] of countedAt) expect(counted).toBe(times.filter((time) => time <= atMs).length);
    // The last one is where the writing caught up with the clock; `between` runs after it, between rounds.
    const last = snapshots.at(-1) as number;
    expect(Date.now() - last).toBeLessThan(5_000);
    await sleep(300);
    const seen = await demo.between(async (writtenUntilMs) => ({ writtenUntilMs, counted: written }));
    expect(seen.writtenUntilMs).toBeGreaterThan(last);
    expect(seen.counted).toBe(times.filter((time) => time <= seen.writtenUntilMs).length);
    await demo.stop();
  });
});
