import { describe, expect, it } from 'vitest';
import { FileRuns } from './file-runs.ts';

describe('file runs', () => {
  const runs = new FileRuns();
  // Rows 0–9 from file 3, 10–14 from file 7, 15–19 from file 3 again, 20 on from file 70,000.
  for (const [row, file] of [[0, 3], [4, 3], [10, 7], [15, 3], [20, 70_000]] as const) runs.add(row, file);

  it('tell the file of every row, a batch of the same file going on with its run', () => {
    const files = Array.from({ length: 25 }, (_, row) => runs.fileOf(row));
    expect(files).toEqual([...Array(10).fill(3), ...Array(5).fill(7), ...Array(5).fill(3), ...Array(5).fill(70_000)]);
  });

  it('list the runs within a range of rows, cut at its ends', () => {
    const seen: [number, number][] = [];
    runs.forEachRun(8, 22, (file, rows) => seen.push([file, rows]));
    expect(seen).toEqual([[3, 2], [7, 5], [3, 5], [70_000, 2]]);
    const none: number[] = [];
    runs.forEachRun(12, 12, (file) => none.push(file));
    expect(none).toEqual([]);
  });
});
