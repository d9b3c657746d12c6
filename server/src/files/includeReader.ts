import { readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { IncludeReader } from '../service/zone/parser';

/**
 * Reads $INCLUDE targets relative to the including file, but only inside `root` (the workspace,
 * or the file's folder for the CLI): a zone file from a cloned repository must not read
 * arbitrary files of the user's machine into diagnostics.
 */
export function createIncludeReader(zonePath: string, root: string): IncludeReader {
  const rootReal = safeRealpath(root) ?? root;
  return (path) => {
    const target = isAbsolute(path) ? path : resolve(dirname(zonePath), path);
    const real = safeRealpath(target);
    if (!real) return undefined;
    const rel = relative(rootReal, real);
    if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
    try {
      return { text: readFileSync(real, 'utf8'), resolvedPath: real };
    } catch {
      return undefined;
    }
  };
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
