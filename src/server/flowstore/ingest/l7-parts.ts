import { flowFacts, urlPath, type FlowFacts } from '../../../shared/flow-facts.ts';
import { flowShapeProblem } from '../../../shared/flow-shape.ts';
import { columnIndex } from '../index/columns.ts';
import type { BatchDictionaries } from './batch-dictionaries.ts';
import { ColumnIds, fillIds } from './column-ids.ts';
import { flowWith } from './sparse-line.ts';
import { DNS_KEYS, dnsFields, HTTP_KEYS, httpFields, KAFKA_KEYS, kafkaFields, l7Fields, SLOT_NAMES, slotOf, type Captured } from './line-scan.ts';

/** The columns an l7 object alone decides (row-encoder.ts writes them per line). */
export const L7_COLUMNS = ['dnsQuery', 'dnsRcode', 'httpMethod', 'httpStatus', 'httpPath', 'kafkaTopic', 'kafkaErrorCode'].map(columnIndex);
const HTTP_PATH = columnIndex('httpPath');
/**
 * The columns a part holds: all but the HTTP path, which is worked out from the URL alone (once
 * per distinct URL). Ids and query strings in URLs made a part of almost every HTTP request.
 */
const PART_COLUMNS = L7_COLUMNS.filter((column) => column !== HTTP_PATH);

/** What an l7 value contributes to a row: its class (for the template) and the ids of its own columns. */
export class L7Part extends ColumnIds {
  classId = 0;

  constructor(
    generation: number,
    /** Parser id of the HTTP path, or -1 when it comes from the line's URL (see pathOf). */
    readonly pathId: number,
  ) {
    super(PART_COLUMNS, generation);
  }
}

/** An HTTP path's parser id, kept with its URL in the URL memo. */
interface PathId {
  generation: number;
  id: number;
}

const L7_SLOT = slotOf('l7');
const URL_SLOT = slotOf('url');
const TYPE_SLOT = slotOf('type');
const LATENCY_SLOT = slotOf('latency_ns');
/** Each protocol object of an l7, where its fields go when it is read field by field, and the fields flowFacts reads. */
const PROTOCOLS = [
  { slot: slotOf('dns'), fields: dnsFields, keys: DNS_KEYS.map(slotOf) },
  { slot: slotOf('http'), fields: httpFields, keys: HTTP_KEYS.map(slotOf) },
  { slot: slotOf('kafka'), fields: kafkaFields, keys: KAFKA_KEYS.map(slotOf) },
];
/** A latency's first byte: absent, a string, a number, null (anything else is a shape problem). */
const LATENCY_KINDS = [-1, 0x22, 0x2d, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x6e];
/** A value of each latency kind, for the shape check (latencies are no column). */
const LATENCY_VALUES: unknown[] = [undefined, '0', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null];
/** Latency kinds that differ for the shape check: absent, string, number, null. */
const LATENCY_CLASS = LATENCY_VALUES.map((value) => (value === undefined ? 0 : value === null ? 3 : typeof value === 'string' ? 1 : 2));
const MAX_PARTS = 32_768;
/** type; per protocol object, its id (or -2 when read field by field) and its fields' ids; latency class. */
const KEY_LENGTH = 1 + PROTOCOLS.reduce((sum, protocol) => sum + 1 + protocol.keys.length, 0) + 1;

/** The id of a field's remembered value, 0 when absent, -1 when it has a shape problem (or was not remembered). */
function knownId(fields: Captured, slot: number): number {
  if (!fields.has(slot)) return 0;
  const known = fields.known[slot];
  return known === undefined || known.problem !== null ? -1 : known.id;
}

/**
 * What the part needs of an HTTP URL read field by field: 0 absent, 1 a non-empty string (its
 * path is read per line), 2 an empty string, 3 null, -1 a shape problem. Only the path depends
 * on which URL it is.
 */
function urlClass(fields: Captured): number {
  if (!fields.has(URL_SLOT)) return 0;
  const known = fields.known[URL_SLOT];
  if (known === undefined || known.problem !== null) return -1;
  const url = known.value;
  return typeof url === 'string' ? (url === '' ? 2 : 1) : url === null ? 3 : -1;
}

/** An object of the fields' remembered values (absent ones left out). */
function valuesOf(fields: Captured, slots: readonly number[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const slot of slots) if (fields.has(slot)) object[SLOT_NAMES[slot]!] = fields.known[slot]!.value;
  return object;
}

/**
 * The l7 parts of rows, worked out once per distinct l7 content with flowFacts. An l7 object is
 * read field by field (line-scan.ts): HTTP latencies and Kafka correlation ids make whole l7
 * objects nearly unique, but the parts flowFacts reads repeat.
 */
export class L7Parts {
  private none: L7Part | null | undefined;
  /** By the hash of the ids of the fields flowFacts reads (the key beside each part). */
  private parts = new Map<number, { key: Int32Array; part: L7Part | null }[]>();
  private count = 0;
  private readonly key = new Int32Array(KEY_LENGTH);

  constructor(
    private readonly dictionaries: BatchDictionaries,
    private readonly classOf: (key: string) => number,
  ) {}

  /** The parser ids it holds are no longer valid. */
  restart(): void {
    this.none = undefined;
    this.parts = new Map();
    this.count = 0;
  }

