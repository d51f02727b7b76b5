// The land-price model behind page 1: seeded data from the lecture's formula, the loss as a
// closed-form quadratic (for the contour plot), and one gradient-descent step through perceptio's
// autograd (for the path).
import { Generator, tensor, type Tensor } from 'perceptio';

/** The lecture's formula: price = 2.5·area + 4.1·river + 10·road. */
export const TRUE_WEIGHTS = [2.5, 4.1, 10] as const;
export const FEATURES = ['area', 'river', 'road'] as const;

export interface LandData {
  /** [n, 3] rows of area, river, road */
  x: Float64Array;
  y: Float64Array;
  n: number;
}

/**
 * n plots: area uniform in [1, 5) hundred m², a river nearby with probability 0.4, a good road
 * with probability 0.5, price from the formula plus N(0, noise²). Area is kept in [1, 5) rather
 * than the library example's [5, 50) so that one learning rate suits all three weights: with
 * larger areas the loss surface is a long narrow valley and descent needs thousands of steps.
 */
export function landData(n = 60, seed = 7, noise = 1.5): LandData {
  const g = new Generator(seed);
  const x = new Float64Array(n * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = [1 + 4 * g.next(), g.next() < 0.4 ? 1 : 0, g.next() < 0.5 ? 1 : 0];
    x.set(row, 3 * i);
    y[i] = row.reduce((s, v, j) => s + TRUE_WEIGHTS[j] * v, 0) + noise * g.normal();
  }
  return { x, y, n };
}

/** L(w) = mean((x·w − y)²) = wᵀAw − 2bᵀw + c, with A = XᵀX/n, b = Xᵀy/n, c = yᵀy/n. */
export interface Quadratic {
  A: number[][];
  b: number[];
  c: number;
}

export function quadratic({ x, y, n }: LandData): Quadratic {
  const A = [0, 1, 2].map(() => [0, 0, 0]);
  const b = [0, 0, 0];
  let c = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 3; j++) {
      b[j] += (x[3 * i + j] * y[i]) / n;
      for (let k = 0; k < 3; k++) A[j][k] += (x[3 * i + j] * x[3 * i + k]) / n;
    }
    c += (y[i] * y[i]) / n;
  }
  return { A, b, c };
}

export function lossAt(q: Quadratic, w: readonly number[]): number {
  let s = q.c;
  for (let j = 0; j < 3; j++) {
    s -= 2 * q.b[j] * w[j];
    for (let k = 0; k < 3; k++) s += w[j] * q.A[j][k] * w[k];
  }
  return s;
}

/**
 * The largest learning rate for which gradient descent on L converges: 2/λ, where λ is the
 * largest eigenvalue of L's Hessian 2A (found by power iteration; A is 3×3 and positive definite).
 */
export function maxStableLr(q: Quadratic): number {
  let v = [1, 1, 1];
  let lambda = 0;
  for (let it = 0; it < 200; it++) {
    const u = q.A.map((row) => row.reduce((s, a, k) => s + a * v[k], 0));
    lambda = Math.hypot(...u);
    v = u.map((e) => e / lambda);
  }
  return 2 / (2 * lambda);
}

/** One gradient-descent step w ← w − lr·∇L(w), the gradient from perceptio's backward(). */
export function gdStep(xT: Tensor, yT: Tensor, w: readonly number[], lr: number): { w: number[]; loss: number; grad: number[] } {
  const wt = tensor(Float64Array.from(w), { requiresGrad: true });
  const loss = xT.matmul(wt).sub(yT).square().mean();
  loss.backward();
  const grad = Array.from(wt.grad!.values() as Float64Array);
  return { w: w.map((v, j) => v - lr * grad[j]), loss: loss.item(), grad };
}

export function tensors(d: LandData): { xT: Tensor; yT: Tensor } {
  return { xT: tensor(d.x, { shape: [d.n, 3] }), yT: tensor(d.y) };
}
