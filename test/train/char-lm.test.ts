import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { CharLM, sample } from '../../src/models/char-lm.js';
import { tensor } from '../../src/tensor/create.js';
import { CharVocab } from '../../src/text/char-vocab.js';
import { evaluateBpc, loadCharLM, saveCharLM, trainCharLM } from '../../src/train/char-lm.js';

// a text with structure to learn: speaker lines and short speeches, in Cyrillic and Latin
const text = Array.from({ length: 200 }, (_, i) => (i % 2 ? 'РОМЕО:\nО, ночь!\n\n' : 'JULIET:\nAy me.\n\n')).join('');

test('a small LSTM learns a structured text: validation bits per character fall far below uniform', () => {
  const r = trainCharLM(text, { hidden: 32, embedding: 8, seqLen: 16, batchSize: 8, epochs: 4, lr: 0.01, seed: 1 });
  const uniform = Math.log2(r.vocab.size); // 4.1 bits for 17 characters
  expect(r.history).toHaveLength(4);
  expect(r.history[0].valBpc).toBeLessThan(uniform);
  expect(r.valBpc).toBeLessThan(0.5); // the text is nearly periodic: 0.25 bits after 4 epochs
  expect(r.valBpc).toBeLessThan(r.history[0].valBpc);
  // greedy continuation of a speaker name is its speech
  expect(sample(r.model, r.vocab, { prompt: 'JULIET:\n', length: 6, temperature: 0 })).toBe('Ay me.');
});

test('sampling is seeded, and save/load keeps the model, vocabulary and curves', () => {
  const r = trainCharLM(text, { cell: 'gru', hidden: 16, embedding: 8, seqLen: 16, batchSize: 8, epochs: 1, seed: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'perceptio-charlm-'));
  const files = saveCharLM(dir, r.model, r.vocab, r.history);
  expect(readFileSync(files.chart, 'utf8')).toMatch(/^<svg/);
  const { model, vocab } = loadCharLM(dir);
  expect(model.config).toEqual(r.model.config);
  const opts = { prompt: 'РОМЕО:', length: 40, temperature: 0.8, seed: 5 };
  const a = sample(r.model, r.vocab, opts);
  expect(a).toHaveLength(40);
  expect(sample(model, vocab, opts)).toBe(a);
  expect(sample(model, vocab, { ...opts, seed: 6 })).not.toBe(a);
  expect(evaluateBpc(model, vocab.encode(text.slice(0, 300)))).toBeCloseTo(evaluateBpc(r.model, r.vocab.encode(text.slice(0, 300))), 5);
});

test('bad input: unknown prompt characters, empty prompt or text, too little text', () => {
  const vocab = CharVocab.fromText('ab\n');
  const lm = new CharLM({ vocabSize: vocab.size, hidden: 4, embedding: 2 });
  expect(() => sample(lm, vocab, { prompt: 'aXb', length: 3 })).toThrow(/prompt: character 'X' \(U\+0058\) at position 1 is not in the vocabulary/);
  expect(() => sample(lm, vocab, { prompt: '', length: 3 })).toThrow(/prompt is empty/);
  expect(() => sample(lm, vocab, { prompt: 'a', length: 3, temperature: -1 })).toThrow(/temperature must be ≥ 0/);
  expect(() => trainCharLM('', {}, 'empty.txt')).toThrow(/empty.txt is empty/);
  expect(() => trainCharLM('abcabc', { batchSize: 4 }, 'short.txt')).toThrow(/short.txt: 6 characters are too few/);
  expect(() => lm.forward(tensor([1, 2], { dtype: 'int32' }))).toThrow(/expected ids \[time, batch\], got 1-D/);
});
