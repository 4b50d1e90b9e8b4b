import { columnIndex } from '../../index/columns.ts';
import type { FlowIndex } from '../../index/flow-index.ts';
import { replyFlagsOf, type EndpointKeys } from '../classes/endpoints.ts';
import { CATEGORY_COLUMNS } from '../classes/error-columns.ts';
import { ENDPOINT_STRIDE, EP_IP, EP_NAMESPACE, EP_POD, EP_WORKLOAD, type ChunkClasses } from '../classes/row-classes.ts';
import type { LocalGroups } from './local-error-groups.ts';
import { PairIndex } from './pair-index.ts';

/** What a group of error flows is, apart from its counts (category as its dictionary id). */
export interface GroupKey {
  /** The client's and server's keys among `endpoints`. */
  client: number;
  server: number;
  reply: boolean;
  category: number;
  reasonId: number;
  /** Detail id + 1; 0 when the group has no detail. */
  detail: number;
}

/** Group and server pod slot of each local group of a chunk. */
export interface ChunkGroups {
  groupOf: Int32Array;
  podSlotOf: Int32Array;
}

/** Error numberings made so far in this process (each one's `generation`). */
let numberings = 0;

/** An endpoint known by its pod, or by its IP: the first half of its pair (workloads: the namespace id). */
const BY_POD = -1;
const BY_IP = -2;

/**
 * Error group numbers — (client, server, reply, category, reason, detail), and (group, server
 * pod) slots — kept from query to query with each chunk's local groups numbered once: sealed
 * chunks never change, so a query adds their local groups' counts by number instead of looking
 * each up again. Endpoints are numbered by their dictionary ids (workload, else pod, else IP),
 * which never change, whatever the dictionaries' sizes. A few dozen bytes per
 * group and 8 per local group of a chunk (about 1 byte per flow of a varied cluster); started
 * afresh when most groups are gone with evicted flows (`errorNumbering`).
 */
export class ErrorNumbering {
  /** (first, second) of each endpoint: namespace and workload ids, or BY_POD/BY_IP and the id. */
  private readonly endpoints = new PairIndex();
  /** (client, server × 2 + reply) by endpoint number. */
  private readonly sides = new PairIndex();
  private readonly reasons = new PairIndex();
  /** Groups: (side and reason, detail). */
  private readonly details = new PairIndex();
  /** (group, server pod id). */
  readonly pods = new PairIndex();
  private readonly perChunk = new WeakMap<LocalGroups, ChunkGroups>();
  private replyFlags: Uint8Array = new Uint8Array(0);
  private readonly reasonRadix: number;
  /** Which numbering of the process this is: sums kept by group number name it. */
  readonly generation = ++numberings;

  constructor(private readonly index: FlowIndex) {
    // Room for reasons to come: past it the numbers start afresh.
    this.reasonRadix = 64 + 2 * Math.max(...Object.values(CATEGORY_COLUMNS).map(({ reason }) => index.dictionaries[columnIndex(reason)]!.size));
  }

  get groups(): number {
    return this.details.size;
  }

  /** False when a reason id has outgrown the radix the numbers were made with: start afresh. */
  fits(): boolean {
    return Object.values(CATEGORY_COLUMNS).every(({ reason }) => this.index.dictionaries[columnIndex(reason)]!.size <= this.reasonRadix);
  }

  /** The groups and pod slots of a chunk's local groups (numbered on first use). */
  ofChunk(classes: ChunkClasses, local: LocalGroups): ChunkGroups {
    const known = this.perChunk.get(local);
    if (known) return known;
    const replies = this.index.dictionaries[columnIndex('isReply')]!.size;
    if (this.replyFlags.length !== replies) this.replyFlags = replyFlagsOf(this.index);
    const dictionary = (name: string) => this.index.dictionaries[columnIndex(name)]!;
    const noWorkload = dictionary('source.workload').find('') ?? -1;
    const noPod = dictionary('source.pod').find('') ?? -1;
    const fields = classes.endpointFields;
    const endpointOf = new Int32Array(classes.endpoints).fill(-1);
    const endpoint = (e: number): number => {
      if (endpointOf[e]! >= 0) return endpointOf[e]!;
      const at = e * ENDPOINT_STRIDE;
      const workload = fields[at + EP_WORKLOAD]!;
      const pod = fields[at + EP_POD]!;
      const number =
        workload !== noWorkload ? this.endpoints.numberOf(fields[at + EP_NAMESPACE]!, workload) : pod !== noPod ? this.endpoints.numberOf(BY_POD, pod) : this.endpoints.numberOf(BY_IP, fields[at + EP_IP]!);
      return (endpointOf[e] = number);
    };
    const groupOf = new Int32Array(local.count);
    const podSlotOf = new Int32Array(local.count);
    for (let l = 0; l < local.count; l++) {
      const k = local.classOf[l]!;
      const reply = this.replyFlags[classes.reply[k]!] === 1;
      const client = endpoint((reply ? classes.destination : classes.source)[k]!);
      const server = (reply ? classes.source : classes.destination)[k]!;
      const side = this.sides.numberOf(client, endpoint(server) * 2 + (reply ? 1 : 0));
      const g = this.details.numberOf(this.reasons.numberOf(side, classes.category[k]! * this.reasonRadix + local.reason[l]!), local.detail[l]!);
      groupOf[l] = g;
      podSlotOf[l] = this.pods.numberOf(g, fields[server * ENDPOINT_STRIDE + EP_POD]!);
    }
    const numbered = { groupOf, podSlotOf };
    this.perChunk.set(local, numbered);
    return numbered;
  }

  /** What group g is, read back from the numberings that made it, its ends as keys of `keys`. */
  keyOf(g: number, keys: EndpointKeys): GroupKey {
    const reason = this.details.first[g]!;
    const side = this.reasons.first[reason]!;
    const categoryAndReason = this.reasons.second[reason]!;
    const serverAndReply = this.sides.second[side]!;
    return {
      client: this.endpointKey(this.sides.first[side]!, keys),
      server: this.endpointKey(serverAndReply >> 1, keys),
      reply: (serverAndReply & 1) === 1,
      category: Math.floor(categoryAndReason / this.reasonRadix),
      reasonId: categoryAndReason % this.reasonRadix,
      detail: this.details.second[g]!,
    };
  }

  private endpointKey(endpoint: number, keys: EndpointKeys): number {
    const first = this.endpoints.first[endpoint]!;
    const second = this.endpoints.second[endpoint]!;
    return first === BY_POD ? keys.podKey(second) : first === BY_IP ? keys.ipKey(second) : keys.workloadKey(first, second);
  }
}

/** Past this many groups for every group a query counts (and a floor), the numbers start afresh: evicted flows' groups are dropped. */
const SPARE_GROUPS_PER_COUNTED = 8;
const SPARE_GROUPS_FLOOR = 50_000;

const kept = new WeakMap<FlowIndex, ErrorNumbering>();

/** The kept error group numbers of an index (new ones when there are none, or they no longer fit). */
export function errorNumbering(index: FlowIndex): ErrorNumbering {
  let numbering = kept.get(index);
  if (!numbering?.fits()) kept.set(index, (numbering = new ErrorNumbering(index)));
  return numbering;
}

/** After a query that counted `counted` groups: forgets the numbers when most of their groups are gone from the index. */
export function trimErrorNumbering(index: FlowIndex, counted: number): void {
  const numbering = kept.get(index);
  if (numbering && numbering.groups > SPARE_GROUPS_PER_COUNTED * counted + SPARE_GROUPS_FLOOR) kept.delete(index);
}
