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
import { flowsPageJson } from './query/page/page-json.ts';

let dir: string;
let store: LocalFlowStore;
let nowMs: number;
let stored: Map<string, { line: string }>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-page-lines-'));
  // Small files: a page spans several files per node, gzipped backups among them.
  const corpus = await writeDemoCorpus({ out: dir, flows: 12_000, seed: 21, maxBytes: 1024 * 1024, compress: true });
  nowMs = corpus.endMs + 60_000;
  stored = new Map(allLines(dir).map((line) => [(JSON.parse(line) as FlowRecord).flow.uuid!, { line }]));
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
        const page = JSON.parse(flowsPageJson(await store.flows({ filter, nowMs }, { limit, cursor: null, newerThan: null })).toString('utf8')) as { flows: (FlowRecord & { unavailable?: string })[]; total: number };
        const { rows } = await store.pageRows({ filter, nowMs }, limit, null);
        expect(page.flows.length, label).toBe(Math.min(limit, page.total));
        expect(page.flows.length, label).toBe(rows.length);
        // Checked without expect() per row (thousands of them): what is wrong is listed, and the list must be empty.
        const wrong: string[] = [];
        page.flows.forEach((item, i) => {
          const original = stored.get(item.flow.uuid!);
          const at = `${label}, row ${i}`;
          if (item.unavailable !== undefined) wrong.push(`${at} is unavailable: ${item.unavailable}`);
          // The stored line's own bytes (so the same object too).
          else if (JSON.stringify(item) !== original?.line) wrong.push(`${at} is not its stored line: ${JSON.stringify(item)}`);
          else if (!matchesFacts(compiled, factsOf(original.line))) wrong.push(`${at} does not match the filter`);
          else if (Date.parse(item.flow.time!) !== Math.floor(rows[i]!.time)) wrong.push(`${at} has the time ${item.flow.time}, its row ${rows[i]!.time}`);
        });
        expect(wrong.slice(0, 5)).toEqual([]);
      }
    }
  });
});

describe('a page whose log file changed under the reader', () => {
  it('stays valid JSON: a line now broken comes in its unavailable form, the others as stored', async () => {
    const own = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-page-changed-'));
    const lines = [...stored.values()].slice(0, 3).map((entry) => entry.line);
    const file = path.join(own, 'events.log');
    fs.writeFileSync(file, lines.map((line) => `${line}\n`).join(''));
    const changed = new LocalFlowStore({ roots: [own], maxFlows: 1000, parseThreads: 0 });
    await changed.start();
    try {
      // Overwrite the middle line in place with bytes that would break out of the reply's array.
      const hostile = Buffer.from('{"flow":{}}],"total":0}'.padEnd(Buffer.byteLength(lines[1]!), ' '));
      const fd = fs.openSync(file, 'r+');
      fs.writeSync(fd, hostile, 0, hostile.length, Buffer.byteLength(lines[0]!) + 1);
      fs.closeSync(fd);
      const text = flowsPageJson(await changed.flows({ filter: [], nowMs }, { limit: 10, cursor: null, newerThan: null })).toString('utf8');
      const page = JSON.parse(text) as { flows: (FlowRecord & { unavailable?: string })[]; total: number };
      expect(page.total).toBe(3);
      const unavailable = page.flows.filter((item) => item.unavailable !== undefined);
      expect(unavailable).toHaveLength(1);
      expect(unavailable[0]!.unavailable).toMatch(/could not be read back/);
      expect(page.flows.filter((item) => item.unavailable === undefined).map((item) => JSON.stringify(item)).sort()).toEqual([lines[0], lines[2]].sort());
    } finally {
      await changed.stop();
      fs.rmSync(own, { recursive: true, force: true });
    }
  });
});
