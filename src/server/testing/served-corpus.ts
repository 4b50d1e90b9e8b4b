import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { compileFilter, matchesFacts } from '../../shared/filter/compile.ts';
import type { Filter } from '../../shared/filter/filter.ts';
import { parseFilterText } from '../../shared/filter/text.ts';
import type { FlowFacts } from '../../shared/flow-facts.ts';
import { writeDemoCorpus, type DemoCorpusOptions } from '../demo/corpus.ts';
import { allLines, factsOf } from '../demo/test-support.ts';
import { ClickHouseFlowStore } from '../clickhouse/store/clickhouse-store.ts';
import { shipOnce } from '../clickhouse/testing/shipped-corpus.ts';
import { startTestClickHouse } from '../clickhouse/testing/test-clickhouse.ts';
import { LocalFlowStore } from '../flowstore/local-store.ts';
import type { FlowStore } from '../flowstore/store.ts';
import { buildApp } from '../http/app.ts';

/** Which store the API tests run against: `memory` (default) or `clickhouse` (FLOWLENS_TEST_STORE; the integration-clickhouse project). */
const TEST_STORE = process.env.FLOWLENS_TEST_STORE === 'clickhouse' ? 'clickhouse' : 'memory';

/** The corpus in the store the tests run against: indexed in memory, or shipped into a real clickhouse-server. */
async function storeFor(dir: string): Promise<{ store: FlowStore; stop(): Promise<void> }> {
  if (TEST_STORE === 'memory') {
    const store = new LocalFlowStore({ roots: [dir], maxFlows: 1_000_000, pollMs: 50 });
    await store.start();
    return { store, stop: () => store.stop() };
  }
  const clickhouse = await startTestClickHouse();
  const database = await clickhouse.migratedDatabase();
  await shipOnce(database, [dir]);
  const store = new ClickHouseFlowStore(database);
  await store.start();
  return {
    store,
    async stop() {
      await store.stop();
      await clickhouse.stop();
    },
  };
}

/**
 * API tests' fixture: a demo corpus written to a temp folder, indexed by the real store and served
 * by the real app, plus every stored line and its facts for brute-force answers.
 */
export interface ServedCorpus {
  dir: string;
  store: FlowStore;
  app: FastifyInstance;
  /** Every line as stored, gzipped backups included, oldest file first per node. */
  lines: string[];
  facts: FlowFacts[];
  /** A clock just after the corpus, for relative times. */
  nowMs: number;
  /** Brute force: the facts of flows matching a filter (as terms or as filter text). */
  matching(filter: Filter | string): FlowFacts[];
  get(url: string): Promise<{ status: number; body: unknown; text: string; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function serveDemoCorpus(name: string, options: Omit<DemoCorpusOptions, 'out'>): Promise<ServedCorpus> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `flowlens-${name}-`));
  const corpus = await writeDemoCorpus({ ...options, out: dir });
  return serveFolder(dir, corpus.endMs + 60_000);
}

/** The same fixture over lines a test made: written as one node's events.log (in a folder of its own, as the demo's). */
export async function serveLines(name: string, lines: readonly string[], nowMs: number): Promise<ServedCorpus> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `flowlens-${name}-`));
  fs.mkdirSync(path.join(dir, 'node'));
  fs.writeFileSync(path.join(dir, 'node', 'events.log'), lines.map((line) => `${line}\n`).join(''));
  return serveFolder(dir, nowMs);
}

async function serveFolder(dir: string, nowMs: number): Promise<ServedCorpus> {
  const lines = allLines(dir);
  const facts = lines.map(factsOf);
  const { store, stop } = await storeFor(dir);
  // These tests check answers, not shedding (pressure.test.ts does): a busy test machine can lag
  // the event loop past the shedding threshold and turn an answer into a 503.
  const app = await buildApp({ store, staticDir: path.join(dir, 'no-spa'), frameAncestors: "'self'", pressure: { maxEventLoopDelayMs: Infinity } });
  return {
    dir,
    store,
    app,
    lines,
    facts,
    nowMs,
    matching(filter) {
      const terms = typeof filter === 'string' ? parseFilterText(filter).filter : filter;
      const compiled = compileFilter(terms, nowMs);
      if ('message' in compiled) throw new Error(compiled.message);
      return facts.filter((fact) => matchesFacts(compiled, fact));
    },
    async get(url) {
      const response = await app.inject({ method: 'GET', url });
      const text = response.body;
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON (an export): the text is the body
      }
      return { status: response.statusCode, body, text, headers: response.headers };
    },
    async close() {
      await app.close();
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
