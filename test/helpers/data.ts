import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from a clone whose sibling is shared/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Path of a dataset in ../shared/data; throws a clear error when it is absent. */
export function sharedData(...parts: string[]): string {
  const p = resolve(repoRoot, '..', 'shared', 'data', ...parts);
  if (!existsSync(p)) throw new Error(`shared dataset missing: ${p} (see ../shared/data/README.md)`);
  return p;
}
