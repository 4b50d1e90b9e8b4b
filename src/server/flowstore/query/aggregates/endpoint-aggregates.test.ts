import { beforeAll, describe, expect, it } from 'vitest';
import { TopSchema, type Problems, type TopDimension } from '../../../../shared/api-dashboards.ts';
import type { Graph, GraphGroup } from '../../../../shared/api-graph.ts';
import type { EndpointFacts, FlowFacts } from '../../../../shared/flow-facts.ts';
import { reservedIdentityName } from '../../../../shared/reserved-identities.ts';
import { DNS_RCODES } from '../../../../shared/vocabulary.ts';
import { CHUNK_ROWS } from '../../index/flow-index.ts';
import { EndpointCorpus } from '../testing/endpoint-corpus.ts';
import { countDistinctEndpoints } from './distinct.ts';
import { buildGraph } from './graph.ts';
import { bruteForceGraph } from '../testing/graph-reference.ts';
import { findImbalance } from './imbalance.ts';
import { findProblems } from './problems.ts';
import { Scan } from '../scan/scan.ts';
import { topValues } from './top.ts';

/**
 * The endpoint aggregations over several chunks — the oldest partly evicted, one sealed (its
 * counts kept per filter), one growing — each asked twice, against brute force over the facts.
 */
let corpus: EndpointCorpus;

beforeAll(() => {
  // A churning cluster's chunk (a class per row), partly evicted; a chunk of few classes; the growing one.
  corpus = new EndpointCorpus(2 * CHUNK_ROWS).addChurning(CHUNK_ROWS).add(CHUNK_ROWS + 12_000);
}, 60_000);

const FILTERS = ['', 'verdict=DROPPED', 'since=@20.5 namespace=shop', 'to-namespace!=shop until=@40.5', 'label=reserved:world'];
const scan = (filter: string) => Scan.start(corpus.index, EndpointCorpus.compile(filter));
const matching = (filter: string) => corpus.matching(EndpointCorpus.compile(filter));

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
const byEnds = (a: { source: string; target: string }, b: { source: string; target: string }) => (`${a.source} → ${a.target}` < `${b.source} → ${b.target}` ? -1 : 1);
const comparable = (graph: Graph) => ({
  flows: graph.flows,
  nodes: graph.nodes.map(({ id, kind, flows, dropped, errors }) => ({ id, kind, flows, dropped, errors })).sort(byId),
  edges: [...graph.edges].sort(byEnds),
});

it('has the chunk layout the fast paths need', async () => {
  const index = corpus.index;
  const counts = index.chunks.map((chunk) => chunk.count);
  expect(counts).toHaveLength(3);
  expect(counts.slice(0, 2)).toEqual([CHUNK_ROWS, CHUNK_ROWS]);
  expect(index.liveRange(index.chunks[0]!)[0]).toBeGreaterThan(0);
  expect(counts[2]).toBeGreaterThan(0);
  expect(counts[2]).toBeLessThan(CHUNK_ROWS);
});

describe('graph', () => {
  for (const filter of FILTERS) {
    for (const group of ['workload', 'pod', 'namespace'] as GraphGroup[]) {
      it(`draws the graph like brute force: group=${group} ${filter || '(no filter)'}`, async () => {
        const want = comparable(bruteForceGraph(corpus.live(), EndpointCorpus.compile(filter), group));
        expect(want.flows).toBeGreaterThan(0);
        expect(comparable(await buildGraph(await scan(filter), group))).toEqual(want);
        expect(comparable(await buildGraph(await scan(filter), group))).toEqual(want);
      });
    }
  }

  it('merges the quieter outside addresses like brute force, from a full chunk’s kept sums too', async () => {
    for (const outside of [1, 3]) {
      const want = comparable(bruteForceGraph(corpus.live(), EndpointCorpus.compile(''), 'workload', outside));
      expect(want.nodes.some((node) => node.id.startsWith('others:'))).toBe(true);
      for (let round = 0; round < 2; round++) expect(comparable(await buildGraph(await scan(''), 'workload', outside))).toEqual(want);
    }
  });
});

interface Term {
  key: string;
  value: string;
}

/** The terms naming one flow end the way top lists do: workload, else pod, else IP; null when nothing is known. */
function endpointTerms(end: EndpointFacts, prefix: string): Term[] | null {
  if (end.workload !== '') return [...(end.namespace === '' ? [] : [{ key: `${prefix}namespace`, value: end.namespace }]), { key: `${prefix}workload`, value: end.workload }];
  if (end.pod !== '') return [{ key: `${prefix}pod`, value: end.pod }];
  return end.ip === '' ? null : [{ key: `${prefix}ip`, value: end.ip }];
}

