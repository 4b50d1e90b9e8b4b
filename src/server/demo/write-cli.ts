import { realpathSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTimeMs } from '../../shared/flow-facts.ts';
import { DEFAULT_CORPUS_FLOWS_PER_SECOND, DEFAULT_CORPUS_START_MS, writeDemoCorpus, type DemoCorpusOptions } from './corpus.ts';

/**
 * `npm run demo:write -- --out DIR --flows N [--seed S] [--start 2026-11-20T10:00:00Z]
 *  [--rotate-mb M] [--workloads W] [--rate R] [--no-compress]`
 */

export const USAGE = `usage: npm run demo:write -- --out DIR --flows N [options]

Writes demo Hubble flow logs (exporter format, one folder per node, rotated with .gz backups).

  --out DIR          folder to write into (created; must be empty)
  --flows N          number of flow lines, a whole number ≥ 1
  --seed S           traffic seed, a whole number 0–4294967295 (default 1)
  --start TIME       time of the first flow, RFC 3339 (default ${new Date(DEFAULT_CORPUS_START_MS).toISOString()})
  --rotate-mb M      rotate events.log at M megabytes, a number > 0 (default 50, like ACNS)
  --workloads W      total workloads, a whole number 1–100000 (default: the 14-workload shop)
  --rate R           flows per second of flow time, a number > 0 (default ${DEFAULT_CORPUS_FLOWS_PER_SECOND})
  --no-compress      keep rotated backups as plain .log files
`;

export type ParsedArgs = { ok: true; options: DemoCorpusOptions } | { ok: false; error: string } | { ok: true; help: true };

const VALUE_FLAGS = ['--out', '--flows', '--seed', '--start', '--rotate-mb', '--workloads', '--rate'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

function wholeNumber(text: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

function positiveNumber(text: string): number | undefined {
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value > 0 && Number.isFinite(value) ? value : undefined;
}

export function parseDemoWriteArgs(argv: readonly string[]): ParsedArgs {
  const values = new Map<ValueFlag, string>();
  let compress = true;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--help' || arg === '-h') return { ok: true, help: true };
    if (arg === '--no-compress') {
      compress = false;
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    const flag = VALUE_FLAGS.find((known) => known === name);
    if (!flag) return { ok: false, error: arg.startsWith('-') ? `unknown flag ${name}` : `unexpected argument "${arg}" (flags take the form --name value)` };
    let value: string | undefined;
    if (equals !== -1) value = arg.slice(equals + 1);
    else {
      value = argv[index + 1];
      index++;
    }
    if (value === undefined || value === '' || (equals === -1 && value.startsWith('--'))) return { ok: false, error: `${flag} needs a value` };
    if (values.has(flag)) return { ok: false, error: `${flag} given twice` };
    values.set(flag, value);
  }

  const out = values.get('--out');
  if (out === undefined) return { ok: false, error: '--out is required: the folder to write into, e.g. --out /tmp/flows' };
  const flowsText = values.get('--flows');
  if (flowsText === undefined) return { ok: false, error: '--flows is required: how many flow lines, e.g. --flows 20000' };
  const flows = wholeNumber(flowsText, 1, 1e9);
  if (flows === undefined) return { ok: false, error: `--flows ${flowsText}: expected a whole number ≥ 1, e.g. --flows 20000` };
  const options: DemoCorpusOptions = { out, flows, compress };

  const seed = values.get('--seed');
  if (seed !== undefined) {
    options.seed = wholeNumber(seed, 0, 4294967295);
    if (options.seed === undefined) return { ok: false, error: `--seed ${seed}: expected a whole number 0–4294967295, e.g. --seed 7` };
  }
  const start = values.get('--start');
  if (start !== undefined) {
    options.startMs = parseTimeMs(start);
    if (Number.isNaN(options.startMs)) return { ok: false, error: `--start ${start}: expected an RFC 3339 time, e.g. --start 2026-11-20T10:00:00Z` };
  }
  const rotate = values.get('--rotate-mb');
  if (rotate !== undefined) {
    const megabytes = positiveNumber(rotate);
    if (megabytes === undefined) return { ok: false, error: `--rotate-mb ${rotate}: expected a number of megabytes > 0, e.g. --rotate-mb 50` };
    options.maxBytes = Math.max(1, Math.round(megabytes * 1024 * 1024));
  }
  const workloads = values.get('--workloads');
  if (workloads !== undefined) {
    options.workloads = wholeNumber(workloads, 1, 100_000);
    if (options.workloads === undefined) return { ok: false, error: `--workloads ${workloads}: expected a whole number 1–100000, e.g. --workloads 2000` };
  }
  const rate = values.get('--rate');
  if (rate !== undefined) {
    options.flowsPerSecond = positiveNumber(rate);
    if (options.flowsPerSecond === undefined) return { ok: false, error: `--rate ${rate}: expected flows per second > 0, e.g. --rate 100` };
  }
  return { ok: true, options };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface CliOutput {
  log(text: string): void;
  error(text: string): void;
}

/** Runs the CLI; resolves to the exit code (2 for bad flags, 1 when writing failed). */
export async function runDemoWriteCli(argv: readonly string[], output: CliOutput = console): Promise<number> {
  const parsed = parseDemoWriteArgs(argv);
  if (!parsed.ok) {
    output.error(`demo:write: ${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  if ('help' in parsed) {
    output.log(USAGE);
    return 0;
  }
  const began = performance.now();
  try {
    const corpus = await writeDemoCorpus(parsed.options);
    let total = 0;
    const listing = corpus.files.map((file) => {
      const size = statSync(file).size;
      total += size;
      return `  ${relative(parsed.options.out, file)}  ${megabytes(size)}`;
    });
    const seconds = ((performance.now() - began) / 1000).toFixed(1);
    output.log(
      `wrote ${corpus.flows} flows (${new Date(corpus.startMs).toISOString()} … ${new Date(corpus.endMs).toISOString()}) to ${parsed.options.out}\n` +
        `${listing.join('\n')}\n  ${corpus.files.length} files, ${megabytes(total)} in ${seconds} s`,
    );
    return 0;
  } catch (error) {
    output.error(`demo:write: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function isMainModule(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  void runDemoWriteCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
