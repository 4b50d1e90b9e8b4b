import { Worker } from 'node:worker_threads';

/**
 * Decompressing a .gz backup on a thread of its own, straight into the temp file: the pieces zlib
 * hands out are fresh buffers, and on the main thread they either went through mmap (above glibc's
 * threshold, which the server fixes at 128 KiB: each piece faulted in page by page and unmapped
 * again, a fifth more CPU time on a corpus with many backups) or fragmented the heap the index's
 * own small arrays live in (below it: tens of MB kept after ingest). On this thread they stay below
 * the threshold and are reused from its own heap, which goes when the thread ends; the main thread
 * only hears how far the temp file got.
 */

/** Read from the .gz and handed out by zlib at a time: below the mmap threshold. */
const COMPRESSED_PIECE_BYTES = 64 * 1024;
const DECOMPRESSED_PIECE_BYTES = 120 * 1024;
/** How far the temp file got is reported at least every this many bytes, and at the end. */
const REPORT_EVERY_BYTES = 1024 * 1024;

export interface GunzipProgress {
  /** Decompressed bytes in the temp file. */
  written: number;
  /** Compressed bytes read. */
  read: number;
  ended?: true;
  /** zlib's or the file system's message; the thread has stopped. */
  error?: string;
}

interface GunzipJob {
  compressedFd: number;
  tempFd: number;
  /** Decompressed bytes already in the temp file (an earlier attempt): decompressed again, not written again. */
  skip: number;
  compressedPieceBytes: number;
  decompressedPieceBytes: number;
  reportEveryBytes: number;
}

// Plain JavaScript run as the thread's whole program (CommonJS, no loader): it needs zlib and fs only.
const THREAD_PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const zlib = require('node:zlib');
const job = workerData;
let position = 0;
let written = job.skip;
let read = 0;
let reported = 0;
let stopped = false;
const report = (extra) => {
  if (stopped) return;
  if (extra) stopped = true;
  reported = written;
  parentPort.postMessage({ written, read, ...extra });
};
const gunzip = zlib.createGunzip({ chunkSize: job.decompressedPieceBytes });
gunzip.on('data', (piece) => {
  const end = position + piece.length;
  if (end > written) {
    const from = written - position;
    fs.writeSync(job.tempFd, piece, from, piece.length - from, written);
    written = end;
  }
  position = end;
  if (written - reported >= job.reportEveryBytes) report();
});
gunzip.on('end', () => report({ ended: true }));
gunzip.on('error', (error) => report({ error: error.message }));
const input = Buffer.allocUnsafe(job.compressedPieceBytes);
const feed = () => {
  try {
    for (;;) {
      const bytes = fs.readSync(job.compressedFd, input, 0, input.length, read);
      if (bytes === 0) return gunzip.end();
      read += bytes;
      // zlib works on the piece later: a copy, since the input buffer is read into again.
      if (!gunzip.write(Buffer.from(input.subarray(0, bytes)))) return gunzip.once('drain', feed);
    }
  } catch (error) {
    report({ error: error.message });
    gunzip.destroy();
  }
};
feed();
`;

/**
 * Decompresses the .gz open as `compressedFd` into the temp file open as `tempFd` (both stay open:
 * the caller owns them), reporting progress until it ends or fails. `stop()` ends the thread early.
 */
export function startGunzip(compressedFd: number, tempFd: number, skip: number, onProgress: (progress: GunzipProgress) => void): { stop(): Promise<void> } {
  const job: GunzipJob = {
    compressedFd,
    tempFd,
    skip,
    compressedPieceBytes: COMPRESSED_PIECE_BYTES,
    decompressedPieceBytes: DECOMPRESSED_PIECE_BYTES,
    reportEveryBytes: REPORT_EVERY_BYTES,
  };
  const worker = new Worker(THREAD_PROGRAM, { eval: true, workerData: job, stdout: false, stderr: false });
  let finished = false;
  worker.on('message', (progress: GunzipProgress) => {
    if (finished) return;
    if (progress.ended || progress.error !== undefined) finished = true;
    onProgress(progress);
  });
  worker.on('error', (error) => {
    if (finished) return;
    finished = true;
    onProgress({ written: skip, read: 0, error: error.message });
  });
  worker.on('exit', (code) => {
    if (finished) return;
    finished = true;
    onProgress({ written: skip, read: 0, error: `the decompressing thread stopped (exit code ${code})` });
  });
  return {
    async stop() {
      finished = true;
      await worker.terminate();
    },
  };
}
