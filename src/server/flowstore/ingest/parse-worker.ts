import { parentPort } from 'node:worker_threads';
import { parseBatch, type RawBatch } from './parse-batch.ts';

/** A parse thread: raw lines in, encoded batches out (typed arrays transferred, not copied). */
parentPort?.on('message', (message: { id: number; raw: RawBatch }) => {
  const batch = parseBatch(message.raw);
  parentPort?.postMessage({ id: message.id, batch }, [
    batch.time.buffer,
    batch.offset.buffer,
    batch.length.buffer,
    batch.ids.buffer,
  ] as ArrayBuffer[]);
});
