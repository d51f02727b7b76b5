import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadJsbChorales } from '../../src/music/jsb.js';
import { MusicRNN, nllPerStep, rollBatch } from '../../src/music/music-rnn.js';
import { KEYS } from '../../src/music/piano-roll.js';
import { continueChorale, trainJsb } from '../../src/music/train-jsb.js';

const JSB = join(__dirname, '../../../shared/data/jsb-chorales/jsb-chorales-quarter.json');

test('JSB Chorales: the standard 229/76/77 split on the quarter-note grid', () => {
  const { train, valid, test: testSet } = loadJsbChorales(JSB);
  expect([train.length, valid.length, testSet.length]).toEqual([229, 76, 77]);
  const steps = (s: typeof train) => s.reduce((a, c) => a + c.steps, 0);
  expect([steps(train), steps(valid), steps(testSet)]).toEqual([13807, 4602, 4725]); // as the data README lists
  expect(train[0].notes[0]).toEqual([60, 72, 79, 88]);
  expect(train[0].roll.length).toBe(train[0].steps * KEYS);
});

test('a batch predicts each step from the one before (the first from silence); padding is masked', () => {
  const a = new Float32Array(2 * KEYS);
  a[5] = 1;
  a[KEYS + 7] = 1;
  const b = new Float32Array(KEYS);
  b[9] = 1;
  const { x, y, mask, lengths } = rollBatch([a, b]);
  expect(x.shape).toEqual([2, 2, KEYS]);
  expect(lengths).toEqual([2, 1]);
  expect(x.sum().item()).toBe(1); // only a's first step, as input to its second
  expect(x.values()[2 * KEYS + 5]).toBe(1);
  expect(y.values()[KEYS + 9]).toBe(1);
  expect(Array.from(mask.values())).toEqual([1, 1, 1, 0]);
  // an untrained model predicts every key at about 1/2: NLL ≈ 88·ln 2 per step
  expect(nllPerStep(new MusicRNN({ hidden: 8 }), [a, b])).toBeCloseTo(88 * Math.LN2, -1);
});

test('a short training lowers the validation NLL far below the untrained 61 nats, and continuations are seeded', () => {
  const { train, valid, test: testSet } = loadJsbChorales(JSB);
  const small = join(mkdtempSync(join(tmpdir(), 'perceptio-jsb-')), 'small.json');
  const few = (s: typeof train, n: number) => s.slice(0, n).map((c) => c.notes);
  writeFileSync(small, JSON.stringify({ train: few(train, 40), valid: few(valid, 10), test: few(testSet, 10) }));
  const r = trainJsb(small, { hidden: 32, epochs: 4, batchSize: 8, lr: 0.01, seed: 1 });
  expect(r.history[0].validNll).toBeLessThan(45); // 38.4 after one epoch, 11.2 after four
  expect(r.validNll).toBeLessThan(13); // most keys are off: the model learns that first, then the harmony
  expect(r.testNll).toBeLessThan(13);
  const primer = testSet[0].notes.slice(0, 4);
  const a = continueChorale(r.model, primer, { steps: 12, seed: 3 });
  expect(a).toHaveLength(12);
  expect(a.flat().every((n) => n >= 21 && n <= 108)).toBe(true);
  expect(continueChorale(r.model, primer, { steps: 12, seed: 3 })).toEqual(a);
  expect(() => continueChorale(r.model, [[10]], { steps: 1 })).toThrow(/primer: step 1 has note 10/);
});

test('bad files are clear errors', () => {
  const bad = join(mkdtempSync(join(tmpdir(), 'perceptio-jsb-')), 'bad.json');
  writeFileSync(bad, JSON.stringify({ train: [[[60]]], valid: [] }));
  expect(() => loadJsbChorales(bad)).toThrow(/bad.json: expected a "test" list of chorales/);
  writeFileSync(bad, JSON.stringify({ train: [[[60], [7]]], valid: [], test: [] }));
  expect(() => loadJsbChorales(bad)).toThrow(/train\[0\]: step 1 has note 7/);
});
