import { describe, expect, test } from 'vitest';
import { crossEntropy } from '../../src/nn/index.js';
import { SGD } from '../../src/optim/index.js';
import { DataLoader, TensorDataset } from '../../src/data/index.js';
import { tensor } from '../../src/index.js';
import { evaluate, fit, formatResults, gridCandidates, gridSearch, makeSplits, randomSearch, search } from '../../src/train/index.js';
import { blobs, smallNet } from './helpers.js';

describe('candidates and splits', () => {
  test('grid: every combination, first key slowest', () => {
    expect(gridCandidates({ a: [1, 2], b: ['x', 'y', 'z'] })).toEqual([
      { a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 1, b: 'z' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }, { a: 2, b: 'z' },
    ]);
    expect(() => gridCandidates({ lr: { logUniform: [1e-3, 1] } })).toThrow(/'lr' is a distribution/);
  });

  test('k-fold validates every row exactly once; holdout takes its fraction', () => {
    const folds = makeSplits(10, { kFold: 3 }, 0);
    expect(folds).toHaveLength(3);
    expect([...folds.flatMap((f) => [...f.validation])].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    for (const f of folds) expect(f.train.length + f.validation.length).toBe(10);
    const [h] = makeSplits(10, { holdout: 0.3 }, 0);
    expect([h.train.length, h.validation.length]).toEqual([7, 3]);
    expect(() => makeSplits(10, { holdout: 1.5 }, 0)).toThrow(/holdout/);
  });

  test('stratified holdout keeps class shares', () => {
    const y = Array.from({ length: 100 }, (_, i) => (i < 80 ? 0 : 1));
    const [h] = makeSplits(100, { holdout: 0.25, stratify: y }, 0);
    expect([...h.validation].filter((i) => y[i] === 1)).toHaveLength(5);
  });
});

describe('search', () => {
  const objective = ({ lr, depth }: { lr: number; depth: number }) => -((lr - 0.1) ** 2) - 0.01 * depth;

  test('grid search returns every candidate, best first, ranked', async () => {
    const r = await gridSearch({ space: { lr: [0.01, 0.1, 1], depth: [1, 2] }, objective, n: 20 });
    expect(r).toHaveLength(6);
    expect(r[0].params).toEqual({ lr: 0.1, depth: 1 });
    expect(r.map((x) => x.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    for (let i = 1; i < r.length; i++) expect(r[i].score).toBeLessThanOrEqual(r[i - 1].score);
    expect(formatResults(r).split('\n')[0]).toMatch(/rank\s+score\s+± std\s+seconds\s+lr\s+depth/);
  });

  test("mode 'min' sorts ascending; k-fold scores are averaged", async () => {
    const r = await search({
      space: { c: [3, 1, 2] }, n: 9, validation: { kFold: 3 }, mode: 'min',
      objective: ({ c }: { c: number }, split) => c + split.fold, // folds score c, c+1, c+2
    });
    expect(r.map((x) => x.params.c)).toEqual([1, 2, 3]);
    expect(r[0].scores).toEqual([1, 2, 3]);
    expect(r[0].score).toBe(2);
    expect(r[0].std).toBeCloseTo(Math.sqrt(2 / 3), 12);
  });

  test('random search samples distributions within bounds, reproducibly', async () => {
    const space = { lr: { logUniform: [1e-4, 1] as const }, units: { int: [4, 8] as const }, act: ['relu', 'tanh'] };
    const run = () => randomSearch({ space, trials: 12, seed: 3, n: 10, objective: (p: { lr: number; units: number; act: string }) => -Math.abs(Math.log10(p.lr) + 2) });
    const a = await run();
    expect(a).toHaveLength(12);
    for (const { params } of a) {
      expect(params.lr).toBeGreaterThanOrEqual(1e-4);
      expect(params.lr).toBeLessThanOrEqual(1);
      expect(Number.isInteger(params.units) && params.units >= 4 && params.units <= 8).toBe(true);
      expect(['relu', 'tanh']).toContain(params.act);
    }
    expect((await run()).map((r) => r.params)).toEqual(a.map((r) => r.params));
  });

  test('a NaN score is an error naming the candidate', async () => {
    await expect(search({ space: { a: [1] }, n: 10, objective: () => NaN })).rejects.toThrow(/objective returned NaN for \{"a":1\}, fold 0/);
  });

  test('tunes a real model with fit on k folds', async () => {
    const { x, y } = blobs(150);
    const r = await gridSearch({
      space: { lr: [0, 0.1] }, n: 150, validation: { kFold: 3 },
      objective: ({ lr }: { lr: number }, { train, validation }) => {
        const model = smallNet();
        const pick = (rows: Int32Array) => new TensorDataset(x.indexSelect(0, tensor(rows)), y.indexSelect(0, tensor(rows)));
        fit(model, { train: new DataLoader(pick(train), { batchSize: 32 }), loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr }), epochs: 3 });
        return evaluate(model, new DataLoader(pick(validation), { batchSize: 64 }), { metrics: ['accuracy'] }).accuracy;
      },
    });
    expect(r[0].params.lr).toBe(0.1);
    expect(r[0].score).toBeGreaterThan(0.9);
  });
});
