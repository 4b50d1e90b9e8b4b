import { flowFacts, parseTimeMs, type FlowFacts } from '../../../shared/flow-facts.ts';
import { flowShapeProblem } from '../../../shared/flow-shape.ts';
import type { Flow } from '../../../shared/flow.ts';
import { COLUMNS, columnIndex } from '../index/columns.ts';
import { BatchDictionaries } from './batch-dictionaries.ts';
import { ColumnIds, fillIds } from './column-ids.ts';
import { L4_PROTOCOLS, l4Read, readL4 } from './l4-bytes.ts';
import { ADDRESS_COLUMNS, DESTINATION_COLUMNS, EndpointParts, IP_SLOT, SOURCE_COLUMNS } from './endpoint-parts.ts';
import { FIELD_PART_COLUMNS, FIELD_PART_SLOTS, FieldParts } from './field-parts.ts';
import { L7_COLUMNS, L7Parts } from './l7-parts.ts';
import { FLOW_FIELDS, NODE_NAME_SLOT, slotOf, TIME_SLOT, top, type Captured } from './line-scan.ts';
import type { KnownValue } from './known-values.ts';
import { timeMsAt } from './line-time.ts';
import { valueAt } from './slice-values.ts';
import { flowFields, flowFrom, flowWith } from './sparse-line.ts';

/**
 * A scanned flow line → its row of dictionary ids, without building the flow or its facts.
 *
 * Lines repeat their shape: the same verdicts, event types and directions with a different
 * time, port pair and pair of endpoints. A line's fields are known values (ids from the scan), so
 * the tuple of their ids names everything the row's columns depend on — except the time, the
 * ports (from l4), the l7 fields, the two endpoints, the addresses, each side's names and service
 * and the policies, which are parts of their own (endpoint-parts.ts, l7-parts.ts,
 * field-parts.ts): values with thousands of values each would multiply the templates. The first line with a tuple builds a template the
 * reference way (flowFrom → flowShapeProblem → flowFacts → column values), and every later line
 * with that tuple copies its ids and adds its parts.
 *
 * This holds because of what flowFacts reads (keep in step with src/shared/flow-facts.ts):
 * - the port columns depend on l4 alone, and the l7 columns below on l7 alone;
 * - each side's namespace, pod, workload, labels and identity on its endpoint object alone, the
 *   addresses on the IP object alone, names, services and policies on their fields alone;
 * - every other column depends on l4 only through its protocol, and on l7 only through its
 *   protocol, HTTP status, DNS rcode and Kafka error code (protocols, errorCategory);
 * - the time is no column.
 * Anything unusual (a shape problem, a null enum, a bad time, an l4 of another shape that is
 * not plain) returns NaN and the line goes through the reference path, which names the problem.
 */

const COLUMN_COUNT = COLUMNS.length;
const column = (name: string): number => columnIndex(name);
const SOURCE_PORT = column('source.port');
const HTTP_PATH = column('httpPath');
const DESTINATION_PORT = column('destination.port');
const PER_LINE = new Set([SOURCE_PORT, DESTINATION_PORT, ...L7_COLUMNS, ...SOURCE_COLUMNS, ...DESTINATION_COLUMNS, ...ADDRESS_COLUMNS, ...FIELD_PART_COLUMNS]);
const TEMPLATE_COLUMNS = COLUMNS.map((_, c) => c).filter((c) => !PER_LINE.has(c));

const L4_SLOT = slotOf('l4');
const L7_SLOT = slotOf('l7');
/** Flow fields whose value ids go into the tuple (time, l4 and l7 are read per line; the endpoints, addresses, names, services and policies are parts of their own). */
const PER_LINE_SLOTS = new Set([TIME_SLOT, L4_SLOT, L7_SLOT, IP_SLOT, slotOf('source'), slotOf('destination'), ...FIELD_PART_SLOTS]);
const TUPLE_SLOTS = FLOW_FIELDS.map((_, slot) => slot).filter((slot) => !PER_LINE_SLOTS.has(slot));
/** Tuple: the field ids, the line's node name, the l4 protocol, the l7 class. */
const TUPLE_LENGTH = TUPLE_SLOTS.length + 3;

/** Restart points: templates and parser dictionaries are rebuilt rather than grown without bound. */
const MAX_TEMPLATES = 32_768;
const MAX_KEYS = 1 << 20;

class Template extends ColumnIds {
  /** Batch ids by column (per-line columns 0), copied into each row whole. */
  readonly row = new Uint32Array(COLUMN_COUNT);

  constructor(readonly tuple: Int32Array) {
    super(TEMPLATE_COLUMNS);
  }
}

