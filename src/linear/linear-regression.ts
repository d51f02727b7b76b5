import { noGrad } from '../autograd/engine.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { r2 } from '../train/metrics.js';
import { asMatrix, asVector, namesFor, outDtype, type Matrix, type Vector } from './common.js';
import { lstsq } from './solve.js';

export interface LinearRegressionOptions {
  /** learn an intercept b (default true); the features are centred so b is not penalised */
  fitIntercept?: boolean;
  /** ridge penalty α in ‖y − Xw − b‖² + α‖w‖² (default 0: ordinary least squares) */
  alpha?: number;
  /** 'closed' solves the (ridge) normal equations by QR; 'gd' runs full-batch gradient descent */
  solver?: 'closed' | 'gd';
  /** gradient descent: learning rate (default 0.1) and epochs (default 500) */
  lr?: number;
  epochs?: number;
  /**
   * gradient descent on standardized features (default true): every direction then has a similar
   * curvature, so one learning rate suits all; the coefficients are reported in the original units
   */
  standardize?: boolean;
  /** called after each gradient descent epoch with the objective before the update */
  onEpoch?: (epoch: number, loss: number) => void;
  featureNames?: readonly string[];
}

/**
 * Least squares linear regression ŷ = X·w + b, optionally with a ridge penalty, fitted in closed
 * form (Householder QR of the centred X stacked on √α·I, the stable route to (XᵀX + αI)⁻¹Xᵀy) or
 * by gradient descent on Perceptio tensors with a loss history.
 * Example: const m = new LinearRegression().fit([[1], [2], [3]], [2, 4, 6]); m.predict([[4]]) // [8]
 */
export class LinearRegression {
  readonly opts: Required<Omit<LinearRegressionOptions, 'onEpoch' | 'featureNames'>> &
    LinearRegressionOptions;
  /** w [features], float64 */
  coef: Tensor | null = null;
  intercept = 0;
  featureNames: string[] = [];
  /** gradient descent: the mean squared error (+ penalty) of each epoch */
  lossHistory: number[] = [];

  constructor(opts: LinearRegressionOptions = {}) {
    this.opts = {
      fitIntercept: true,
      alpha: 0,
      solver: 'closed',
      lr: 0.1,
      epochs: 500,
      standardize: true,
      ...opts,
    };
    if (!(this.opts.alpha >= 0))
      throw new Error(`LinearRegression: alpha must be ≥ 0, got ${this.opts.alpha}`);
  }

  fit(X: Matrix, y: Vector, { featureNames }: { featureNames?: readonly string[] } = {}): this {
    const x = asMatrix('LinearRegression.fit', X);
    const [n, d] = x.shape;
    const t = asVector('LinearRegression.fit', y, n);
    this.featureNames = namesFor('LinearRegression.fit', d, featureNames ?? this.opts.featureNames);
    const xv = x.values() as Float64Array;
    const yv = t.values() as Float64Array;
    // column means (zero without an intercept) and, for gradient descent, scales
    const mu = new Float64Array(d);
    let yMean = 0;
    if (this.opts.fitIntercept) {
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mu[j] += xv[i * d + j] / n;
      for (let i = 0; i < n; i++) yMean += yv[i] / n;
    }
    // both solvers fit the centred problem; b is what gradient descent left in the bias (≈ 0)
    const { w, b } =
      this.opts.solver === 'gd'
        ? this.descend(x, t, mu)
        : { w: closedForm(xv, yv, n, d, mu, yMean, this.opts.alpha), b: 0 };
    this.coef = tensor(w);
    this.intercept = this.opts.fitIntercept
      ? yMean + b - w.reduce((s, wj, j) => s + wj * mu[j], 0)
      : 0;
    return this;
  }

  /** Full-batch gradient descent on mean((Zw + b − y)²) + α/n·‖w/σ‖², Z the scaled features. */
  private descend(x: Tensor, y: Tensor, mu: Float64Array): { w: Float64Array; b: number } {
    const [n, d] = x.shape;
    const { lr, epochs, alpha, fitIntercept, standardize } = this.opts;
    const sigma = standardize
      ? noGrad(() => x.sub(tensor(mu)).square().mean(0).sqrt().values() as Float64Array).map(
          (s) => s || 1,
        )
      : new Float64Array(d).fill(1);
    const z = noGrad(() => x.sub(tensor(mu)).div(tensor(sigma)));
    const yc = noGrad(() => y.sub(fitIntercept ? y.mean() : 0));
    const sig = tensor(sigma);
    let w = tensor(new Float64Array(d)).requiresGrad_();
    let b = tensor(Float64Array.of(0)).requiresGrad_(fitIntercept);
    this.lossHistory = [];
    for (let epoch = 0; epoch < epochs; epoch++) {
      const r = z.matmul(w).add(b).sub(yc);
      let loss = r.square().mean();
      if (alpha > 0)
        loss = loss.add(
          w
            .div(sig)
            .square()
            .sum()
            .mul(alpha / n),
        );
      loss.backward();
      const value = loss.item();
      if (!Number.isFinite(value))
        throw new Error(
          `LinearRegression: gradient descent diverged at epoch ${epoch} (loss ${value}); lower lr (${lr})`,
        );
      this.lossHistory.push(value);
      this.opts.onEpoch?.(epoch, value);
      [w, b] = noGrad(() => [
        w.sub(w.grad!.mul(lr)).requiresGrad_(),
        fitIntercept ? b.sub(b.grad!.mul(lr)).requiresGrad_() : b,
      ]);
    }
    // back to the original units: w = w_z / σ (the centring goes into the intercept)
    return { w: (w.values() as Float64Array).map((v, j) => v / sigma[j]), b: b.item() };
  }

  predict(X: Matrix): Tensor {
    const w = this.fitted('predict');
    const x = asMatrix('LinearRegression.predict', X);
    if (x.shape[1] !== w.shape[0])
      throw new Error(
        `LinearRegression.predict: fitted on ${w.shape[0]} features, X has ${x.shape[1]}`,
      );
    return noGrad(() => x.matmul(w).add(this.intercept).to(outDtype(X)));
  }
  /** The coefficient of determination R² of the predictions. */
  score(X: Matrix, y: Vector): number {
    const p = this.predict(X);
    return r2(asVector('LinearRegression.score', y, p.shape[0]).values(), p.values());
  }
  /** The weights by feature name (x0, x1, … unless names were given). */
  coefficients(): Record<string, number> {
    const w = this.fitted('coefficients').values();
    return Object.fromEntries(this.featureNames.map((name, j) => [name, w[j]]));
  }
  private fitted(where: string): Tensor {
    if (!this.coef) throw new Error(`LinearRegression.${where}: call fit first`);
    return this.coef;
  }
}

/** w solving min ‖(y − ȳ) − (X − μ)w‖² + α‖w‖² by QR of [X − μ; √α·I]. */
function closedForm(
  xv: Float64Array,
  yv: Float64Array,
  n: number,
  d: number,
  mu: Float64Array,
  yMean: number,
  alpha: number,
): Float64Array {
  const rows = alpha > 0 ? n + d : n;
  const A = new Float64Array(rows * d);
  const b = new Float64Array(rows);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) A[i * d + j] = xv[i * d + j] - mu[j];
    b[i] = yv[i] - yMean;
  }
  if (alpha > 0) for (let j = 0; j < d; j++) A[(n + j) * d + j] = Math.sqrt(alpha);
  if (rows < d)
    throw new Error(
      `LinearRegression: ${n} samples cannot determine ${d} coefficients; use a ridge penalty alpha > 0`,
    );
  return lstsq(A, rows, d, b);
}
