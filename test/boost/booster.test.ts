import { describe, expect, test } from 'vitest';
import {
  Booster, GradientBoostingClassifier, GradientBoostingRanker, GradientBoostingRegressor, mulberry32, train,
} from '../../src/boost/index.js';
import { ndcgForScores } from '../../src/train/metrics.js';

const rng = mulberry32(5);
const n = 600;
const X = Array.from({ length: n }, () => [rng() * 4, rng() < 0.15 ? NaN : rng() * 4, Math.floor(rng() * 7), rng()]);
const logit = (r: number[]) => 2 * (r[0] - 2) + (Number.isNaN(r[1]) ? 1 : r[1] - 2) + (r[2] % 3 === 0 ? 1.5 : -0.5);
const yb = X.map((r) => (rng() < 1 / (1 + Math.exp(-logit(r))) ? 1 : 0));

describe('save and load', () => {
  test('JSON round trip gives identical predictions, categorical and missing included', () => {
    const b = train({ objective: 'binary', nEstimators: 25, maxDepth: 4, categoricalFeatures: [2] }, { X, y: yb });
    const text = JSON.stringify(b);
    const loaded = Booster.fromJSON(text);
    const probe = [...X.slice(0, 50), [NaN, NaN, NaN, NaN], [1, 1, 99, 0.5]];
    expect(Array.from(loaded.predict(probe))).toEqual(Array.from(b.predict(probe)));
    expect(loaded.dump()).toBe(b.dump());
    expect(JSON.stringify(loaded)).toBe(text);
  });

  test('estimators round-trip with their labels', () => {
    const labels = yb.map((v, i) => (v ? 'yes' : i % 2 ? 'no' : 'maybe'));
    const c = new GradientBoostingClassifier({ nEstimators: 10, categoricalFeatures: [2] }).fit(X, labels);
    const c2 = GradientBoostingClassifier.fromJSON(JSON.parse(JSON.stringify(c)));
    expect(c2.classes).toEqual(['maybe', 'no', 'yes']);
    expect(c2.predict(X.slice(0, 30))).toEqual(c.predict(X.slice(0, 30)));
    expect(Array.from(c2.predictProba(X.slice(0, 5)))).toEqual(Array.from(c.predictProba(X.slice(0, 5))));
  });

  test('a text dump names features', () => {
    const b = train({ nEstimators: 1, maxDepth: 1, learningRate: 1, lambda: 0 },
      { X: [[1, 0], [2, 0], [3, 0], [4, 0]], y: [0, 0, 1, 1], featureNames: ['age', 'zero'] });
    expect(b.dump()).toMatch(/^booster\[0\]:\n0:\[age<=2\.5\] yes=1,no=2,missing=1/);
    expect(() => Booster.fromJSON('{"format":"xgboost"}')).toThrow(/not a Perceptio boosting model/);
  });
});

describe('evaluation and early stopping', () => {
  const Xtr = X.slice(0, 400);
  const Xva = X.slice(400);
  test('history per round; the best iteration is the minimum of the watched metric', () => {
    // a high learning rate and deep trees overfit quickly, so validation loss turns up
    const b = train(
      { objective: 'binary', nEstimators: 200, maxDepth: 6, learningRate: 0.5, lambda: 0, minChildWeight: 0,
        evalMetric: ['logloss', 'auc', 'error'], earlyStoppingRounds: 10, categoricalFeatures: [2] },
      { X: Xtr, y: yb.slice(0, 400) },
      { evals: [{ name: 'train', X: Xtr, y: yb.slice(0, 400) }, { name: 'valid', X: Xva, y: yb.slice(400) }] },
    );
    const hist = b.info.evalHistory.valid.logloss;
    const best = hist.indexOf(Math.min(...hist));
    expect(b.info.bestIteration).toBe(best);
    expect(hist.length).toBe(best + 11); // stopped 10 rounds after the best
    expect(b.rounds).toBe(hist.length);
    expect(b.info.evalHistory.train.auc.length).toBe(hist.length);
    // predictions use the best round unless asked otherwise
    expect(Array.from(b.predict(Xva))).toEqual(Array.from(b.predict(Xva, { iterations: best + 1 })));
    expect(b.info.evalHistory.train.logloss.at(-1)!).toBeLessThan(b.info.evalHistory.train.logloss[best]);
  });

  test('higher-is-better metrics (AUC) stop at their maximum', () => {
    const b = train(
      { objective: 'binary', nEstimators: 300, maxDepth: 6, learningRate: 0.5, lambda: 0, evalMetric: 'auc', earlyStoppingRounds: 5 },
      { X: Xtr, y: yb.slice(0, 400) }, { evals: [{ name: 'valid', X: Xva, y: yb.slice(400) }] },
    );
    const hist = b.info.evalHistory.valid.auc;
    expect(hist[b.info.bestIteration]).toBe(Math.max(...hist));
    expect(b.info.bestScore).toBe(Math.max(...hist));
  });
});

