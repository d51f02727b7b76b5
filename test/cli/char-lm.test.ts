import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { cli } from '../helpers/cli.js';

test('perceptio train char-lm trains on a UTF-8 file and generate continues a prompt', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'perceptio-charlm-cli-'));
  const file = join(dir, 'text.txt');
  writeFileSync(file, 'ГАМЛЕТ:\nБыть или не быть.\n\n'.repeat(40));
  const out = join(dir, 'model');
  const t = await cli('train', 'char-lm', '--text', file, '--hidden', '24', '--embedding', '8', '--seq-len', '16', '--batch-size', '8', '--epochs', '2', '--out', out, '--json');
  expect(t.code, t.err).toBe(0);
  const r = JSON.parse(t.out);
  expect(r.vocabulary).toBe(new Set('ГАМЛЕТ:\nБыть или не быть.').size);
  expect(r.valBpc).toBeLessThan(Math.log2(r.vocabulary));
  for (const f of ['model.json', 'model.safetensors', 'curves.svg']) expect(existsSync(join(out, f)), f).toBe(true);
  const g = await cli('generate', '--model', out, '--prompt', 'ГАМЛЕТ:', '--length', '30', '--seed', '3', '--json');
  expect(g.code, g.err).toBe(0);
  expect(JSON.parse(g.out).text).toHaveLength(30);
  const again = await cli('generate', '--model', out, '--prompt', 'ГАМЛЕТ:', '--length', '30', '--seed', '3', '--json');
  expect(again.out).toBe(g.out);
  const bad = await cli('generate', '--model', out, '--prompt', 'HAMLET:');
  expect(bad.code).toBe(2);
  expect(bad.err).toMatch(/'H' \(U\+0048\) at position 0 is not in the vocabulary/);
});

test('an empty text file is a clear error', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'perceptio-empty-')), 'empty.txt');
  writeFileSync(file, '');
  const r = await cli('train', 'char-lm', '--text', file);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/empty.txt is empty: a character model needs some text to learn from/);
  expect((await cli('train', 'char-lm')).err).toMatch(/--text file.txt/);
});
