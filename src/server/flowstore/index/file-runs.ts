/**
 * Which log file each row of a chunk was read from, as runs: rows arrive in batches of one file,
 * so a chunk of 65,536 rows holds a few dozen runs where a file number per row took 128 KB.
 */
export class FileRuns {
  /** The first row of each run, ascending, and its file. */
  private readonly starts: number[] = [];
  private readonly files: number[] = [];

  /** Rows from `row` on (until the next run) come from `fileId`. */
  add(row: number, fileId: number): void {
    if (this.files[this.files.length - 1] === fileId) return;
    this.starts.push(row);
    this.files.push(fileId);
  }

  /** The file of a row of the chunk. */
  fileOf(row: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= row) low = middle;
      else high = middle - 1;
    }
    return this.files[low]!;
  }

  /** Calls `each` with the file and row count of every run within rows [from, to), in order. */
  forEachRun(from: number, to: number, each: (fileId: number, rows: number) => void): void {
    for (let run = 0; run < this.starts.length; run++) {
      const start = Math.max(from, this.starts[run]!);
      const end = Math.min(to, this.starts[run + 1] ?? Infinity);
      if (start < end) each(this.files[run]!, end - start);
    }
  }
}
