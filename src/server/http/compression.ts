import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import fastifyCompress from '@fastify/compress';

/** Answers smaller than this go as they are: compressing them saves less than the headers cost. */
const COMPRESS_MIN_BYTES = 1024;

/**
 * Every answer above 1 KB of a compressible type (JSON, CSV, jsonl, text) is compressed
 * as the browser asks (Accept-Encoding): brotli first, else gzip. Streams — the export — are
 * compressed on the fly, piece by piece. Built assets come precompressed (spa.ts) and are left alone.
 * Brotli at quality 4 costs about as much CPU as gzip's default and packs JSON tighter.
 */
export async function compressAnswers(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    threshold: COMPRESS_MIN_BYTES,
    encodings: ['br', 'gzip'],
    // The jsonl export; mime-db does not know it as compressible.
    customTypes: /^application\/x-ndjson\b/,
    brotliOptions: {
      params: {
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_QUALITY]: 4,
      },
    },
  });
}