export class RowEncoder {
  readonly dictionaries = new BatchDictionaries();
  private batch = 0;
  private templates = new Map<number, Template[]>();
  private templateCount = 0;
  private readonly tuple = new Int32Array(TUPLE_LENGTH);
  private readonly classes = new Map<string, number>();
  private readonly l7Parts = new L7Parts(this.dictionaries, (key) => this.classOf(key));
  private readonly endpoints = new EndpointParts(this.dictionaries);
  private readonly fieldParts = new FieldParts(this.dictionaries);
  /** Rows written from templates so far (tests check the fast path is the one taken). */
  rowsEncoded = 0;

  beginBatch(): void {
    if (this.dictionaries.size > MAX_KEYS) this.restart();
    this.batch++;
    this.dictionaries.beginBatch();
  }

  /** Writes a reference-path row: one dictionary key per column. */
  writeKeys(keys: readonly (string | number)[], rows: Uint32Array, row: number): void {
    const base = row * COLUMN_COUNT;
    for (let c = 0; c < COLUMN_COUNT; c++) {
      const key = keys[c]!;
      rows[base + c] = (c === SOURCE_PORT || c === DESTINATION_PORT) && typeof key === 'number' ? this.dictionaries.localNumber(c, key) : this.dictionaries.local(c, this.dictionaries.idOf(c, key));
    }
  }

  /** The line scanLine just read, written as row `row`; returns its time, or NaN to use the reference path. */
  encodeScanned(buffer: Buffer, rows: Uint32Array, row: number): number {
    const fields = flowFields(buffer);
    if (fields === null) return NaN;
    const tuple = this.tuple;
    let hash = 0x811c9dc5;
    for (let i = 0; i < TUPLE_SLOTS.length; i++) {
      const slot = TUPLE_SLOTS[i]!;
      let id = 0;
      if (fields.has(slot)) {
        id = fields.ids[slot]!;
        if (id <= 0) return NaN;
      }
      tuple[i] = id;
      hash = Math.imul(hash ^ id, 0x01000193);
    }
    // The line's own time must be a string even when the flow's time is used (classifyLine checks it first).
    const lineTime = top.firstByte(buffer, TIME_SLOT);
    if (lineTime !== -1 && lineTime !== 0x22) return NaN;
    let nodeName: KnownValue | undefined;
    if (top.has(NODE_NAME_SLOT)) {
      nodeName = top.known[NODE_NAME_SLOT];
      if (nodeName === undefined || typeof nodeName.value !== 'string') return NaN;
    }
    const timeMs = this.timeOf(buffer, fields);
    if (Number.isNaN(timeMs)) return NaN;
    const l4 = this.readPorts(buffer, fields);
    if (l4 === 0) return NaN;
    const l7 = this.l7Parts.of(buffer, fields);
    if (l7 === null) return NaN;
    const pathId = this.l7Parts.pathOf(l7);
    // The parts before the template: a template is built from a line whose parts are all fine.
    const source = this.endpoints.side(fields, 0);
    if (source === null) return NaN;
    const destination = this.endpoints.side(fields, 1);
    if (destination === null) return NaN;
    if (!this.endpoints.addressesOf(buffer, fields)) return NaN;
    if (!this.fieldParts.read(fields)) return NaN;
    const n = TUPLE_SLOTS.length;
    tuple[n] = nodeName === undefined ? 0 : nodeName.id;
    tuple[n + 1] = l4;
    tuple[n + 2] = l7.classId;
    hash = Math.imul(Math.imul(Math.imul(hash ^ tuple[n]!, 0x01000193) ^ l4, 0x01000193) ^ l7.classId, 0x01000193);
    // A small integer key keeps the Map lookup cheap (a 32-bit hash would be a heap number).
    const template = this.templateFor(buffer, fields, hash & 0x3fffffff);
    if (template === null) return NaN;
    const base = row * COLUMN_COUNT;
    this.writeTemplate(template, rows, base);
    this.writeIds(l7, rows, base);
    rows[base + HTTP_PATH] = this.dictionaries.local(HTTP_PATH, pathId);
    this.writeIds(source, rows, base);
    this.writeIds(destination, rows, base);
    const parts = this.fieldParts.parts;
    for (let i = 0; i < parts.length; i++) this.writeIds(parts[i]!, rows, base);
    const addresses = this.endpoints.addressIds;
    rows[base + ADDRESS_COLUMNS[0]!] = this.dictionaries.local(ADDRESS_COLUMNS[0]!, addresses[0]!);
    rows[base + ADDRESS_COLUMNS[1]!] = this.dictionaries.local(ADDRESS_COLUMNS[1]!, addresses[1]!);
    rows[base + SOURCE_PORT] = this.dictionaries.localNumber(SOURCE_PORT, l4Read.sourcePort);
    rows[base + DESTINATION_PORT] = this.dictionaries.localNumber(DESTINATION_PORT, l4Read.destinationPort);
    this.rowsEncoded++;
    return timeMs;
  }

  private restart(): void {
    this.dictionaries.restart();
    this.templates = new Map();
    this.templateCount = 0;
    this.l7Parts.restart();
    this.endpoints.restart();
    this.fieldParts.restart();
  }

