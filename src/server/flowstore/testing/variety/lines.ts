import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { writeVarietyCorpus } from './corpus.ts';

/** Every line of a small variety corpus written to `dir`, in file order (backups gunzipped), for brute-force checks. */
export function varietyLines(dir: string, flows: number, seed: number): string[] {
  const corpus = writeVarietyCorpus({ out: dir, flows, seed, maxBytes: 1_000_000, flowsPerSecond: 20, rolloutEveryMinutes: 2, podLifetimeMinutes: 4 });
  return corpus.files.flatMap((file) => {
    const bytes = fs.readFileSync(file);
    return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8').split('\n');
  }).filter((line) => line !== '');
}
