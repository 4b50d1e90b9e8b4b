import { flowFacts, type FlowFacts } from '../../../shared/flow-facts.ts';
import { flowShapeProblem } from '../../../shared/flow-shape.ts';
import { columnIndex } from '../index/columns.ts';
import type { BatchDictionaries } from './batch-dictionaries.ts';
import { ColumnIds, fillIds } from './column-ids.ts';
import { ipRead, readIP } from './ip-bytes.ts';
import { KnownValues, type KnownValue } from './known-values.ts';
import { slotOf, type Captured } from './line-scan.ts';
import { valueAt } from './slice-values.ts';
import { flowWith } from './sparse-line.ts';

/**
 * The endpoint columns of a row, worked out apart from the rest of the line. In a cluster whose
 * pods come and go, the pair (source, destination) and the address pair are new on most lines:
 * a template per whole line would rarely be met again. Each side's endpoint object decides its
 * namespace, pod, workload, labels and identity (flowFacts reads nothing else for them), and the
 * IP object decides the two addresses — so each is derived once per distinct value, and a line
 * is put together from its parts.
 */

const SIDE_FIELDS = ['namespace', 'pod', 'workload', 'labels', 'identity'] as const;
export const SOURCE_COLUMNS = SIDE_FIELDS.map((field) => columnIndex(`source.${field}`));
export const DESTINATION_COLUMNS = SIDE_FIELDS.map((field) => columnIndex(`destination.${field}`));
const SOURCE_IP = columnIndex('source.ip');
const DESTINATION_IP = columnIndex('destination.ip');
export const ADDRESS_COLUMNS = [SOURCE_IP, DESTINATION_IP];
export const IP_SLOT = slotOf('IP');
const SOURCE_SLOT = slotOf('source');
const DESTINATION_SLOT = slotOf('destination');

type Part = ColumnIds;

/** An address's parser id, kept with its bytes in the address memo. */
interface AddressId {
  generation: number;
  id: number;
}

export class EndpointParts {
  private absent: (Part | null | undefined)[] = [undefined, undefined];
  /** Addresses by their bytes: a cluster has thousands, the internet more (the memo restarts when full). */
  private readonly addresses = new KnownValues(1 << 14);
  /** Parser ids of the line's two addresses, after `addressesOf`. */
  readonly addressIds = new Int32Array(2);

  constructor(private readonly dictionaries: BatchDictionaries) {}

  /** The parser ids they hold are no longer valid. */
  restart(): void {
    this.absent = [undefined, undefined];
  }

  /** The source (side 0) or destination (side 1) part of the flow fields the scan read, or null for the reference path. */
  side(fields: Captured, side: 0 | 1): Part | null {
    const slot = side === 0 ? SOURCE_SLOT : DESTINATION_SLOT;
    if (!fields.has(slot)) {
      const absent = this.absent[side];
      if (absent !== undefined) return absent;
      return (this.absent[side] = this.derive(side, undefined));
    }
    const known = fields.known[slot];
    if (known === undefined || known.problem !== null) return null;
    const part = known.derived as Part | null | undefined;
    if (part !== undefined && (part === null || part.generation === this.dictionaries.generation)) return part;
    return (known.derived = this.derive(side, known.value));
  }

  /** Parser ids of the flow's addresses into addressIds; false for the reference path. */
  addressesOf(buffer: Buffer, fields: Captured): boolean {
    if (!fields.has(IP_SLOT)) return this.otherIP(undefined);
    const start = fields.ranges[IP_SLOT * 2]!;
    const end = fields.ranges[IP_SLOT * 2 + 1]!;
    if (buffer[start] !== 0x7b || !readIP(buffer, start, end)) return this.otherIP(valueAt(buffer, start, end));
    this.addressIds[0] = ipRead.sourceStart === -1 ? this.dictionaries.idOf(SOURCE_IP, '') : this.addressId(buffer, ipRead.sourceStart, ipRead.sourceEnd);
    this.addressIds[1] = ipRead.destinationStart === -1 ? this.dictionaries.idOf(DESTINATION_IP, '') : this.addressId(buffer, ipRead.destinationStart, ipRead.destinationEnd);
    return true;
  }

  private addressId(buffer: Buffer, start: number, end: number): number {
    let known: KnownValue | undefined = this.addresses.findRange(buffer, start, end);
    if (known === undefined) known = this.addresses.add(buffer, start, end, valueAt(buffer, start, end), null);
    const cached = known.derived as AddressId | undefined;
    if (cached !== undefined && cached.generation === this.dictionaries.generation) return cached.id;
    const id = this.dictionaries.idOf(SOURCE_IP, known.value as string);
    known.derived = { generation: this.dictionaries.generation, id } satisfies AddressId;
    return id;
  }

  /** An IP object of another shape (or none), the reference way. */
  private otherIP(value: unknown): boolean {
    if (flowShapeProblem({ IP: value }) !== null) return false;
    const facts = flowFacts(flowWith('IP', value));
    this.addressIds[0] = this.dictionaries.idOf(SOURCE_IP, facts.source.ip);
    this.addressIds[1] = this.dictionaries.idOf(DESTINATION_IP, facts.destination.ip);
    return true;
  }

  private derive(side: 0 | 1, value: unknown): Part | null {
    let facts: FlowFacts;
    try {
      facts = flowFacts(flowWith(side === 0 ? 'source' : 'destination', value));
    } catch {
      return null;
    }
    const part: Part = new ColumnIds(side === 0 ? SOURCE_COLUMNS : DESTINATION_COLUMNS, this.dictionaries.generation);
    return fillIds(this.dictionaries, part, facts) ? part : null;
  }
}
