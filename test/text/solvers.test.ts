import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { minimize } from '../../src/text/lbfgs.js';
import { LogisticRegression } from '../../src/text/logistic.js';
import { ComplementNB, MultinomialNB } from '../../src/text/naive-bayes.js';
import { NbSvm } from '../../src/text/nbsvm.js';
import { CsrMatrix } from '../../src/text/sparse.js';
import { LinearSVC } from '../../src/text/svm.js';

// reference solutions from scikit-learn 1.2.1 with tol 1e-12 (scripts/text-reference.py)
const ref = JSON.parse(readFileSync(new URL('./reference.json', import.meta.url), 'utf8'));
const X = CsrMatrix.fromDense(ref.X);
const y2 = Int32Array.from(ref.y2);
const y3 = Int32Array.from(ref.y3);

/** scikit-learn's coef_ (outputs × features) in our feature-major layout. */
const featureMajor = (coef: number[][]) => coef[0].flatMap((_, j) => coef.map((row) => row[j]));

describe('minimize', () => {
  test('L-BFGS finds the minimum of an ill-conditioned quadratic', () => {
    // f = Σ a_i (x_i − i)², a spanning 1 … 1000
    const a = [1, 10, 100, 1000];
    const r = minimize((x, g) => {
      let f = 0;
      for (let i = 0; i < 4; i++) {
        f += a[i] * (x[i] - i) ** 2;
        g[i] = 2 * a[i] * (x[i] - i);
      }
      return f;
    }, new Float64Array(4), { gtol: 1e-10 });
    expect(r.converged).toBe(true);
    expect(Array.from(r.x)).toBeAllClose([0, 1, 2, 3], { atol: 1e-9 });
  });
  test('OWL-QN: lasso-like 1-D problem has the soft-threshold solution', () => {
    // min ½(x − 3)² + 2|x| at x = 1; min ½(x − 1)² + 2|x| at exactly 0
    const run = (c: number) =>
      minimize((x, g) => {
        g[0] = x[0] - c;
        return 0.5 * (x[0] - c) ** 2;
      }, new Float64Array(1), { l1: new Float64Array([2]), gtol: 1e-10 });
    expect(run(3).x[0]).toBeCloseTo(1, 9);
    expect(run(1).x[0]).toBe(0);
  });
  test('reports an iteration limit as not converged', () => {
    const r = minimize((x, g) => {
      g[0] = 4 * x[0] ** 3 - 1;
      return x[0] ** 4 - x[0];
    }, new Float64Array([5]), { maxIter: 2, gtol: 1e-12 });
    expect(r.converged).toBe(false);
    expect(r.reason).toBe('maxIter');
  });
});

describe('LogisticRegression against scikit-learn', () => {
  test('binary, L2 (C = 0.5)', () => {
    const m = new LogisticRegression({ C: 0.5, tol: 1e-10 }).fit(X, y2);
    expect(m.result!.converged).toBe(true);
    expect(Array.from(m.coef)).toBeAllClose(ref.logisticBinaryL2.coef[0], { atol: 1e-6 });
    expect(Array.from(m.intercept)).toBeAllClose(ref.logisticBinaryL2.intercept, { atol: 1e-6 });
  });
  test('multinomial, L2 (C = 2)', () => {
    const m = new LogisticRegression({ C: 2, tol: 1e-10 }).fit(X, y3);
    expect(m.result!.converged).toBe(true);
    expect(Array.from(m.coef)).toBeAllClose(featureMajor(ref.logisticMultinomialL2.coef), { atol: 1e-6 });
    expect(Array.from(m.intercept)).toBeAllClose(ref.logisticMultinomialL2.intercept, { atol: 1e-6 });
    const P = m.predictProba(X);
    for (let i = 0; i < X.rows; i++) expect(P[3 * i] + P[3 * i + 1] + P[3 * i + 2]).toBeCloseTo(1, 12);
  });
  test('binary, L1 by OWL-QN (C = 2) matches saga, zeros included', () => {
    const m = new LogisticRegression({ C: 2, penalty: 'l1', tol: 1e-10 }).fit(X, y2);
    expect(Array.from(m.coef)).toBeAllClose(ref.logisticBinaryL1.coef[0], { atol: 1e-5 });
    expect(Array.from(m.intercept)).toBeAllClose(ref.logisticBinaryL1.intercept, { atol: 1e-5 });
    const zeros = ref.logisticBinaryL1.coef[0].map((w: number) => Math.abs(w) < 1e-8);
    expect(Array.from(m.coef, (w) => w === 0)).toEqual(zeros);
  });
  test('rejects a single class and a bad C', () => {
    expect(() => new LogisticRegression().fit(X, new Int32Array(12))).toThrow(/at least 2 classes/);
    expect(() => new LogisticRegression({ C: 0 }).fit(X, y2)).toThrow(/C must be > 0, got 0/);
  });
});

describe('LinearSVC against scikit-learn (liblinear)', () => {
  test.each([
    ['squared_hinge', ref.svmSquaredHinge],
    ['hinge', ref.svmHinge],
  ] as const)('binary, %s loss', (loss, expected) => {
    const m = new LinearSVC({ C: 0.5, loss, tol: 1e-10, maxIter: 100000 }).fit(X, y2);
    expect(m.converged).toBe(true);
    expect(Array.from(m.coef)).toBeAllClose(expected.coef[0], { atol: 1e-5 });
    expect(Array.from(m.intercept)).toBeAllClose(expected.intercept, { atol: 1e-5 });
  });
  test('one-vs-rest for 3 classes', () => {
    const m = new LinearSVC({ C: 0.5, tol: 1e-10, maxIter: 100000 }).fit(X, y3);
    expect(Array.from(m.coef)).toBeAllClose(featureMajor(ref.svmOvr.coef), { atol: 1e-5 });
    expect(Array.from(m.intercept)).toBeAllClose(ref.svmOvr.intercept, { atol: 1e-5 });
  });
});

describe('naive Bayes against scikit-learn', () => {
  test('MultinomialNB(alpha = 0.5)', () => {
    const m = new MultinomialNB({ alpha: 0.5 }).fit(X, y3);
    expect(Array.from(m.coef)).toBeAllClose(featureMajor(ref.multinomialNB.featureLogProb), { atol: 1e-12 });
    expect(Array.from(m.intercept)).toBeAllClose(ref.multinomialNB.classLogPrior, { atol: 1e-12 });
  });
  test('ComplementNB(alpha = 0.5)', () => {
    const m = new ComplementNB({ alpha: 0.5 }).fit(X, y3);
    expect(Array.from(m.coef)).toBeAllClose(featureMajor(ref.complementNB.featureLogProb), { atol: 1e-12 });
    expect(Array.from(m.predict(X))).toEqual(ref.complementNB.predict);
  });
});

test('NB-SVM folds r into the weights: scores equal w′·(r ∘ x̂) + b', () => {
  const m = new NbSvm({ C: 1, beta: 0.25, alpha: 1 }).fit(X, y2);
  // r by hand for feature 0: presence in class 1 rows = 6, class 0 rows = 0; p = 1 + 6, q = 1 + 0
  expect(m.binaryInput).toBe(true);
  const acc = Array.from(m.predict(X)).filter((p, i) => p === y2[i]).length / 12;
  expect(acc).toBeGreaterThanOrEqual(0.9);
});
