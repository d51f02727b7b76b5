import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  landPriceData,
  landPriceExample,
  LinearRegression,
  lstsq,
} from '../../src/linear/index.js';
import { tensor } from '../../src/tensor/create.js';
import { repoRoot } from '../helpers/data.js';

const fixture = JSON.parse(readFileSync(`${repoRoot}/test/fixtures/linear-sklearn.json`, 'utf8'));
const { X, y } = fixture.data.diabetes60 as { X: number[][]; y: number[] };

describe('lstsq', () => {
  test('solves an overdetermined system exactly when consistent', () => {
    // rows (1,0), (0,1), (1,1) with b = (1, 2, 3): x = (1, 2)
    expect(lstsq(Float64Array.of(1, 0, 0, 1, 1, 1), 3, 2, Float64Array.of(1, 2, 3))).toBeAllClose(
      [1, 2],
      { atol: 1e-14 },
    );
  });
  test('collinear columns are a clear error', () => {
    expect(() => lstsq(Float64Array.of(1, 2, 2, 4, 3, 6), 3, 2, Float64Array.of(1, 2, 3))).toThrow(
      /column 1 is linearly dependent/,
    );
  });
});

describe('LinearRegression', () => {
  test('hand values: y = 2x + 1 exactly', () => {
    const m = new LinearRegression().fit([[0], [1], [2], [3]], [1, 3, 5, 7]);
    expect(m.coef!.toArray()).toBeAllClose([2], { atol: 1e-12 });
    expect(m.intercept).toBeCloseTo(1, 12);
    expect(m.predict([[10]]).toArray()).toBeAllClose([21], { atol: 1e-12 });
    expect(m.score([[0], [1], [2], [3]], [1, 3, 5, 7])).toBeCloseTo(1, 12);
  });
  test('hand values: least squares through (0,0), (1,1), (2,1): slope ½, intercept ⅙', () => {
    const m = new LinearRegression().fit([[0], [1], [2]], [0, 1, 1]);
    expect(m.coef!.toArray()).toBeAllClose([0.5], { atol: 1e-12 });
    expect(m.intercept).toBeCloseTo(1 / 6, 12);
  });
  test('ridge by hand: one feature, no intercept, w = Σxy / (Σx² + α)', () => {
    const m = new LinearRegression({ fitIntercept: false, alpha: 2 }).fit(
      [[1], [2], [3]],
      [1, 2, 2],
    );
    expect(m.coef!.toArray()).toBeAllClose([(1 + 4 + 6) / (14 + 2)], { atol: 1e-12 });
    expect(m.intercept).toBe(0);
  });
  for (const ref of fixture.regression)
    test(`matches scikit-learn: ${ref.name}`, () => {
      const m = new LinearRegression({ alpha: ref.alpha }).fit(X, y);
      expect(m.coef!.toArray()).toBeAllClose(ref.coef, { rtol: 1e-8, atol: 1e-8 });
      expect(m.intercept).toBeCloseTo(ref.intercept, 8);
      expect(m.score(X, y)).toBeCloseTo(ref.score, 10);
    });
  test('gradient descent reaches the closed-form solution (with an intercept and a penalty)', () => {
    const { x, y: t } = landPriceData({ n: 300, seed: 4, noise: 2 });
    for (const alpha of [0, 50]) {
      const closed = new LinearRegression({ alpha }).fit(x, t);
      const gd = new LinearRegression({ alpha, solver: 'gd', lr: 0.1, epochs: 800 }).fit(x, t);
      expect(gd.coef!.toArray()).toBeAllClose(closed.coef!, { rtol: 1e-6, atol: 1e-8 });
      expect(gd.intercept).toBeCloseTo(closed.intercept, 5);
    }
  });
  test('gradient descent that diverges says so', () => {
    const { x, y: t } = landPriceData({ n: 50 });
    expect(() =>
      new LinearRegression({ solver: 'gd', standardize: false, lr: 1, epochs: 2000 }).fit(x, t),
    ).toThrow(/diverged at epoch \d+ \(loss (Infinity|NaN)\); lower lr \(1\)/);
  });
  test('coefficients by feature name; float32 input gives float32 predictions', () => {
    const x = tensor([
      [1, 0],
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    const m = new LinearRegression({ featureNames: ['a', 'b'] }).fit(x, tensor([3, -1, 2, 5]));
    const c = m.coefficients();
    expect(Object.keys(c)).toEqual(['a', 'b']);
    expect([c.a, c.b]).toBeAllClose([3, -1], { atol: 1e-12 });
    expect(m.predict(x).dtype).toBe('float32');
    expect(new LinearRegression().fit([[1], [2]], [1, 2]).coefficients()).toHaveProperty('x0');
  });
  test('errors', () => {
    expect(() => new LinearRegression().predict([[1]])).toThrow(/call fit first/);
    expect(() => new LinearRegression().fit([[1, 2]], [1, 2])).toThrow(
      /one value per row of X \(1\), got shape \[2\]/,
    );
    expect(() =>
      new LinearRegression().fit([[1], [2]], [1, 2], { featureNames: ['a', 'b'] }),
    ).toThrow(/2 feature names for 1 features/);
    expect(() => new LinearRegression().fit([[1], [2]], [1, 2]).predict([[1, 2]])).toThrow(
      /fitted on 1 features, X has 2/,
    );
  });
});

describe('the lecture example: land price', () => {
  test('gradient descent recovers 2.5, 4.1 and 10 within 2%, and the loss falls', () => {
    const lines: string[] = [];
    const { model, lossHistory } = landPriceExample({ print: (l) => lines.push(l) });
    const w = model.coefficients();
    expect(Math.abs(w.area / 2.5 - 1)).toBeLessThan(0.02);
    expect(Math.abs(w.river / 4.1 - 1)).toBeLessThan(0.02);
    expect(Math.abs(w.road / 10 - 1)).toBeLessThan(0.02);
    expect(lossHistory.length).toBe(300);
    expect(lossHistory[lossHistory.length - 1]).toBeLessThan(lossHistory[0] / 1000);
    for (let i = 1; i < lossHistory.length; i++)
      expect(lossHistory[i]).toBeLessThanOrEqual(lossHistory[i - 1]);
    expect(lines[0]).toMatch(/^epoch +0 +loss \(MSE\) \d+\.\d{4}$/);
    expect(lines.at(-2)).toMatch(/^learned: area 2\.\d{3}, river 4\.\d{3}, road (9\.9|10\.0)\d*/);
  });
  test('the data generator is seeded', () => {
    expect(landPriceData({ n: 5, seed: 3 }).y.toArray()).toEqual(
      landPriceData({ n: 5, seed: 3 }).y.toArray(),
    );
    expect(landPriceData({ n: 5, seed: 3 }).x.shape).toEqual([5, 3]);
  });
});
