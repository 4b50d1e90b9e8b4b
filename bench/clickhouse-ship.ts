/**
 * Shipping speed for `npm run bench:clickhouse`: a corpus shipped into ClickHouse by a Shipper in
 * this process, with the CPU time the shipper and the clickhouse-server each spent, beside a
 * one-core JSON.parse of the same lines (the baseline, measured in the same run).
 */
import fs from 'node:fs';
import type { ClickHouse } from '../src/server/clickhouse/connection.ts';
import type { LocalClickHouse } from '../src/server/clickhouse/local-server.ts';
import { Shipper } from '../src/server/clickhouse/shipper/shipper.ts';
import { corpusFiles, fileContent } from './corpus.ts';

/** What a shipper should keep up with on this machine, per shipper. */
export const SHIP_TARGET_FLOWS_PER_S = 100_000;

export interface ShippingRun {
  flows: number;
  ms: number;
  /** CPU time of this process (the shipper: reader, parse threads, encoding, HTTP). */
  shipperCpuMs: number;
  /** CPU time of the clickhouse-server while it took the inserts (merges after are not counted). */
  clickhouseCpuMs: number;
}

/** CPU time of a process so far (Linux /proc; clock ticks of 10 ms). */
export function processCpuMs(pid: number | null): number {
  if (pid === null) return 0;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

export interface Baseline {
  flows: number;
  /** Flows a second, by the clock. */
  flowsPerS: number;
  /** Flows a CPU-second (what a busy machine changes least). */
  flowsPerCpuS: number;
}

/** How fast one core JSON.parses the corpus's lines (lines that are not JSON are skipped). */
export function jsonParseBaseline(dir: string): Baseline {
  let flows = 0;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  for (const file of corpusFiles(dir)) {
    for (const line of fileContent(file).toString('utf8').split('\n')) {
      if (line === '') continue;
      try {
        JSON.parse(line);
        flows++;
      } catch {
        // Not a JSON line (the variety corpus has some): not a flow.
      }
    }
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { flows, flowsPerS: (flows / (performance.now() - start)) * 1000, flowsPerCpuS: (flows / (cpu.user + cpu.system)) * 1_000_000 };
}

export async function ship(clickhouse: ClickHouse, server: LocalClickHouse, dir: string, name: string): Promise<ShippingRun> {
  const shipper = new Shipper(clickhouse, { roots: [dir], shipper: name, onProblem: (message) => console.warn(message) });
  const cpuBefore = process.cpuUsage();
  const serverBefore = processCpuMs(server.pid());
  const start = performance.now();
  await shipper.start();
  await shipper.shippedWhatIsThere();
  await shipper.stop();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  return { flows: shipper.stats.flows, ms, shipperCpuMs: (cpu.user + cpu.system) / 1000, clickhouseCpuMs: processCpuMs(server.pid()) - serverBefore };
}

const perS = (flows: number, ms: number) => Math.round((flows / ms) * 1000).toLocaleString('en');

/** Two lines: end-to-end flows/s against the baseline and the target, then flows per CPU-second of each side. */
export function describeShipping(label: string, run: ShippingRun, baseline: Baseline): string {
  const flowsPerS = (run.flows / run.ms) * 1000;
  const shipperPerCpuS = (run.flows / run.shipperCpuMs) * 1000;
  return [
    `${label}: ${run.flows.toLocaleString('en')} flows in ${(run.ms / 1000).toFixed(1)} s = ${perS(run.flows, run.ms)} flows/s ` +
      `(${(flowsPerS / baseline.flowsPerS).toFixed(2)}× the one-core JSON.parse's ${Math.round(baseline.flowsPerS).toLocaleString('en')} flows/s; target ${SHIP_TARGET_FLOWS_PER_S.toLocaleString('en')} flows/s)`,
    `  per CPU-second: shipper ${perS(run.flows, run.shipperCpuMs)} flows (${(run.shipperCpuMs / 1000).toFixed(1)} s of CPU; ` +
      `${(shipperPerCpuS / baseline.flowsPerCpuS).toFixed(2)}× JSON.parse's ${Math.round(baseline.flowsPerCpuS).toLocaleString('en')}), ` +
      `clickhouse-server ${perS(run.flows, run.clickhouseCpuMs)} flows (${(run.clickhouseCpuMs / 1000).toFixed(1)} s)`,
  ].join('\n');
}