const namespaceTerms = (end: EndpointFacts, prefix: string): Term[] =>
  end.namespace !== '' ? [{ key: `${prefix}namespace`, value: end.namespace }] : [{ key: `${prefix}identity`, value: reservedIdentityName(end.identity) ?? String(end.identity) }];

/** Items by their terms: count, dropped and errors, by brute force. */
function bruteTop(facts: FlowFacts[], by: TopDimension): Map<string, [number, number, number]> {
  const items = new Map<string, [number, number, number]>();
  for (const fact of facts) {
    let terms: Term[] | null;
    if (by === 'source-workload') terms = endpointTerms(fact.source, 'from-');
    else if (by === 'destination-workload') terms = endpointTerms(fact.destination, 'to-');
    else if (by === 'workload-pair') terms = [...(endpointTerms(fact.source, 'from-') ?? []), ...(endpointTerms(fact.destination, 'to-') ?? [])];
    else terms = [...namespaceTerms(fact.source, 'from-'), ...namespaceTerms(fact.destination, 'to-')];
    if (!terms) continue;
    const key = JSON.stringify(terms);
    const item = items.get(key) ?? [0, 0, 0];
    item[0]++;
    item[1] += fact.verdict === 'DROPPED' ? 1 : 0;
    item[2] += fact.errorCategory === '' ? 0 : 1;
    items.set(key, item);
  }
  return items;
}

/** Top by endpoint as brute force has it: the listed items (each exactly) and the distinct count. */
async function expectTopLikeBruteForce(filter: string, by: TopDimension, on: EndpointCorpus = corpus): Promise<void> {
  const compiled = EndpointCorpus.compile(filter);
  const facts = on.matching(compiled);
  const want = bruteTop(facts, by);
  const top = TopSchema.parse(await topValues(await Scan.start(on.index, compiled), by, 100));
  expect(top.total, `${by} ${filter}`).toBe(facts.length);
  expect(top.distinct, `${by} ${filter}`).toBe(want.size);
  expect(top.items.length).toBe(Math.min(100, want.size));
  for (const item of top.items) expect([item.count, item.dropped, item.errors], `${by} ${filter}: ${item.value}`).toEqual(want.get(JSON.stringify(item.terms)));
  const biggest = [...want].sort((a, b) => b[1][0] - a[1][0]).slice(0, top.items.length);
  expect(top.items.at(-1)!.count).toBe(biggest.at(-1)![1][0]);
}

const ENDPOINT_TOPS: TopDimension[] = ['source-workload', 'destination-workload', 'workload-pair', 'namespace-pair'];

describe('time ranges asked in turn', () => {
  it('keeps the sums of each range (the whole, and compare\'s two halves): graphs and top lists like brute force', async () => {
    // Three sealed chunks and a growing one: the whole takes all three, the halves one each.
    const turns = new EndpointCorpus(4 * CHUNK_ROWS, 11).add(3 * CHUNK_ROWS + 1000);
    const middle = turns.index.chunks[1]!;
    const half = new Date((middle.minTime + middle.maxTime) / 2).toISOString();
    for (let round = 0; round < 3; round++) {
      for (const range of ['', `since=${half}`, `until=${half}`]) {
        const compiled = EndpointCorpus.compile(range);
        const got = comparable(await buildGraph(await Scan.start(turns.index, compiled), 'workload'));
        expect(got, `${range} round ${round}`).toEqual(comparable(bruteForceGraph(turns.live(), compiled, 'workload')));
        for (const by of ENDPOINT_TOPS) await expectTopLikeBruteForce(range, by, turns);
      }
    }
  }, 60_000);
});

describe('top by endpoint', () => {
  for (const filter of FILTERS) {
    for (const by of ENDPOINT_TOPS) {
      it(`counts like brute force: by=${by} ${filter || '(no filter)'}`, async () => {
        const facts = matching(filter);
        const want = bruteTop(facts, by);
        for (let round = 0; round < 2; round++) {
          const top = TopSchema.parse(await topValues(await scan(filter), by, 100));
          expect(top.total).toBe(facts.length);
          expect(top.distinct).toBe(want.size);
          const got = new Map(top.items.map((item) => [JSON.stringify(item.terms), [item.count, item.dropped, item.errors]]));
          const biggest = [...want].sort((a, b) => b[1][0] - a[1][0]).slice(0, top.items.length);
          // The listed items are the biggest ones, each counted exactly.
          expect(top.items.length).toBe(Math.min(100, want.size));
          for (const [key, counts] of got) expect(counts, key).toEqual(want.get(key));
          expect(top.items.at(-1)!.count).toBe(biggest.at(-1)![1][0]);
        }
      });

      it(`names only the groups that can be listed, with the same list: by=${by} ${filter || '(no filter)'}`, async () => {
        const every = TopSchema.parse(await topValues(await scan(filter), by, 1_000_000));
        for (const limit of [1, 3, 7]) {
          const top = TopSchema.parse(await topValues(await scan(filter), by, limit));
          expect(top.distinct).toBe(every.distinct);
          expect(top.items).toEqual(every.items.slice(0, limit));
        }
      });
    }
  }
});

