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
});
