import { beforeAll, describe, expect, it } from 'vitest';
import type { FlowFacts } from '../../../../shared/flow-facts.ts';
import { CHUNK_ROWS } from '../../index/flow-index.ts';
import { START_MS } from '../../testing/random-flows.ts';
import { EndpointCorpus } from '../testing/endpoint-corpus.ts';
import { Scan } from '../scan/scan.ts';
import { countSeries } from './series.ts';
import type { SeriesSplit } from '../../store.ts';

/** The name a flow counts under in each split, written the obvious way. */
const NAME: Record<SeriesSplit, (fact: FlowFacts) => string> = {
  verdict: (fact) => fact.verdict,
  protocol: (fact) => fact.l7Protocol || fact.l4Protocol || 'unknown',
  'traffic-direction': (fact) => fact.trafficDirection,
  error: (fact) => fact.errorCategory || 'none',
};

let corpus: EndpointCorpus;

beforeAll(() => {
  // Two full chunks (one partly evicted) and a growing one.
  corpus = new EndpointCorpus(2 * CHUNK_ROWS).add(2 * CHUNK_ROWS + 12_000);
}, 60_000);

describe('countSeries', () => {
  const HOUR = 3_600_000;
  const ranges = [
    // Buckets much shorter than a chunk, starting inside the first one.
    { startMs: START_MS + 7.3 * HOUR, stepMs: 37 * 60_000, buckets: 120, rangeStartMs: START_MS + 7.3 * HOUR, rangeEndMs: START_MS + 7.3 * HOUR + 120 * 37 * 60_000 - 1 },
    // One bucket holding whole chunks.
    { startMs: START_MS - HOUR, stepMs: 200 * HOUR, buckets: 2, rangeStartMs: START_MS - HOUR, rangeEndMs: START_MS - HOUR + 400 * HOUR - 1 },
  ];
  for (const filter of ['', 'verdict=DROPPED', 'since=@30.5 namespace=shop']) {
    for (const split of Object.keys(NAME) as SeriesSplit[]) {
      it(`counts per bucket and name like brute force: split=${split} ${filter || '(no filter)'}`, async () => {
        for (const range of ranges) {
          const want = new Map<string, number>();
          for (const fact of corpus.matching(EndpointCorpus.compile(filter))) {
            const bucket = Math.floor((fact.timeMs - range.startMs) / range.stepMs);
            if (bucket < 0 || bucket >= range.buckets) continue;
            const key = `${bucket} ${NAME[split](fact)}`;
            want.set(key, (want.get(key) ?? 0) + 1);
          }
          const series = await countSeries(await Scan.start(corpus.index, EndpointCorpus.compile(filter)), split, range);
          const got = new Map<string, number>();
          series.buckets.forEach((bucket, b) => {
            expect(Date.parse(bucket.time)).toBe(Math.floor(range.startMs + b * range.stepMs));
            for (const [name, count] of Object.entries(bucket.by)) got.set(`${b} ${name}`, count);
          });
          expect(want.size).toBeGreaterThan(0);
          expect(got).toEqual(want);
        }
      });
    }
  }
});