/** Labels of a flow in the column dimensions checked here, the obvious way. */
const COLUMN_LABELS: Partial<Record<TopDimension, (fact: FlowFacts) => string[]>> = {
  'destination-port': (fact) => (fact.destination.port === 0 ? [] : [String(fact.destination.port)]),
  'http-path': (fact) => (fact.httpPath === '' ? [] : [fact.httpPath]),
  'http-status-class': (fact) => (fact.httpStatus === 0 ? [] : [`${Math.floor(fact.httpStatus / 100)}xx`]),
  'destination-fqdn': (fact) => fact.destination.names,
  'source-pod': (fact) => (fact.source.pod === '' ? [] : [fact.source.pod]),
};

/** Top by a column's values as brute force has it: the three biggest, each counted exactly, and the distinct count. */
async function expectColumnTopLikeBruteForce(filter: string, by: TopDimension, labelsOf: (fact: FlowFacts) => string[]): Promise<void> {
  const facts = matching(filter);
  const items = new Map<string, { value: string; count: number; dropped: number; errors: number }>();
  for (const fact of facts) {
    for (const value of labelsOf(fact)) {
      const item = items.get(value) ?? { value, count: 0, dropped: 0, errors: 0 };
      item.count++;
      item.dropped += fact.verdict === 'DROPPED' ? 1 : 0;
      item.errors += fact.errorCategory === '' ? 0 : 1;
      items.set(value, item);
    }
  }
  const want = [...items.values()].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)).slice(0, 3);
  const top = TopSchema.parse(await topValues(await scan(filter), by, 3));
  expect(top.total, `${by} ${filter}`).toBe(facts.length);
  expect(top.distinct, `${by} ${filter}`).toBe(items.size);
  expect(top.items.map(({ value, count, dropped, errors }) => ({ value, count, dropped, errors })), `${by} ${filter}`).toEqual(want);
}

const COLUMN_TOPS = Object.entries(COLUMN_LABELS) as [TopDimension, (fact: FlowFacts) => string[]][];

describe('top by column', () => {
  for (const filter of FILTERS) {
    for (const [by, labelsOf] of COLUMN_TOPS) {
      it(`lists the biggest values like brute force: by=${by} ${filter || '(no filter)'}`, async () => {
        for (let round = 0; round < 2; round++) await expectColumnTopLikeBruteForce(filter, by, labelsOf);
      });
    }
  }
});

/** Error flows grouped the obvious way: client and server (a reply turned around), category, reason, detail. */
function bruteProblems(facts: FlowFacts[]): string[] {
  const groups = new Map<string, { count: number; first: number; last: number; pods: Map<string, number> }>();
  for (const fact of facts) {
    if (fact.errorCategory === '') continue;
    const [client, server] = fact.isReply ? [fact.destination, fact.source] : [fact.source, fact.destination];
    const [clientSide, serverSide] = fact.isReply ? ['to-', 'from-'] : ['from-', 'to-'];
    const category = fact.errorCategory;
    let reason: string;
    let detail: string;
    if (category === 'drop') {
      reason = fact.dropReason || 'UNKNOWN';
      detail = fact.dropReason.includes('POLICY') ? (fact.policies[0] ?? '') : '';
    } else if (category === 'dns') {
      reason = DNS_RCODES[fact.dnsRcode] ?? String(fact.dnsRcode);
      detail = fact.dnsQuery;
    } else if (category === 'kafka') {
      reason = String(fact.kafkaErrorCode);
      detail = fact.kafkaTopic;
    } else {
      reason = String(fact.httpStatus);
      detail = fact.httpPath;
    }
    const key = JSON.stringify([endpointTerms(client, clientSide), endpointTerms(server, serverSide), fact.isReply, category, reason, detail]);
    const group = groups.get(key) ?? { count: 0, first: Infinity, last: -Infinity, pods: new Map<string, number>() };
    group.count++;
    if (server.pod !== '') group.pods.set(server.pod, (group.pods.get(server.pod) ?? 0) + 1);
    group.first = Math.min(group.first, fact.timeMs);
    group.last = Math.max(group.last, fact.timeMs);
    groups.set(key, group);
  }
  return [...groups].map(([key, { count, first, last, pods }]) => {
    const [clientTerms, serverTerms, , category, reason, detail] = JSON.parse(key) as [Term[] | null, Term[] | null, boolean, string, string, string];
    const ends = [...(clientTerms ?? []), ...(serverTerms ?? [])].map(({ key: k, value }) => `${k}=${value}`).sort();
    // The three busiest destination pods, most flows first (ties by name).
    const busiest = [...pods].sort(([a, m], [b, n]) => n - m || a.localeCompare(b)).slice(0, 3).map(([pod, n]) => `${pod}:${n}`);
    return JSON.stringify([ends, category, reason, detail, count, Math.floor(first), Math.floor(last), busiest]);
  }).sort();
}

