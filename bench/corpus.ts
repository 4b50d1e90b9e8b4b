import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { writeDemoCorpus } from '../src/server/demo/corpus.ts';
import { writeVarietyCorpus } from '../src/server/flowstore/testing/variety/corpus.ts';

/** A corpus written once into .cache/ and kept between runs (the marker says it is whole). */
async function cached(name: string, write: (dir: string) => Promise<unknown> | unknown): Promise<string> {
  const dir = path.resolve('.cache', name);
  const marker = path.join(dir, 'complete.json');
  if (fs.existsSync(marker)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  console.log(`Writing the ${name} corpus to ${dir} (once; cached afterwards)…`);
  const written = await write(dir);
  fs.writeFileSync(marker, JSON.stringify(written));
  return dir;
}

/** The demo's shop: one cluster's lines repeating their shapes (plain files). */
export function benchCorpus(flows: number): Promise<string> {
  return cached(`bench-corpus-${flows}`, (dir) => writeDemoCorpus({ out: dir, flows, seed: 1, compress: false }));
}

/** A large cluster for the graph: the demo with `workloads` workloads in all (as README's `demo:write --workloads`). */
export function graphCorpus(flows: number, workloads: number): Promise<string> {
  return cached(`graph-corpus-${workloads}w-${flows}`, (dir) => writeDemoCorpus({ out: dir, flows, seed: 1, compress: false, workloads }));
}

/** Real-world variety: churning pods, three writers, mixed time precision, .gz backups, bad and other lines. */
export function varietyCorpus(flows: number): Promise<string> {
  return cached(`variety-corpus-${flows}`, (dir) => writeVarietyCorpus({ out: dir, flows, seed: 1 }));
}

/** Every log file under dir (plain and gzipped), sorted. */
export function corpusFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.log') || entry.name.endsWith('.log.gz')) files.push(full);
    }
  };
  walk(dir);
  return files.sort();
}

/** A file's lines' bytes: gunzipped when it is a .gz. */
export function fileContent(file: string): Buffer {
  const bytes = fs.readFileSync(file);
  return file.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}
