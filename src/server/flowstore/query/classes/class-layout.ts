import type { IdArray } from '../../index/chunk-block.ts';

/** How a chunk's row classes are laid out (row-classes.ts builds them). */

/** Endpoint fields (stride ENDPOINT_STRIDE); -1 where the field does not tell endpoints apart. */
export const EP_NAMESPACE = 0;
export const EP_WORKLOAD = 1;
export const EP_POD = 2;
export const EP_IP = 3;
export const EP_IDENTITY = 4;
export const EP_LABELS = 5;
export const EP_NAMES = 6;
export const ENDPOINT_STRIDE = 8;

/** Class fields while classifying (stride CLASS_STRIDE): endpoint numbers of this chunk, then dictionary ids. */
export const CL_SOURCE = 0;
export const CL_DESTINATION = 1;
export const CL_REPLY = 2;
export const CL_VERDICT = 3;
export const CL_CATEGORY = 4;
export const CL_PROTOCOLS = 5;
/** The server's port: the destination port of a request, the source port of a reply. */
export const CL_PORT = 6;
/** Reply, verdict, category and protocols packed with this chunk's radices (only while classifying). */
export const CL_ATTRIBUTES = 7;
export const CLASS_STRIDE = 8;

/**
 * A chunk's classes, one array per field, each as narrow as its largest value allows (a churning
 * cluster has almost one class per row, so bytes per class are bytes per flow).
 */
export interface ChunkClasses {
  /** Rows classified, from row 0. */
  rows: number;
  classOf: Uint16Array;
  classes: number;
  /** Per class: the endpoint numbers of its two ends (into endpointFields). */
  source: IdArray;
  destination: IdArray;
  /** Per class: the dictionary ids of its flows' reply flag, verdict, error category and protocols. */
  reply: IdArray;
  verdict: IdArray;
  category: IdArray;
  protocols: IdArray;
  /** Per class: the port dictionary id of the server's port. */
  port: IdArray;
  endpoints: number;
  endpointFields: Int32Array;
  /** Rows per class among rows [0, rows). */
  counts: Uint32Array;
  errors: ErrorRows;
}

/**
 * The chunk's rows with an error category, ascending, each with what the Error logs group by
 * besides its class: the reason (drop reason, status, rcode, error code) and detail (policies,
 * path, query, topic) ids of its category's columns, and its time. Kept apart because the few
 * error rows lie scattered over the chunk: reading them from the columns misses the CPU cache.
 */
export interface ErrorRows {
  count: number;
  rows: Uint16Array;
  classes: Uint16Array;
  reasons: Int32Array;
  details: Int32Array;
  times: Float64Array;
}

