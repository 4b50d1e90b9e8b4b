import { spawn } from 'node:child_process';

/**
 * `promtool tsdb create-blocks-from openmetrics FILE DIR`: turns timestamped samples into TSDB
 * blocks in DIR (aligned to two hours, the default block range), for a Prometheus started on that
 * folder afterwards. Rejects with promtool's own words when it refuses the input.
 */
export function createBlocks(promtool: string, openMetricsFile: string, outDir: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', openMetricsFile, outDir], { stdio: ['ignore', 'pipe', 'pipe'], signal });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code, exitSignal) => {
      if (code === 0) resolve();
      else reject(new Error(`promtool could not make blocks of ${openMetricsFile} (${exitSignal ?? `exit ${code}`}): ${output.trim()}`));
    });
  });
}
