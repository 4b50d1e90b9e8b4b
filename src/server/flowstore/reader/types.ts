/**
 * What the log reader hands the ingest pipeline, and what the index asks of it later.
 * The reader finds files, follows them through growth, rotation, truncation and gzip; it knows
 * nothing of JSON. The ingest side parses the lines and keeps (fileId, offset, length) to get
 * an original line back for the API.
 */

export interface TrackedFile {
  /** Small integer, stable for the life of the process; the index stores it per flow. */
  id: number;
  /** Current path (follows renames). */
  path: string;
  /** Folder relative to the --logs root it was found under ('' at the root): a per-node folder name, if any. */
  folder: string;
  compressed: boolean;
}

export interface LineBatch {
  file: TrackedFile;
  /**
   * Whole lines only, each ending in '\n'. Never a half-written line. The reader reuses the
   * memory: the bytes are valid until the promise onBatch returns settles (copy to keep them).
   */
  bytes: Buffer;
  /** Byte offset of bytes[0] within the file's content (decompressed content for .gz). */
  offset: number;
  /** 1-based line number of the batch's first line within the file. */
  firstLine: number;
}

/** A line the reader refused without handing it on (e.g. longer than maxLineBytes). */
export interface SkippedLine {
  file: TrackedFile;
  line: number;
  reason: 'line too long';
  /** The first bytes of the line, for the status page. */
  sample: string;
}

export type FileState = 'reading' | 'following' | 'done' | 'gone' | 'error';

export interface FileProgress {
  file: TrackedFile;
  /** Current size in bytes (on disk; for .gz the compressed size). */
  size: number;
  /** Bytes consumed so far (compressed bytes for .gz, so bytesRead/size is progress). */
  bytesRead: number;
  state: FileState;
  error?: string;
}

export interface ReaderOptions {
  /** Folders to search recursively. */
  roots: string[];
  /** How often to look for growth, new files and rotation. Default 250 ms. */
  pollMs?: number;
  /** Longest line accepted; longer ones are skipped and reported. Default 1 MiB. */
  maxLineBytes?: number;
  /** Size of the batches handed on. Default 1 MiB. */
  batchBytes?: number;
}

export interface ReaderHandlers {
  /** Called in file order; the reader waits for the promise before reading on (backpressure). */
  onBatch(batch: LineBatch): Promise<void> | void;
  onSkipped?(skipped: SkippedLine): void;
  /** A root that is missing or unreadable, a file that cannot be opened or read… */
  onProblem?(message: string): void;
}
