/**
 * Finding log files under the --logs folders and putting them in reading order: rotated backups
 * oldest first (by the timestamp lumberjack puts in the name) whatever their folder, then the
 * current files, so lines come roughly in time order. With one folder per node, the nodes' files
 * of the same minutes are read side by side: each of the index's chunks then spans a few minutes
 * of every node, not the end of one node's history and the start of the next, so a time range
 * cuts few chunks, and --max-flows drops the oldest flows of every node first.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export interface FoundFile {
  path: string;
  /** Folder relative to its root ('' at the root). */
  folder: string;
  name: string;
  compressed: boolean;
  /** Sortable timestamp from a lumberjack backup name (`2026-11-20T10-15-02.481`), '' for a non-lumberjack .gz, null for a current file. */
  backupTime: string | null;
}

export interface ScanResult {
  files: FoundFile[];
  /** Every folder walked, for change notifications. */
  folders: string[];
  /** One message per root or sub-folder that could not be read this time. */
  problems: Map<string, string>;
}

/** `<name>-YYYY-MM-DDTHH-MM-SS.mmm.log` or `.log.gz`, as lumberjack names its backups. */
const BACKUP_NAME = /^.+-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3})\.log(\.gz)?$/;

/** What a file name says about the file, or null when it is not a log file. */
export function classifyName(name: string): Pick<FoundFile, 'compressed' | 'backupTime'> | null {
  const backup = BACKUP_NAME.exec(name);
  if (backup) return { compressed: backup[2] !== undefined, backupTime: backup[1] ?? '' };
  if (name.endsWith('.log.gz')) return { compressed: true, backupTime: '' };
  if (name.endsWith('.log')) return { compressed: false, backupTime: null };
  return null;
}

function compareFiles(a: FoundFile, b: FoundFile): number {
  // Backups before current files; among backups the older first, then by folder, plain before its .gz.
  if ((a.backupTime === null) !== (b.backupTime === null)) return a.backupTime === null ? 1 : -1;
  if (a.backupTime !== b.backupTime) return (a.backupTime ?? '') < (b.backupTime ?? '') ? -1 : 1;
  if (a.folder !== b.folder) return a.folder < b.folder ? -1 : 1;
  if (a.compressed !== b.compressed) return a.compressed ? 1 : -1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function sortForReading(files: FoundFile[]): FoundFile[] {
  return [...files].sort(compareFiles);
}

function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}

/** Walks every root (recursively, following symlinks once) and returns the log files found, in reading order. */
export async function scanRoots(roots: string[]): Promise<ScanResult> {
  const result: ScanResult = { files: [], folders: [], problems: new Map() };
  for (const root of roots) {
    let rootFiles: FoundFile[] = [];
    try {
      const stat = await fs.stat(root);
      if (!stat.isDirectory()) {
        result.problems.set(root, `--logs ${root}: not a folder`);
        continue;
      }
    } catch (error) {
      const code = errorCode(error);
      result.problems.set(root, code === 'ENOENT' ? `--logs ${root}: folder not found` : `--logs ${root}: cannot read folder (${code})`);
      continue;
    }
    const visited = new Set<string>();
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        const stat = await fs.stat(dir);
        const key = `${stat.dev}:${stat.ino}`;
        if (visited.has(key)) return;
        visited.add(key);
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (error) {
        const label = dir === root ? `--logs ${root}` : dir;
        result.problems.set(dir, `${label}: cannot read folder (${errorCode(error)})`);
        return;
      }
      result.folders.push(dir);
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          const target = await fs.stat(full).catch(() => null);
          isDir = target?.isDirectory() ?? false;
          isFile = target?.isFile() ?? false;
        }
        if (isDir) {
          await walk(full);
          continue;
        }
        const kind = isFile ? classifyName(entry.name) : null;
        if (kind) rootFiles.push({ path: full, folder: path.relative(root, dir), name: entry.name, ...kind });
      }
    };
    await walk(root);
    rootFiles = sortForReading(rootFiles);
    result.files.push(...rootFiles);
  }
  return result;
}
