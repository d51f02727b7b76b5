import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { StandardScaler } from '../../src/data/index.js';
import { LogisticRegression, minimize } from '../../src/linear/index.js';
import { tensor } from '../../src/tensor/create.js';
import { repoRoot } from '../helpers/data.js';

const fixture = JSON.parse(readFileSync(`${repoRoot}/test/fixtures/linear-sklearn.json`, 'utf8'));
const iris = fixture.data.iris as { X: number[][]; y: number[] };
const binaryRows = iris.y.flatMap((c, i) => (c > 0 ? [i] : []));
const data = (name: string) =>
  name.includes('binary')
    ? { X: binaryRows.map((i) => iris.X[i]), y: binaryRows.map((i) => iris.y[i]) }
    : iris;

describe('L-BFGS', () => {
  test('minimises the Rosenbrock function', () => {
    const r = minimize(
      ([a, b]) => [
        (1 - a) ** 2 + 100 * (b - a * a) ** 2,
        Float64Array.of(-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)),
      ],
      Float64Array.of(-1.2, 1),
      { maxIter: 500, tol: 1e-10 },
    );
    expect(r.converged).toBe(true);
    expect(r.x).toBeAllClose([1, 1], { atol: 1e-8 });
  });
});

describe('LogisticRegression', () => {
  for (const ref of fixture.logistic)
    test(`matches scikit-learn ${fixture.version}: ${ref.name}`, () => {
      const { X, y } = data(ref.name);
      const m = new LogisticRegression({ C: ref.C, fitIntercept: ref.fitIntercept }).fit(X, y);
      expect(m.converged).toBe(true);
      expect(m.classes).toEqual(ref.classes);
      expect(m.coef!.shape).toEqual([ref.coef.length, 4]);
      expect(m.coef!.toArray()).toBeAllClose(ref.coef, { rtol: 1e-5, atol: 1e-6 });
      expect(m.intercept!.toArray()).toBeAllClose(ref.intercept, { rtol: 1e-5, atol: 1e-6 });
      expect(m.predictProba(X.slice(0, 5)).toArray()).toBeAllClose(ref.probaFirst5, { atol: 1e-7 });
      expect(m.score(X, y)).toBeCloseTo(ref.score, 12);
    });

  test('predict returns the original labels; probabilities sum to 1', () => {
    const X = [[0], [1], [2], [3], [4], [5]];
    const y = [7, 7, 9, 7, 9, 9]; // symmetric about x = 2.5 with the labels swapped
    const m = new LogisticRegression().fit(X, y);
    expect(m.predict([[0.5], [4.5]]).toArray()).toEqual([7, 9]);
    const p = m.predictProba(tensor([[2.5]]));
    expect(p.dtype).toBe('float32');
    expect((p.toArray() as number[][])[0]).toBeAllClose([0.5, 0.5], { atol: 1e-6 });
    expect(m.lossHistory.length).toBeGreaterThan(0);
  });

  test('gradient descent approaches the L-BFGS optimum', () => {
    const { X: raw, y } = data('binary');
    const X = new StandardScaler().fitTransform(tensor(raw, { dtype: 'float64' })); // one lr suits every feature
    const ref = new LogisticRegression({ alpha: 0.01 }).fit(X, y);
    const gd = new LogisticRegression({ alpha: 0.01, solver: 'gd', lr: 0.5, epochs: 1000 }).fit(
      X,
      y,
    );
    expect(gd.lossHistory.at(-1)!).toBeLessThan(gd.lossHistory[0]);
    expect(gd.lossHistory.at(-1)! - ref.lossHistory.at(-1)!).toBeLessThan(2e-3);
    expect(gd.score(X, y)).toBeGreaterThanOrEqual(0.9);
  });

  test('coefficients by feature name, per class', () => {
    const names = ['sepalLength', 'sepalWidth', 'petalLength', 'petalWidth'];
    const m = new LogisticRegression().fit(iris.X, iris.y, { featureNames: names });
    const c2 = m.coefficients(2);
    expect(Object.keys(c2)).toEqual(names);
    expect(c2.petalLength).toBeCloseTo(fixture.logistic[0].coef[2][2], 4);
    expect(() => m.coefficients()).toThrow(/pass a class label \(0, 1, 2\)/);
    expect(() => m.coefficients(5)).toThrow(/unknown class 5/);
    const { X, y } = data('binary');
    const b = new LogisticRegression().fit(X, y, { featureNames: names });
    expect(b.coefficients().petalLength).toBeCloseTo(fixture.logistic[2].coef[0][2], 4);
    expect(b.coefficients(1).petalLength).toBeCloseTo(-b.coefficients().petalLength, 12);
  });

  test('errors', () => {
    expect(() => new LogisticRegression().fit([[1], [2]], [1, 1])).toThrow(
      /need at least 2 classes, got 1/,
    );
    expect(() => new LogisticRegression().fit([[1], [2]], [0.5, 1])).toThrow(
      /labels must be integers/,
    );
    expect(() => new LogisticRegression({ C: 0 })).toThrow(/C must be > 0, got 0/);
    expect(() => new LogisticRegression().predict([[1]])).toThrow(/call fit first/);
  });
});
