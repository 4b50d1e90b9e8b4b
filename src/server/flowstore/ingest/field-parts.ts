import { flowFacts, type FlowFacts } from '../../../shared/flow-facts.ts';
import type { Flow } from '../../../shared/flow.ts';
import { columnIndex } from '../index/columns.ts';
import type { BatchDictionaries } from './batch-dictionaries.ts';
import { ColumnIds, fillIds } from './column-ids.ts';
import { SLOT_NAMES, slotOf, type Captured } from './line-scan.ts';
import { blankFlow } from './sparse-line.ts';

/**
 * Columns that one or a few flow fields decide on their own, worked out apart from the line's
 * template (row-encoder.ts): each side's DNS names and service, and the policies. A cluster has
 * thousands of names and policy lists; as part of a line's template each would multiply the
 * templates (and their memory) by as many. So each is derived once per distinct value (per
 * distinct combination for the four policy lists).
 *
 * This holds because of what flowFacts reads (keep in step with src/shared/flow-facts.ts): a
 * side's names from its *_names field alone, its service from its *_service field alone, and the
 * policies from the four *_by lists alone.
 */
interface FieldGroup {
  slots: number[];
  columns: number[];
}

const group = (fields: string[], columns: string[]): FieldGroup => ({ slots: fields.map(slotOf), columns: columns.map(columnIndex) });

const GROUPS: readonly FieldGroup[] = [
  group(['source_names'], ['source.names']),
  group(['destination_names'], ['destination.names']),
  group(['source_service'], ['source.service']),
  group(['destination_service'], ['destination.service']),
  group(['ingress_denied_by', 'egress_denied_by', 'ingress_allowed_by', 'egress_allowed_by'], ['policies']),
];
/** The flow fields read here, and the columns they decide. */
export const FIELD_PART_SLOTS: readonly number[] = GROUPS.flatMap((g) => g.slots);
export const FIELD_PART_COLUMNS: readonly number[] = GROUPS.flatMap((g) => g.columns);

/** Restart point for combinations of several present fields (rare: lines usually carry one policy list). */
const MAX_COMBINATIONS = 32_768;

export type FieldPart = ColumnIds;

interface Combination {
  key: Int32Array;
  part: FieldPart | null;
}

export class FieldParts {
  /** Per group, its part when none of its fields is present. */
  private absent: (FieldPart | null | undefined)[] = GROUPS.map(() => undefined);
  private combinations = new Map<number, Combination[]>();
  private combinationCount = 0;
  private readonly key = new Int32Array(Math.max(...GROUPS.map((g) => g.slots.length)));
  /** The line's parts, in group order, after `read`. */
  readonly parts: FieldPart[] = [];

  constructor(private readonly dictionaries: BatchDictionaries) {}

  /** The parser ids they hold are no longer valid. */
  restart(): void {
    this.absent = GROUPS.map(() => undefined);
    this.combinations = new Map();
    this.combinationCount = 0;
  }

  /** Every group's part of the flow fields the scan read into `parts`; false for the reference path. */
  read(fields: Captured): boolean {
    for (let g = 0; g < GROUPS.length; g++) {
      const part = this.partOf(g, fields);
      if (part === null) return false;
      this.parts[g] = part;
    }
    return true;
  }

  private partOf(g: number, fields: Captured): FieldPart | null {
    const slots = GROUPS[g]!.slots;
    let present = -1;
    let count = 0;
    for (let i = 0; i < slots.length; i++) {
      if (fields.has(slots[i]!)) {
        present = slots[i]!;
        count++;
      }
    }
    if (count === 0) {
      const absent = this.absent[g];
      if (absent !== undefined) return absent;
      return (this.absent[g] = this.derive(g, fields));
    }
    if (count > 1) return this.combination(g, fields);
    // One field present: the part belongs with its remembered value (each field has a memo of its own).
    const known = fields.known[present];
    if (known === undefined || known.problem !== null) return null;
    const part = known.derived as FieldPart | null | undefined;
    if (part !== undefined && (part === null || part.generation === this.dictionaries.generation)) return part;
    return (known.derived = this.derive(g, fields));
  }

  /** Several of the group's fields present: looked up by the ids of their values. */
  private combination(g: number, fields: Captured): FieldPart | null {
    const slots = GROUPS[g]!.slots;
    const key = this.key;
    let hash = 0x811c9dc5 ^ g;
    for (let i = 0; i < slots.length; i++) {
      const id = fields.has(slots[i]!) ? fields.ids[slots[i]!]! : 0;
      if (id < 0 || (id === 0 && fields.has(slots[i]!))) return null;
      key[i] = id;
      hash = Math.imul(hash ^ id, 0x01000193);
    }
    hash &= 0x3fffffff;
    const bucket = this.combinations.get(hash);
    if (bucket !== undefined) {
      for (const entry of bucket) {
        let i = 0;
        while (i < slots.length && entry.key[i] === key[i]) i++;
        if (i === slots.length) return entry.part;
      }
    }
    if (this.combinationCount >= MAX_COMBINATIONS) {
      this.combinations.clear();
      this.combinationCount = 0;
    }
    const part = this.derive(g, fields);
    const entry = { key: key.slice(0, slots.length), part };
    if (bucket !== undefined) bucket.push(entry);
    else this.combinations.set(hash, [entry]);
    this.combinationCount++;
    return part;
  }

  /** The group's columns the reference way, from its fields' remembered values. */
  private derive(g: number, fields: Captured): FieldPart | null {
    const { slots, columns } = GROUPS[g]!;
    const flow = blankFlow();
    for (const slot of slots) {
      if (!fields.has(slot)) continue;
      const known = fields.known[slot];
      if (known === undefined || known.problem !== null) return null;
      flow[SLOT_NAMES[slot]!] = known.value;
    }
    let facts: FlowFacts;
    try {
      facts = flowFacts(flow as Flow);
    } catch {
      return null;
    }
    const part: FieldPart = new ColumnIds(columns, this.dictionaries.generation);
    return fillIds(this.dictionaries, part, facts) ? part : null;
  }
}
