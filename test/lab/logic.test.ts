// The lab's computations without a browser: CSV checking, the land-price descent and its
// stability bound, and the worker jobs themselves (they are plain functions of their parameters).
import { manualSeed } from 'perceptio';
import { describe, expect, test } from 'vitest';
import { CsvError, makeDataset, parseCsv2d } from '../../lab/src/data2d.js';
import { gdStep, landData, lossAt, maxStableLr, quadratic, tensors } from '../../lab/src/pages/linear-model.js';
import { makeSplit, preset } from '../../lab/src/pages/overfitting-data.js';
import { classify2d } from '../../lab/src/worker/jobs/classify2d.js';
import { curves } from '../../lab/src/worker/jobs/curves.js';

const ctx = { progress: () => {}, stopped: false, yield: async () => {} };

describe('parseCsv2d', () => {
  test('reads x, y, label rows with a header and rescales into [−1, 1]', () => {
    const d = parseCsv2d('x;y;kind\n0;10;cat\n2;20;dog\n4;30;cat\n1;15;dog\n');
    expect(d.labels).toEqual(['cat', 'dog']);
    expect(Array.from(d.y)).toEqual([0, 1, 0, 1]);
    expect(Array.from(d.x)).toEqual([-1, -1, 0, 0, 1, 1, -0.5, -0.5]);
  });
  test.each([
    ['x,y\n1,2\n3,4\n5,6\n7,8', 'playground.csvColumns', { line: 2, count: 2 }],
    ['1,a,0\n1,2,1\n3,4,0\n5,6,1', 'playground.csvNumber', { line: 1, value: 'a' }],
    ['1,1,a\n2,2,a\n3,3,a\n4,4,a', 'playground.csvOneClass', {}],
    ['1,1,a\n2,2,b', 'playground.csvTooFew', { rows: 2 }],
    ['', 'playground.csvEmpty', {}],
  ])('rejects %j with %s', (text, key, vars) => {
    try {
      parseCsv2d(text);
      expect.unreachable('accepted a bad CSV');
    } catch (e) {
      expect(e).toBeInstanceOf(CsvError);
      expect((e as CsvError).key).toBe(key);
      expect((e as CsvError).vars).toEqual(vars);
    }
  });
});

describe('land-price descent', () => {
  const d = landData();
  const q = quadratic(d);
  const { xT, yT } = tensors(d);
  const descend = (lr: number, steps: number) => {
    let w = [0, 0, 0];
    for (let i = 0; i < steps; i++) w = gdStep(xT, yT, w, lr).w;
    return w;
  };

  test('the closed-form loss equals the autograd loss', () => {
    expect(gdStep(xT, yT, [1, 2, 3], 0).loss).toBeCloseTo(lossAt(q, [1, 2, 3]), 6);
  });
  test('just below 2/λmax descent converges to the lecture weights; just above it diverges', () => {
    const lr = maxStableLr(q);
    const w = descend(0.9 * lr, 1500);
    expect(w[0]).toBeCloseTo(2.5, 0);
    expect(Math.abs(w[2] - 10)).toBeLessThan(1);
    expect(lossAt(q, descend(1.1 * lr, 200))).toBeGreaterThan(1e6);
  });
});

describe('worker jobs, run in Node', () => {
  test('classify2d learns XOR with a hidden layer, not without one', async () => {
    const d = makeDataset('xor');
    const base = {
      x: d.x, y: d.y, classes: 2, activation: 'tanh' as const, loss: 'crossEntropy' as const, optimizer: 'adam' as const,
      lr: 0.03, batchSize: 16, l2: 0, seed: 1, maxEpochs: 60, grid: 8, bound: 1.4, snapshotMs: 1e9,
    };
    manualSeed(1);
    const mlp = await classify2d({ ...base, hidden: [8, 8] }, ctx);
    manualSeed(1);
    const perceptron = await classify2d({ ...base, hidden: [] }, ctx);
    expect(mlp.accuracy).toBeGreaterThan(0.95);
    expect(perceptron.accuracy).toBeLessThan(0.85);
    expect(mlp.neurons.map((n) => n.length)).toEqual([8 * 64, 8 * 64]);
    expect(mlp.grads.map((g) => g.length)).toEqual([16, 64, 16]);
  });

  test('classify2d continues from given parameters: one step changes them by lr-sized amounts', async () => {
    const d = makeDataset('circles');
    const p = {
      x: d.x, y: d.y, classes: 2, hidden: [4], activation: 'relu' as const, loss: 'mse' as const, optimizer: 'sgd' as const,
      lr: 0.1, batchSize: 400, l2: 0, seed: 1, maxEpochs: Infinity, maxSteps: 1, grid: 4, bound: 1.4, snapshotMs: 1e9,
    };
    const first = await classify2d(p, ctx);
    const second = await classify2d({ ...p, init: first.params }, ctx);
    // plain SGD: new weights = old weights − lr · gradient of this step
    const w0 = first.params[0], w1 = second.params[0], g = second.grads[0];
    for (let i = 0; i < w0.length; i++) expect(w1[i]).toBeCloseTo(w0[i] - 0.1 * g[i], 5);
  });

  test('curves: classification runs report accuracy; early stopping stops a run', async () => {
    manualSeed(1);
    const out: number[] = [];
    const summaries = await curves(
      { data: makeSplit('classification'), runs: [{ ...preset('good'), epochs: 400, patience: 5 }, { ...preset('simple'), epochs: 15 }], probe: new Float32Array(0) },
      { ...ctx, progress: (pts) => pts.forEach((p) => out.push(p.testAccuracy)) },
    );
    expect(summaries[0].stoppedEarly).toBe(true);
    expect(summaries[1].stoppedEarly).toBe(false);
    expect(out.every((a) => a >= 0 && a <= 1)).toBe(true);
  });
});
