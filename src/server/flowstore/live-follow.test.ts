import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { FlowsPageSchema } from '../../shared/api.ts';
import type { FlowRecord } from '../../shared/flow.ts';
import { LocalFlowStore } from './local-store.ts';
import { flowsPageJson } from './query/page/page-json.ts';
import type { PageRequest } from './store.ts';
import { randomFlows, START_MS, toLines } from './testing/random-flows.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-live-follow-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 20_000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('live follow: after a page, newer-than its newestCursor answers exactly the lines appended since, ties in time included', async () => {
  const file = path.join(dir, 'events.log');
  const [loaded, appended] = [randomFlows(300, 3), randomFlows(40, 4)];
  fs.writeFileSync(file, toLines(loaded));
  const store = new LocalFlowStore({ roots: [dir], maxFlows: 100_000, parseThreads: 0, pollMs: 20 });
  await store.start();
  try {
    const query = { filter: [], nowMs: START_MS + 3_600_000 };
    // As the API answers it.
    const flows = async (page: PageRequest) => FlowsPageSchema.parse(JSON.parse(flowsPageJson(await store.flows(query, page)).toString('utf8')));
    const first = await flows({ limit: 50, cursor: null, newerThan: null });
    expect(first.total).toBe(300);
    // New lines, the first ones at the very time of the newest flow shown: they still count as new.
    const newestTime = first.flows[0]!.flow.time!;
    const fresh: FlowRecord[] = appended.map((record, i) => {
      const time = i < 5 ? newestTime : new Date(Date.parse(newestTime) + i * 1000).toISOString();
      return { ...record, time, flow: { ...record.flow, time } };
    });
    fs.appendFileSync(file, toLines(fresh));
    await until(() => store.status().totals.flows === 340);

    const newer = await flows({ limit: 1000, cursor: null, newerThan: first.newestCursor });
    expect(newer.total).toBe(340);
    expect(newer.nextCursor).toBeNull();
    expect(newer.flows).toEqual([...fresh].reverse());
    // And nothing after that.
    expect((await flows({ limit: 1000, cursor: null, newerThan: newer.newestCursor })).flows).toEqual([]);
  } finally {
    await store.stop();
  }
});
