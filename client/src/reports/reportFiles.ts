/**
 * Report files on disk: folders expanded to the report files in them, files read in 1 MiB pieces
 * into the core's ReportInputStream (so a large plain XML report is never held whole), size caps
 * checked against the file's size before a byte is read. Used by the worker thread and the CLI;
 * no vscode here.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { formatBytes } from '../core/dmarcReport/problems';
import type { ReportLimits } from '../core/dmarcReport/reportLimits';
import type { InputResult } from '../core/dmarcReport/reportModel';
import { ReportInputStream } from '../core/dmarcReport/reportStream';

/** Names a report arrives under: RFC 7489 section 7.2.1.1 (.xml, .xml.gz, .zip) and saved mail. */
export const REPORT_FILE_NAME = /\.(xml|gz|gzip|zip|eml)$/i;
const MAX_FOLDER_FILES = 10000;
const MAX_FOLDER_DEPTH = 4;
const CHUNK = 1024 * 1024;

export interface ReportFile {
  path: string;
  /** How the file is named in the view: relative to the folder it was found in, or its name. */
  label: string;
}

export interface FolderListing {
  files: ReportFile[];
  /** True when the folder held more report files than are read. */
  truncated: boolean;
}

/** Report files under a folder (sub-folders too, a few levels deep), sorted by path. */
export function listReportFiles(folder: string): FolderListing {
  const files: ReportFile[] = [];
  let truncated = false;
  const walk = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < MAX_FOLDER_DEPTH) walk(path, depth + 1);
      } else if (entry.isFile() && REPORT_FILE_NAME.test(entry.name)) {
        if (files.length >= MAX_FOLDER_FILES) {
          truncated = true;
          return;
        }
        files.push({ path, label: relative(folder, path) });
      }
    }
  };
  walk(folder, 0);
  return { files, truncated };
}

/** Paths as given (files or folders) to the files to read. */
export function expandInputs(paths: readonly string[], label: (path: string) => string = basename): { files: ReportFile[]; problems: InputResult[] } {
  const files: ReportFile[] = [];
  const problems: InputResult[] = [];
  for (const path of paths) {
    let isFolder = false;
    try {
      isFolder = statSync(path).isDirectory();
    } catch (error) {
      problems.push(unreadable(label(path), error));
      continue;
    }
    if (!isFolder) {
      files.push({ path, label: label(path) });
      continue;
    }
    const listing = listReportFiles(path);
    const prefix = label(path);
    files.push(...listing.files.map((f) => ({ path: f.path, label: join(prefix, f.label) })));
    if (listing.files.length === 0) problems.push({ file: prefix, reports: [], problems: [{ code: 'report-empty-folder', severity: 'error', message: 'The folder holds no .xml, .gz, .zip or .eml files, so there are no reports to show.', source: prefix }] });
    if (listing.truncated) problems.push({ file: prefix, reports: [], problems: [{ code: 'report-folder-truncated', severity: 'warning', message: `The folder holds more than ${MAX_FOLDER_FILES} report files; the first ${MAX_FOLDER_FILES} by name are shown.`, source: prefix }] });
  }
  return { files, problems };
}

function unreadable(file: string, error: unknown): InputResult {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission is denied' : code === 'EISDIR' ? 'it is a folder' : String((error as Error).message ?? error);
  return { file, reports: [], problems: [{ code: 'report-unreadable', severity: 'error', message: `The file cannot be read: ${why}.`, source: file }] };
}

/** Read buffers, reused file after file (reading is synchronous, so one file at a time uses them). */
let firstBuffer: Uint8Array | undefined;
let nextBuffer: Uint8Array | undefined;

/** Fills `buffer` from the file, or reads to its end; returns the bytes read. */
function readFull(fd: number, buffer: Uint8Array, regular: boolean): number {
  let filled = 0;
  while (filled < buffer.length) {
    const n = readSync(fd, buffer, filled, buffer.length - filled, null);
    filled += n;
    // A regular file reads short only at its end (POSIX read()): no second call to learn that. A pipe reads short any time.
    if (n === 0 || (regular && filled < buffer.length)) break;
  }
  return filled;
}

/** Reads one file; never throws. `onProgress` gets bytes read so far and the file size. */
export function readReportFile(file: ReportFile, limits: ReportLimits, onProgress?: (done: number, total: number) => void): InputResult {
  let size: number;
  let regular: boolean;
  try {
    const stats = statSync(file.path);
    size = stats.size;
    regular = stats.isFile();
  } catch (error) {
    return unreadable(file.label, error);
  }
  const largest = Math.max(limits.maxCompressedBytes, limits.maxUncompressedBytes);
  if (size > largest) {
    return {
      file: file.label,
      reports: [],
      problems: [{ code: 'report-too-large', severity: 'error', message: `The file is ${formatBytes(size)}, more than emailAuth.reports.maxUncompressedBytes (${formatBytes(limits.maxUncompressedBytes)}) and maxCompressedBytes (${formatBytes(limits.maxCompressedBytes)}) allow; it was not read.`, source: file.label }],
    };
  }
  let fd: number;
  try {
    fd = openSync(file.path, 'r');
  } catch (error) {
    return unreadable(file.label, error);
  }
  try {
    const stream = new ReportInputStream(file.label, { limits }, size);
    // The first piece is lent to the stream until it finishes: most report files are read whole
    // into it and scanned where they are, with no copy and no buffer allocated per file.
    // One byte more than the file, so that reading all of it shows it has ended.
    const first = (firstBuffer ??= new Uint8Array(CHUNK)).subarray(0, Math.min(CHUNK, size + 1));
    let done = readFull(fd, first, regular);
    stream.push(first.subarray(0, done), true);
    onProgress?.(done, size);
    if (done === first.length) {
      // One buffer for the other pieces: the stream copies what it keeps.
      const buffer = (nextBuffer ??= new Uint8Array(CHUNK));
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, null);
        if (n === 0) break;
        stream.push(buffer.subarray(0, n));
        done += n;
        onProgress?.(done, size);
      }
    }
    return stream.finish();
  } catch (error) {
    return unreadable(file.label, error);
  } finally {
    closeSync(fd);
  }
}