/** Problems in the shape bruteProblems gives. */
function problemLines(found: Problems): string[] {
  return found.problems
    .map((problem) => {
      const ends = problem.terms.filter(({ key }) => /^(from|to)-/.test(key)).map(({ key, value }) => `${key}=${value}`).sort();
      const busiest = (problem.destinationPods ?? []).map(({ pod, count }) => `${pod}:${count}`);
      return JSON.stringify([ends, problem.category, problem.reason, problem.detail, problem.count, Date.parse(problem.firstSeen), Date.parse(problem.lastSeen), busiest]);
    })
    .sort();
}

/** Every error group, its counts, busiest pods and sparkline as brute force has them; newest first. */
async function expectProblemsLikeBruteForce(filter: string): Promise<void> {
  const facts = matching(filter);
  const compiled = EndpointCorpus.compile(filter);
  const found = await findProblems(await scan(filter), 100_000, { sinceMs: compiled.sinceMs, untilMs: compiled.untilMs });
  const errors = facts.filter((fact) => fact.errorCategory !== '');
  expect(found.total, filter).toBe(errors.length);
  for (const category of ['drop', 'http_5xx', 'http_4xx', 'dns', 'kafka']) expect(found.byCategory[category], category).toBe(errors.filter((fact) => fact.errorCategory === category).length);
  expect(problemLines(found), filter).toEqual(bruteProblems(facts));
  const lastSeen = found.problems.map((problem) => Date.parse(problem.lastSeen));
  expect([...lastSeen].sort((a, b) => b - a)).toEqual(lastSeen);
  for (const problem of found.problems) expect(problem.sparkline.reduce((sum, count) => sum + count, 0)).toBe(problem.count);
}

describe('problems', () => {
  for (const filter of FILTERS) {
    it(`groups error flows like brute force: ${filter || '(no filter)'}`, async () => {
      for (let round = 0; round < 2; round++) await expectProblemsLikeBruteForce(filter);
    });
  }
});

