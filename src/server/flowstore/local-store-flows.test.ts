import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFilter, matchesFacts } from '../../shared/filter/compile.ts';
import { parseFilterText } from '../../shared/filter/text.ts';
import type { FlowRecord } from '../../shared/flow.ts';
import { writeDemoCorpus } from '../demo/corpus.ts';
import { allLines, factsOf } from '../demo/test-support.ts';
import { LocalFlowStore } from './local-store.ts';

let dir: string;
let store: LocalFlowStore;
let nowMs: number;
let stored: Map<string, { record: FlowRecord; line: string }>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-page-lines-'));
  // Small files: a page spans several files per node, gzipped backups among them.
  const corpus = await writeDemoCorpus({ out: dir, flows: 12_000, seed: 21, maxBytes: 1024 * 1024, compress: true });
  nowMs = corpus.endMs + 60_000;
  stored = new Map(allLines(dir).map((line) => [(JSON.parse(line) as FlowRecord).flow.uuid!, { record: JSON.parse(line) as FlowRecord, line }]));
  store = new LocalFlowStore({ roots: [dir], maxFlows: 1_000_000, parseThreads: 0 });
  await store.start();
}, 60_000);

afterAll(async () => {
  await store?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a page of flows read back from the log files', () => {
  it('gives each row its own stored line, newest first, whether the rows sit together or far apart', async () => {
    expect(fs.readdirSync(dir, { recursive: true }).some((name) => String(name).endsWith('.log.gz'))).toBe(true);
    for (const text of ['', 'verdict=DROPPED', 'namespace=shop protocol=http', 'protocol=dns', 'error=any namespace!=payments']) {
      const filter = parseFilterText(text).filter;
      const compiled = compileFilter(filter, nowMs);
      if ('message' in compiled) throw new Error(compiled.message);
      for (const limit of [1, 7, 100, 700]) {
        const label = `${text} limit=${limit}`;
        const page = await store.flows({ filter, nowMs }, limit, null);
        const { rows } = await store.pageRows({ filter, nowMs }, limit, null);
        expect(page.flows.length, label).toBe(Math.min(limit, page.total));
        expect(page.flows.length, label).toBe(rows.length);
        page.flows.forEach((item, i) => {
          expect(item.unavailable, label).toBeUndefined();
          const original = stored.get(item.flow.uuid!);
          expect(item, label).toEqual(original?.record);
          expect(matchesFacts(compiled, factsOf(original!.line)), label).toBe(true);
          expect(Date.parse(item.flow.time!), label).toBe(Math.floor(rows[i]!.time));
        });
      }
    }
  });
});
