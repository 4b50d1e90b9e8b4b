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
import { LocalFlowStore } from '../flowstore/local-store.ts';
import { buildApp } from '../http/app.ts';

/**
 * API tests' fixture: a demo corpus written to a temp folder, indexed by the real store and served
 * by the real app, plus every stored line and its facts for brute-force answers.
 */
export interface ServedCorpus {
  dir: string;
  store: LocalFlowStore;
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
  const nowMs = corpus.endMs + 60_000;
  const lines = allLines(dir);
  const facts = lines.map(factsOf);
  const store = new LocalFlowStore({ roots: [dir], maxFlows: 1_000_000, pollMs: 50 });
  await store.start();
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
      await store.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
