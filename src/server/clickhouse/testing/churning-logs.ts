/**
 * Test support: node log folders that keep changing the way real ones do — lines appended in
 * bursts (sometimes half a line first), now and then a node_status or an unreadable line, and
 * rotation by rename (the backup gzipped a little later) or by copy-and-truncate. It records every
 * flow line it wrote, so a test can check that each one landed exactly once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createDemoTraffic } from '../../demo/generator.ts';

export interface ChurningLogs {
  /** Flow lines written so far (each distinct). */
  readonly flowLines: string[];
  /** Unreadable lines written so far. */
  readonly badLines: number;
  /** Writes bursts until `stop()`; resolves when stopped and everything written is on disk. */
  stop(): Promise<void>;
  rotations: { rename: number; copytruncate: number; gzip: number };
}

export interface ChurningOptions {
  dir: string;
  nodes: string[];
  /** Flow lines per burst per node. */
  burst: number;
  /** Milliseconds between bursts. */
  everyMs: number;
  /** A node rotates once its events.log holds this many bytes. */
  rotateBytes: number;
  /** Stops by itself after this many flow lines in all. */
  maxFlows: number;
  seed?: number;
}

const stamp = (n: number) => new Date(Date.UTC(2026, 10, 20, 10, 0, 0) + n * 1000).toISOString().replace(/:/g, '-').replace('Z', '');

export function startChurningLogs(options: ChurningOptions): ChurningLogs {
  const traffic = createDemoTraffic({ seed: options.seed ?? 7, startMs: Date.UTC(2026, 10, 20, 10, 0, 0), flowsPerSecond: 200 });
  const flowLines: string[] = [];
  const rotations = { rename: 0, copytruncate: 0, gzip: 0 };
  let badLines = 0;
  let rotationCount = 0;
  const held = new Map<string, string>();
  const pendingGzip: { file: string; at: number }[] = [];
  for (const node of options.nodes) fs.mkdirSync(path.join(options.dir, node), { recursive: true });

  const rotate = (node: string) => {
    const folder = path.join(options.dir, node);
    const current = path.join(folder, 'events.log');
    const backup = path.join(folder, `events-${stamp(++rotationCount)}.log`);
    if (rotationCount % 2 === 0) {
      fs.renameSync(current, backup);
      rotations.rename++;
      pendingGzip.push({ file: backup, at: Date.now() + 300 });
    } else {
      fs.copyFileSync(current, backup);
      fs.truncateSync(current, 0);
      rotations.copytruncate++;
    }
  };

  const gzipDue = (all: boolean) => {
    while (pendingGzip.length > 0 && (all || pendingGzip[0]!.at <= Date.now())) {
      const { file } = pendingGzip.shift()!;
      fs.writeFileSync(`${file}.gz`, gzipSync(fs.readFileSync(file)));
      fs.rmSync(file);
      rotations.gzip++;
    }
  };

  let bursts = 0;
  const burst = () => {
    bursts++;
    for (const node of options.nodes) {
      if (flowLines.length >= options.maxFlows) return;
      const file = path.join(options.dir, node, 'events.log');
      let text = held.get(node) ?? '';
      held.delete(node);
      for (let i = 0; i < options.burst && flowLines.length < options.maxFlows; i++) {
        const line = JSON.stringify({ ...traffic.next(), node_name: node });
        flowLines.push(line);
        text += `${line}\n`;
        if (flowLines.length % 997 === 0) text += `{"node_status":{"state":"NODE_CONNECTED","node_names":["${node}"]},"time":"2026-11-20T10:00:00Z"}\n`;
        if (flowLines.length % 1499 === 0) {
          text += `not json at ${flowLines.length}\n`;
          badLines++;
        }
      }
      // Now and then half of the last line waits for the next burst.
      if (bursts % 3 === 1 && text.length > 10) {
        const cut = text.length - 7;
        held.set(node, text.slice(cut));
        text = text.slice(0, cut);
      }
      fs.appendFileSync(file, text);
      if (fs.statSync(file).size >= options.rotateBytes && !held.has(node)) rotate(node);
    }
    gzipDue(false);
  };

  let stopped = false;
  const timer = setInterval(() => {
    if (!stopped) burst();
  }, options.everyMs);
  return {
    flowLines,
    get badLines() {
      return badLines;
    },
    rotations,
    async stop() {
      stopped = true;
      clearInterval(timer);
      for (const [node, rest] of held) fs.appendFileSync(path.join(options.dir, node, 'events.log'), rest);
      held.clear();
      gzipDue(true);
    },
  };
}
