import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from './helpers/data.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const entries = Object.entries(pkg.exports as Record<string, { default: string }>);

test.each(entries)('subpath %s has its source entry and imports cleanly', async (_, target) => {
  const source = join(repoRoot, target.default.replace('./dist/', '').replace(/\.js$/, '.ts'));
  expect(existsSync(source)).toBe(true);
  const mod = await import(source);
  expect(Object.keys(mod).length).toBeGreaterThan(0);
});

test('zero native dependencies: runtime dependencies are pure JavaScript packages', () => {
  for (const name of Object.keys(pkg.dependencies ?? {})) {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8'));
    expect(manifest.gypfile ?? false, name).toBe(false);
    expect(existsSync(join(repoRoot, 'node_modules', name, 'binding.gyp')), name).toBe(false);
  }
});
