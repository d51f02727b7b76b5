import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { repoRoot } from './helpers/data.js';

// The README's quick start must work as printed: extract it, run it, check what it logs.
test('the README quick-start example runs and prints what it promises', async () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const block = /<!-- quickstart[^>]*-->\s*```ts\n([\s\S]*?)```/.exec(readme);
  expect(block).not.toBeNull();
  const dir = join(repoRoot, 'test', 'generated');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'readme-quickstart.ts');
  writeFileSync(file, block![1]);
  const logs: unknown[][] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args) => void logs.push(args));
  try {
    await import(file);
  } finally {
    spy.mockRestore();
  }
  expect(logs[0][0]).toEqual([0, 1, 1, 0]);
  expect((logs[1][0] as number[]).length).toBe(3);
});