/** Imbalance as brute force has it: every workload of two pods or more, its inbound flows and each pod's. */
async function expectImbalanceLikeBruteForce(filter: string): Promise<void> {
  const perWorkload = new Map<string, Map<string, number>>();
  for (const fact of matching(filter)) {
    for (const side of ['source', 'destination'] as const) {
      const end = fact[side];
      if (end.workload === '' || end.pod === '') continue;
      const key = `${end.namespace}/${end.workload}`;
      const pods = perWorkload.get(key) ?? new Map<string, number>();
      pods.set(end.pod, (pods.get(end.pod) ?? 0) + (side === 'destination' && !fact.isReply ? 1 : 0));
      perWorkload.set(key, pods);
    }
  }
  // `ns/Kind/name` → `ns/name`, or just the name outside every namespace.
  const label = (key: string) => key.replace(/^\/[^/]*\//, '').replace(/\/[^/]*\//, '/');
  const want = [...perWorkload]
    .filter(([, pods]) => pods.size >= 2)
    .map(([key, pods]) => ({ workload: label(key), inbound: [...pods.values()].reduce((a, b) => a + b, 0), pods: [...pods].map(([pod, flows]) => `${pod}:${flows}`).sort() }));
  const order = (a: { workload: string; inbound: number }, b: { workload: string; inbound: number }) => a.workload.localeCompare(b.workload) || a.inbound - b.inbound;
  const got = (await findImbalance(await scan(filter))).workloads.map((entry) => ({ workload: entry.workload, inbound: entry.inbound, pods: entry.pods.map((pod) => `${pod.pod}:${pod.flows}`).sort() }));
  expect(got.sort(order), filter).toEqual(want.sort(order));
}

describe('imbalance', () => {
  for (const filter of FILTERS) {
    it(`spreads inbound flows over pods like brute force: ${filter || '(no filter)'}`, async () => {
      for (let round = 0; round < 2; round++) await expectImbalanceLikeBruteForce(filter);
    });
  }
});

/** Distinct workloads and world destinations as brute force has them. */
async function expectDistinctLikeBruteForce(filter: string): Promise<void> {
  const workloads = new Set<string>();
  const external = new Set<string>();
  for (const fact of matching(filter)) {
    for (const side of [fact.source, fact.destination]) if (side.workload) workloads.add(`${side.namespace}/${side.workload}`);
    if ([2, 9, 10].includes(fact.destination.identity) && !fact.isReply) {
      if (fact.destination.names.length > 0) for (const name of fact.destination.names) external.add(name);
      else if (fact.destination.ip) external.add(`ip:${fact.destination.ip}`);
    }
  }
  expect(external.size).toBeGreaterThan(0);
  expect(await countDistinctEndpoints(await scan(filter)), filter).toEqual({ distinctWorkloads: workloads.size, distinctExternal: external.size });
}

describe('distinct endpoints', () => {
  for (const filter of FILTERS) {
    it(`counts workloads and world destinations like brute force: ${filter || '(no filter)'}`, async () => {
      for (let round = 0; round < 2; round++) await expectDistinctLikeBruteForce(filter);
    });
  }
});

describe('after more rows arrive', () => {
  it('counts the grown chunk and the moved eviction point like brute force, from what was kept before', async () => {
    const compiled = EndpointCorpus.compile('');
    const problems = async () => await findProblems(await scan(''), 100_000, { sinceMs: compiled.sinceMs, untilMs: compiled.untilMs });
    const graph = async () => comparable(await buildGraph(await scan(''), 'workload'));
    await problems();
    await graph();
    for (const by of ENDPOINT_TOPS) await topValues(await scan(''), by, 100);
    const before = corpus.index.liveFrom;
    corpus.add(9000);
    expect(corpus.index.liveFrom).toBeGreaterThan(before);
    const facts = matching('');
    expect(problemLines(await problems())).toEqual(bruteProblems(facts));
    expect(await graph()).toEqual(comparable(bruteForceGraph(corpus.live(), compiled, 'workload')));
    expect((await countDistinctEndpoints(await scan(''))).distinctWorkloads).toBeGreaterThan(0);
    for (const by of ENDPOINT_TOPS) await expectTopLikeBruteForce('', by);
    await expectImbalanceLikeBruteForce('');
    await expectDistinctLikeBruteForce('');
  });

  it('counts top lists (by endpoint and by column), imbalance, distinct endpoints and problems like brute force from kept sums, with and without conditions: a time range cutting the growing chunk, a chunk sealed, the kept chunk evicted', async () => {
    // Each filter alone and with conditions (kept apart by them).
    const expectAll = async (time: string) => {
      for (const filter of [time, `${time} verdict=DROPPED`, `${time} to-namespace!=shop`]) {
        for (const by of ENDPOINT_TOPS) await expectTopLikeBruteForce(filter.trim(), by);
        for (const [by, labelsOf] of COLUMN_TOPS) await expectColumnTopLikeBruteForce(filter.trim(), by, labelsOf);
        await expectImbalanceLikeBruteForce(filter.trim());
        await expectDistinctLikeBruteForce(filter.trim());
        await expectProblemsLikeBruteForce(filter.trim());
      }
    };
    const growing = () => corpus.index.chunks.at(-1)!;
    const middle = (chunk: { minTime: number; maxTime: number }) => new Date((chunk.minTime + chunk.maxTime) / 2).toISOString();
    // Kept from the whole index, then read again under a time range that cuts the growing chunk.
    await expectAll('');
    await expectAll(`until=${middle(growing())}`);
    // The growing chunk sealed (its sums added to the kept ones), a new one started.
    const grown = growing();
    corpus.add(CHUNK_ROWS - grown.count + 5000);
    expect(grown.count).toBe(CHUNK_ROWS);
    expect(growing()).not.toBe(grown);
    await expectAll('');
    await expectAll('');
    // Eviction reaching into the chunks the kept sums cover: they are not used.
    corpus.add(CHUNK_ROWS);
    expect(corpus.index.liveFrom % CHUNK_ROWS).not.toBe(0);
    await expectAll('');
    await expectAll(`since=${middle(corpus.index.chunks[1]!)}`);
  });
});
