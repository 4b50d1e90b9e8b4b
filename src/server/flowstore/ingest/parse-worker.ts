import { parentPort } from 'node:worker_threads';
import { batchTarget, parseBatch, type BatchTarget, type RawBatch } from './parse-batch.ts';

/** What the pool shares with this thread: per slot, the batch's bytes and the arrays its rows go to. */
export interface SlotBuffers {
  input: SharedArrayBuffer;
  output: SharedArrayBuffer;
  rows: number;
}

export type ParseRequest =
  | { kind: 'slots'; slots: SlotBuffers[] }
  | { kind: 'in-slot'; id: number; slot: number; length: number; fileId: number; offset: number; firstLine: number }
  | { kind: 'copied'; id: number; raw: RawBatch };

let slots: { input: Uint8Array; target: BatchTarget }[] = [];

/** Loaded: the pool sends batches from now on (until then it parses them itself). */
parentPort?.postMessage({ ready: true });

/**
 * A parse thread: lines in, encoded rows out. Through a slot the bytes and the rows stay in
 * shared memory (nothing copied or allocated per batch); otherwise the rows' arrays are transferred.
 */
parentPort?.on('message', (message: ParseRequest) => {
  if (message.kind === 'slots') {
    slots = message.slots.map((slot) => ({ input: new Uint8Array(slot.input), target: batchTarget(slot.rows, slot.output) }));
    return;
  }
  if (message.kind === 'copied') {
    const batch = parseBatch(message.raw);
    parentPort?.postMessage({ id: message.id, batch }, [batch.time.buffer as ArrayBuffer]);
    return;
  }
  const slot = slots[message.slot]!;
  const raw = { fileId: message.fileId, bytes: slot.input.subarray(0, message.length), offset: message.offset, firstLine: message.firstLine };
  const batch = parseBatch(raw, { into: slot.target });
  if (batch.time.buffer === slot.target.time.buffer) {
    // The rows are in the slot: send the rest.
    const { time: _time, offset: _offset, length: _length, ids: _ids, ...rest } = batch;
    parentPort?.postMessage({ id: message.id, inSlot: rest });
  } else {
    parentPort?.postMessage({ id: message.id, batch }, [batch.time.buffer as ArrayBuffer]);
  }
});
