import { describe, expect, test } from 'vitest';
import { mulberry32 } from '../../src/boost/gbm.js';
import { makeObjective, type Objective } from '../../src/boost/objectives.js';

interface Case {
  objective: Objective;
  y: number[];
  group?: number[];
  /** whether h is the true second derivative (L1 and quantile use h = 1 as a Newton surrogate) */
  exactHessian: boolean;
  /** h as a multiple of the second derivative (softmax: 2, as XGBoost) */
  hessianScale?: number;
}

const rng = mulberry32(7);
const n = 12;
const reals = Array.from({ length: n }, () => rng() * 4 - 2);
const cases: Record<string, Case> = {
  squarederror: { objective: makeObjective('squarederror'), y: reals, exactHessian: true },
  absoluteerror: { objective: makeObjective('reg:absoluteerror'), y: reals, exactHessian: false },
  huber: { objective: makeObjective('huber', { huberDelta: 0.7 }), y: reals, exactHessian: true },
  quantile: { objective: makeObjective('quantile', { quantileAlpha: 0.8 }), y: reals, exactHessian: false },
  poisson: { objective: makeObjective('count:poisson'), y: reals.map((v) => Math.round(Math.abs(v) * 3)), exactHessian: true },
  binary: { objective: makeObjective('binary:logistic'), y: reals.map((v) => (v > 0 ? 1 : 0)), exactHessian: true },
  multiclass: { objective: makeObjective('multiclass', { numClass: 3 }), y: reals.map((v) => Math.floor((v + 2) * 0.75)),
    exactHessian: true, hessianScale: 2 },
  lambdarank: { objective: makeObjective('rank:ndcg'), y: reals.map((v) => Math.floor((v + 2) * 1.2)), group: [5, 7], exactHessian: true },
};

describe.each(Object.entries(cases))('%s', (_name, c) => {
  const { objective: obj, exactHessian } = c;
  const K = obj.outputs;
  const y = Float64Array.from(c.y);
  const group = c.group ? Int32Array.from(c.group) : null;
  const w = Float64Array.from({ length: n }, (_, i) => 0.5 + (i % 3) * 0.5); // weights scale g and h
  // raw scores away from the kinks of |r| and the pinball loss, and without ties (rankings)
  const raw = Float64Array.from({ length: n * K }, (_, i) => y[Math.floor(i / K)] * 0.3 + 0.37 + i * 0.071);
  const gradients = (f: Float64Array) => {
    const gh = Array.from({ length: K }, () => new Float64Array(2 * n));
    obj.gradients(y, f, w, gh, group);
    return gh;
  };

  test('gradient matches central differences of the loss', () => {
    const gh = gradients(raw);
    const eps = 1e-6;
    const analytic: number[] = [];
    const numeric: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < K; k++) {
        const plus = raw.slice();
        const minus = raw.slice();
        plus[i * K + k] += eps;
        minus[i * K + k] -= eps;
        numeric.push((obj.loss(y, plus, w, group) - obj.loss(y, minus, w, group)) / (2 * eps));
        analytic.push(gh[k][2 * i]);
      }
    }
    expect(analytic).toBeAllClose(numeric, { rtol: 1e-5, atol: 1e-6 });
  });

  test.skipIf(!exactHessian)('hessian matches central differences of the gradient', () => {
    const gh = gradients(raw);
    const eps = 1e-5;
    const analytic: number[] = [];
    const numeric: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < K; k++) {
        const plus = raw.slice();
        const minus = raw.slice();
        plus[i * K + k] += eps;
        minus[i * K + k] -= eps;
        numeric.push(((c.hessianScale ?? 1) * (gradients(plus)[k][2 * i] - gradients(minus)[k][2 * i])) / (2 * eps));
        analytic.push(gh[k][2 * i + 1]);
      }
    }
    expect(analytic).toBeAllClose(numeric, { rtol: 1e-4, atol: 1e-6 });
  });

  test('base score is the best constant', () => {
    const base = obj.baseScore(y, null);
    expect(base).toHaveLength(K);
    if (obj.name === 'lambdarank') return; // ranking is invariant to a constant
    const at = (b: number[]) => obj.loss(y, Float64Array.from({ length: n * K }, (_, i) => b[i % K]), null, group);
    for (let k = 0; k < K; k++) {
      for (const d of [-0.05, 0.05]) {
        const moved = base.slice();
        moved[k] += d;
        expect(at(moved)).toBeGreaterThanOrEqual(at(base) - 1e-9);
      }
    }
  });
});

test('unknown objective names are listed', () => {
  expect(() => makeObjective('hinge')).toThrow(/unknown objective 'hinge' \(known: squarederror/);
  expect(() => makeObjective('multiclass')).toThrow(/numClass ≥ 2/);
});
