import fs from 'node:fs';
import path from 'node:path';
import { writeDemoCorpus } from '../src/server/demo/corpus.ts';

/** The benchmark corpus: written once by the demo writer and kept in .cache/ between runs. */
export async function benchCorpus(flows: number): Promise<string> {
  const dir = path.resolve('.cache', `bench-corpus-${flows}`);
  const marker = path.join(dir, 'complete.json');
  if (fs.existsSync(marker)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  console.log(`Writing a ${flows.toLocaleString('en')}-flow demo corpus to ${dir} (once; cached afterwards)…`);
  const written = await writeDemoCorpus({ out: dir, flows, seed: 1, compress: false });
  fs.writeFileSync(marker, JSON.stringify(written));
  return dir;
}

export function corpusFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.log')) files.push(full);
    }
  };
  walk(dir);
  return files.sort();
}