describe('estimators', () => {
  test('classifier: binary accuracy, class weights and feature importances', () => {
    const c = new GradientBoostingClassifier({ nEstimators: 60, maxDepth: 3, categoricalFeatures: [2] })
      .fit(X.slice(0, 400), yb.slice(0, 400));
    const pred = c.predict(X.slice(400));
    const acc = pred.filter((p, i) => p === yb[400 + i]).length / pred.length;
    expect(acc).toBeGreaterThan(0.7);
    const imp = c.featureImportances('gain');
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(imp[3]).toBeLessThan(imp[0]); // x3 is noise, x0 carries the signal
    const balanced = new GradientBoostingClassifier({ nEstimators: 20, classWeight: 'balanced' }).fit(X, yb);
    const positives = (cl: GradientBoostingClassifier) => cl.predict(X).filter((p) => p === 1).length;
    const skewed = new GradientBoostingClassifier({ nEstimators: 20, classWeight: { 1: 5 } }).fit(X, yb);
    expect(positives(skewed)).toBeGreaterThan(positives(balanced));
  });

  test('classifier: multiclass probabilities sum to one', () => {
    const y3 = X.map((r) => (r[0] < 1.3 ? 0 : r[0] < 2.6 ? 1 : 2));
    const c = new GradientBoostingClassifier({ nEstimators: 20, maxDepth: 2 }).fit(X, y3);
    const p = c.predictProba(X.slice(0, 20));
    for (let i = 0; i < 20; i++) expect(p[3 * i] + p[3 * i + 1] + p[3 * i + 2]).toBeCloseTo(1, 12);
    expect(c.predict(X.slice(0, 100)).filter((v, i) => v === y3[i]).length).toBeGreaterThan(95);
  });

  test('regressor: the quantile objective covers the asked fraction', () => {
    const yr = X.map((r) => r[0] + rng() * 2);
    const q = new GradientBoostingRegressor({ objective: 'quantile', quantileAlpha: 0.9, nEstimators: 100, maxDepth: 2 })
      .fit(X, yr);
    const below = q.predict(X).filter((p, i) => yr[i] <= p).length / n;
    expect(below).toBeGreaterThan(0.85);
    expect(below).toBeLessThan(0.95);
    const mae = new GradientBoostingRegressor({ objective: 'absoluteerror', nEstimators: 50 }).fit(X, yr);
    expect(mae.predict([[2, 2, 0, 0.5]])[0]).toBeGreaterThan(2.5); // median of 2 + U(0, 2) is 3
    expect(mae.predict([[2, 2, 0, 0.5]])[0]).toBeLessThan(3.5);
  });

  test('regressor: Poisson counts and Huber against outliers', () => {
    const counts = X.map((r) => Math.round(Math.exp(0.5 * r[0]) * (0.5 + rng())));
    const pois = new GradientBoostingRegressor({ objective: 'count:poisson', nEstimators: 100, maxDepth: 3 }).fit(X, counts);
    const mu = pois.predict(X);
    expect(Math.min(...mu)).toBeGreaterThan(0); // e^f: never negative
    const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
    expect(mean(mu)).toBeCloseTo(mean(counts), 0);
    const yo = X.map((r, i) => r[0] + (i % 50 === 0 ? 100 : 0)); // 2% gross outliers
    const hub = new GradientBoostingRegressor({ objective: 'huber', huberDelta: 1, nEstimators: 200, maxDepth: 2, learningRate: 0.3 }).fit(X, yo);
    const sq = new GradientBoostingRegressor({ nEstimators: 200, maxDepth: 2, learningRate: 0.3 }).fit(X, yo);
    const clean = X.map((r) => r[0]);
    const err = (p: Float64Array) => mean(p.map((v, i) => Math.abs(v - clean[i])));
    expect(err(hub.predict(X))).toBeLessThan(err(sq.predict(X)));
  });

  test('regressor: validationFraction holds out rows for early stopping', () => {
    const yr = X.map((r) => r[0] * 2 + rng());
    const r = new GradientBoostingRegressor({ nEstimators: 500, learningRate: 0.3, validationFraction: 0.25, earlyStoppingRounds: 5 })
      .fit(X, yr);
    expect(r.booster!.info.evalHistory.validation.rmse.length).toBeLessThan(500);
    expect(r.bestIteration).toBeGreaterThan(3);
  });

  test('ranker: LambdaRank orders each query by relevance', () => {
    // 30 queries of 12 items; relevance 0–3 grows with x0, x1 is noise
    const Xr: number[][] = [];
    const rel: number[] = [];
    const group: number[] = [];
    for (let q = 0; q < 30; q++) {
      group.push(12);
      for (let i = 0; i < 12; i++) {
        const a = rng();
        Xr.push([a + q * 0.01, rng()]);
        rel.push(Math.min(3, Math.floor(a * 4)));
      }
    }
    const r = new GradientBoostingRanker({ nEstimators: 30, maxDepth: 3, learningRate: 0.3 }).fit(Xr, rel, { group });
    const s = r.predict(Xr);
    let ndcg = 0;
    for (let q = 0; q < 30; q++) ndcg += ndcgForScores(rel.slice(q * 12, q * 12 + 12), s.subarray(q * 12, q * 12 + 12), 10);
    expect(ndcg / 30).toBeGreaterThan(0.97);
    expect(() => new GradientBoostingRanker().fit(Xr, rel, {} as { group: number[] })).toThrow(/needs \{ group \}/);
  });

  test('subsampling rows and columns is seeded', () => {
    const opts = { nEstimators: 10, subsample: 0.7, colsampleBytree: 0.5, seed: 3 };
    const a = train(opts, { X, y: yb }).predict(X);
    expect(Array.from(train(opts, { X, y: yb }).predict(X))).toEqual(Array.from(a));
    expect(Array.from(train({ ...opts, seed: 4 }, { X, y: yb }).predict(X))).not.toEqual(Array.from(a));
  });

  test('quantized gradients give nearly the same model', () => {
    const exact = train({ objective: 'binary', nEstimators: 30 }, { X, y: yb }).predict(X);
    const quant = train({ objective: 'binary', nEstimators: 30, quantizedGradients: true }, { X, y: yb }).predict(X);
    const diff = exact.reduce((m, v, i) => Math.max(m, Math.abs(v - quant[i])), 0);
    expect(diff).toBeLessThan(0.1);
  });

  test('parameter errors are clear', () => {
    expect(() => train({ max_dept: 3 }, { X, y: yb })).toThrow(/unknown parameter 'max_dept'/);
    expect(() => train({ learningRate: -1 }, { X, y: yb })).toThrow(/learningRate must be a positive number/);
    expect(() => train({}, { X, y: yb.slice(1) })).toThrow(/600 rows but 599 targets/);
    expect(() => new GradientBoostingClassifier().fit(X, X.map(() => 1))).toThrow(/has 1 class/);
  });

  test('a custom objective (squared error written by hand) matches the built-in one', () => {
    const yr = X.map((r) => r[0] + r[3]);
    const custom = train({ nEstimators: 5, objective: { gradient: (yy, f) => ({ grad: f.map((v, i) => v - yy[i]), hess: f.map(() => 1) }) } },
      { X, y: yr });
    const builtin = train({ nEstimators: 5, baseScore: 0 }, { X, y: yr });
    expect(custom.predict(X)).toBeAllClose(builtin.predict(X), { atol: 1e-12 });
  });
});