  /** The row's ids for these columns, at rows[base + column]. */
  private writeTemplate(template: Template, rows: Uint32Array, base: number): void {
    const row = template.row;
    if (template.batch !== this.batch) {
      const columns = template.columns;
      for (let i = 0; i < columns.length; i++) row[columns[i]!] = this.dictionaries.local(columns[i]!, template.ids[i]!);
      template.batch = this.batch;
    }
    for (let c = 0; c < COLUMN_COUNT; c++) rows[base + c] = row[c]!;
  }

  private writeIds(ids: ColumnIds, rows: Uint32Array, base: number): void {
    const columns = ids.columns;
    if (ids.batch !== this.batch) {
      for (let i = 0; i < columns.length; i++) ids.local[i] = this.dictionaries.local(columns[i]!, ids.ids[i]!);
      ids.batch = this.batch;
    }
    const local = ids.local;
    for (let i = 0; i < columns.length; i++) rows[base + columns[i]!] = local[i]!;
  }

  /** flow.time, or the line's time when the flow has none (flowFacts: `flow.time ?? lineTime`). */
  private timeOf(buffer: Buffer, fields: Captured): number {
    let at = fields.firstByte(buffer, TIME_SLOT);
    let from = fields;
    if (at === -1 || at === 0x6e) {
      from = top;
      at = top.firstByte(buffer, TIME_SLOT);
      if (at === -1) return NaN;
    }
    if (at !== 0x22) return NaN;
    const start = from.ranges[TIME_SLOT * 2]!;
    const end = from.ranges[TIME_SLOT * 2 + 1]!;
    const plain = timeMsAt(buffer, start, end);
    if (plain !== null) return plain;
    const text = from.value(buffer, TIME_SLOT);
    return typeof text === 'string' ? parseTimeMs(text) : NaN;
  }

  /** Reads l4 into l4Read; returns its protocol class (1 + index in L4_PROTOCOLS, or the class of another protocol), 0 for the reference path. */
  private readPorts(buffer: Buffer, fields: Captured): number {
    if (!fields.has(L4_SLOT)) return this.otherL4(undefined);
    const start = fields.ranges[L4_SLOT * 2]!;
    const end = fields.ranges[L4_SLOT * 2 + 1]!;
    if (buffer[start] === 0x7b && readL4(buffer, start, end)) return 1 + l4Read.protocol;
    return this.otherL4(valueAt(buffer, start, end));
  }

  private otherL4(value: unknown): number {
    if (flowShapeProblem({ l4: value }) !== null) return 0;
    const facts = flowFacts(flowWith('l4', value));
    l4Read.sourcePort = facts.source.port;
    l4Read.destinationPort = facts.destination.port;
    const index = (L4_PROTOCOLS as readonly string[]).indexOf(facts.l4Protocol);
    return index === -1 ? 1 + L4_PROTOCOLS.length + this.classOf(`l4:${facts.l4Protocol}`) : 1 + index;
  }

  private classOf(key: string): number {
    let id = this.classes.get(key);
    if (id === undefined) this.classes.set(key, (id = this.classes.size + 1));
    return id;
  }

  private templateFor(buffer: Buffer, fields: Captured, hash: number): Template | null {
    const list = this.templates.get(hash);
    if (list !== undefined) {
      for (let t = 0; t < list.length; t++) {
        const template = list[t]!;
        const tuple = template.tuple;
        let i = 0;
        while (i < TUPLE_LENGTH && tuple[i] === this.tuple[i]) i++;
        if (i === TUPLE_LENGTH) return template.ids.length === 0 ? null : template;
      }
    }
    if (this.templateCount >= MAX_TEMPLATES) {
      this.templates.clear();
      this.templateCount = 0;
    }
    const template = new Template(this.tuple.slice());
    if (!this.buildTemplate(buffer, fields, template)) template.ids = new Int32Array(0);
    const bucket = this.templates.get(hash);
    if (bucket) bucket.push(template);
    else this.templates.set(hash, [template]);
    this.templateCount++;
    return template.ids.length === 0 ? null : template;
  }

  /** The reference way, once per tuple: false when this tuple's lines need the reference path. */
  private buildTemplate(buffer: Buffer, fields: Captured, template: Template): boolean {
    const { flow, problem } = flowFrom(buffer, fields);
    if (problem !== null) return false;
    const nodeName = top.knownAt(NODE_NAME_SLOT)?.value as string | undefined;
    const time = top.has(TIME_SLOT) ? top.value(buffer, TIME_SLOT) : undefined;
    if (time !== undefined && typeof time !== 'string') return false;
    let facts: FlowFacts;
    try {
      facts = flowFacts(flow as Flow, nodeName, time);
    } catch {
      return false;
    }
    return fillIds(this.dictionaries, template, facts);
  }
}