  /** The l7 part of the flow fields the scan read, or null for the reference path. */
  of(buffer: Buffer, fields: Captured): L7Part | null {
    if (!fields.has(L7_SLOT)) {
      if (this.none === undefined) this.none = this.derive(undefined, false);
      return this.none;
    }
    const known = fields.known[L7_SLOT];
    if (known === undefined) return buffer[fields.ranges[L7_SLOT * 2]!] === 0x7b ? this.fromFields(buffer) : null;
    if (known.problem !== null) return null;
    const part = known.derived as L7Part | null | undefined;
    if (part !== undefined && (part === null || part.generation === this.dictionaries.generation)) return part;
    return (known.derived = this.derive(known.value, false));
  }

  /** The parser id of the line's HTTP path, for the part `of` just returned. */
  pathOf(part: L7Part): number {
    if (part.pathId !== -1) return part.pathId;
    // A part that reads its path per line was keyed on a remembered, non-empty URL string.
    const url = httpFields.known[URL_SLOT]!;
    const cached = url.derived as PathId | undefined;
    if (cached !== undefined && cached.generation === this.dictionaries.generation) return cached.id;
    const id = this.dictionaries.idOf(HTTP_PATH, urlPath(url.value as string));
    url.derived = { generation: this.dictionaries.generation, id } satisfies PathId;
    return id;
  }

  /** From the ids of the l7 object's type, its protocol objects' fields and the JSON type of its latency (checked, but no column). */
  private fromFields(buffer: Buffer): L7Part | null {
    const key = this.key;
    let k = 0;
    key[k++] = knownId(l7Fields, TYPE_SLOT);
    let pathPerLine = false;
    for (const protocol of PROTOCOLS) {
      if (l7Fields.has(protocol.slot) && l7Fields.known[protocol.slot] === undefined) {
        if (buffer[l7Fields.ranges[protocol.slot * 2]!] !== 0x7b) return null;
        key[k++] = -2; // an object read field by field
        for (const slot of protocol.keys) {
          if (slot !== URL_SLOT) key[k++] = knownId(protocol.fields, slot);
          else if ((key[k++] = urlClass(protocol.fields)) === 1) pathPerLine = true;
        }
      } else {
        key[k++] = knownId(l7Fields, protocol.slot);
        for (let i = 0; i < protocol.keys.length; i++) key[k++] = 0;
      }
    }
    const latency = LATENCY_KINDS.indexOf(l7Fields.firstByte(buffer, LATENCY_SLOT));
    key[k++] = latency === -1 ? -1 : LATENCY_CLASS[latency]!;
    let hash = 0x811c9dc5;
    for (let i = 0; i < KEY_LENGTH; i++) {
      if (key[i] === -1) return null;
      hash = Math.imul(hash ^ key[i]!, 0x01000193);
    }
    hash &= 0x3fffffff;
    const bucket = this.parts.get(hash);
    if (bucket !== undefined) {
      for (const entry of bucket) {
        let i = 0;
        while (i < KEY_LENGTH && entry.key[i] === key[i]) i++;
        if (i === KEY_LENGTH) return entry.part;
      }
    }
    return this.learn(hash, latency, pathPerLine);
  }

  /**
   * The part of an l7 content not met before (key in this.key), the reference way. Apart from
   * fromFields, which runs on every l7 line: V8 compiles a function with what it calls, and this
   * rarely runs.
   */
  private learn(hash: number, latency: number, pathPerLine: boolean): L7Part | null {
    if (this.count >= MAX_PARTS) {
      this.parts.clear();
      this.count = 0;
    }
    const l7: Record<string, unknown> = {};
    if (l7Fields.has(TYPE_SLOT)) l7.type = l7Fields.known[TYPE_SLOT]!.value;
    for (const protocol of PROTOCOLS) {
      if (!l7Fields.has(protocol.slot)) continue;
      const known = l7Fields.known[protocol.slot];
      l7[SLOT_NAMES[protocol.slot]!] = known === undefined ? valuesOf(protocol.fields, protocol.keys) : known.value;
    }
    if (latency > 0) l7.latency_ns = LATENCY_VALUES[latency];
    const part = flowShapeProblem({ l7 }) === null ? this.derive(l7, pathPerLine) : null;
    const entry = { key: this.key.slice(), part };
    const bucket = this.parts.get(hash);
    if (bucket !== undefined) bucket.push(entry);
    else this.parts.set(hash, [entry]);
    this.count++;
    return part;
  }

  /** With `pathPerLine`, the part leaves the HTTP path to each line's URL (pathOf). */
  private derive(value: unknown, pathPerLine: boolean): L7Part | null {
    let facts: FlowFacts;
    try {
      facts = flowFacts(flowWith('l7', value));
    } catch {
      return null;
    }
    const pathId = pathPerLine ? -1 : this.dictionaries.idOf(HTTP_PATH, facts.httpPath);
    const part = new L7Part(this.dictionaries.generation, pathId);
    if (!fillIds(this.dictionaries, part, facts)) return null;
    part.classId = this.classOf(`l7:${facts.l7Protocol}\u0001${facts.httpStatus}\u0001${facts.dnsRcode}\u0001${facts.kafkaErrorCode}`);
    return part;
  }
}
