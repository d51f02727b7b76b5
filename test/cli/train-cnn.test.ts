import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { main } from '../../cli/main.js';

test('perceptio train mnist-cnn trains LeNet-5 for an epoch and saves model and chart', async () => {
  const out = mkdtempSync(join(tmpdir(), 'perceptio-cnn-'));
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (lines.push(String(s)), true));
  let code: number;
  try {
    code = await main(['train', 'mnist-cnn', '--epochs', '1', '--out', out, '--json']);
  } finally {
    spy.mockRestore();
  }
  expect(code).toBe(0);
  const result = JSON.parse(lines.join('').trim().split('\n').pop()!);
  expect(result.testAccuracy).toBeGreaterThan(0.5); // one epoch of 110 batches: well above chance (0.1)
  for (const f of ['model.json', 'model.safetensors', 'loss.svg']) expect(existsSync(join(out, f)), f).toBe(true);
  expect(await main(['train', 'mnist-cnn', '--model', 'resnet'])).toBe(2);
});
