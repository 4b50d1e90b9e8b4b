/**
 * A batch of parsed flows, dictionary-encoded against the batch's own small dictionaries, as
 * the parse workers hand it to the index (typed arrays transfer between threads without copying).
 */
export interface EncodedBatch {
  fileId: number;
  /** Flows in the batch. */
  count: number;
  time: Float64Array;
  /** Byte offset and length of each flow's line in its file, for getting the original back. */
  offset: Float64Array;
  length: Uint32Array;
  /** Column-major local ids: column c, row r at ids[c * count + r] (columns in COLUMNS order). */
  ids: Uint32Array;
  /** Per column, the batch dictionary: local id → dictionary key. */
  dictionaries: (string | number)[][];
  /** Lines of each kind seen (flow, node_status, lost_events, …). */
  kinds: Record<string, number>;
  bad: BadLine[];
  /** Lines in the batch, of every kind, good or bad. */
  lines: number;
}

export interface BadLine {
  line: number;
  reason: string;
  sample: string;
}
