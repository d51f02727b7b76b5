import { countClasses, LinearClassifier, sampleWeights } from './linear.js';
import type { CsrMatrix } from './sparse.js';
import { seededShuffle } from './random.js';

export interface SvmOptions {
  /** penalty on margin violations (default 1) */
  C?: number;
  /** 'hinge' (L1-loss SVM) or 'squared_hinge' (L2-loss, scikit-learn's default) */
  loss?: 'hinge' | 'squared_hinge';
  /** stop when the projected-gradient spread of an epoch falls below tol (default 1e-4, as scikit-learn) */
  tol?: number;
  /** epoch limit (default 1000) */
  maxIter?: number;
  classWeight?: 'balanced' | null;
  /** seed of the coordinate order (default 0) */
  seed?: number;
}

/**
 * Linear SVM by dual coordinate descent (Hsieh et al. 2008, the liblinear solver behind
 * scikit-learn's LinearSVC): minimizes ½‖w‖² + C Σ ξ(y_i (w·x_i + b)), ξ = max(0, 1 − m) (hinge) or
 * its square, with the bias learnt as an extra feature of value 1 (regularized, as liblinear).
 * More than two classes are one-vs-rest. `epochs` and `converged` record the solver's run.
 * Example: new LinearSVC({ C: 0.5 }).fit(X, y).predict(Xtest)
 */
export class LinearSVC extends LinearClassifier {
  readonly kind: string = 'svm';
  readonly options: SvmOptions;
  epochs: number[] = [];
  converged = true;

  constructor(options: SvmOptions = {}) {
    super();
    this.options = { ...options };
  }

  fit(X: CsrMatrix, y: ArrayLike<number>): this {
    const k = countClasses('LinearSVC', X, y);
    const { classWeight = null } = this.options;
    const sw = sampleWeights(y, k, classWeight === 'balanced');
    const m = k === 2 ? 1 : k;
    this.nClasses = k;
    this.nFeatures = X.cols;
    this.coef = new Float64Array(X.cols * m);
    this.intercept = new Float64Array(m);
    this.epochs = [];
    this.converged = true;
    const sign = new Float64Array(X.rows);
    for (let c = 0; c < m; c++) {
      const positive = m === 1 ? 1 : c;
      for (let i = 0; i < X.rows; i++) sign[i] = y[i] === positive ? 1 : -1;
      const { w, b } = this.solve(X, sign, sw);
      for (let j = 0; j < X.cols; j++) this.coef[j * m + c] = w[j];
      this.intercept[c] = b;
    }
    return this;
  }

  /** Binary problem with labels ±1; per-sample C_i = C·sw_i. */
  protected solve(X: CsrMatrix, s: Float64Array, sw: Float64Array): { w: Float64Array; b: number } {
    const { C = 1, loss = 'squared_hinge', tol = 1e-4, maxIter = 1000, seed = 0 } = this.options;
    if (!(C > 0)) throw new Error(`LinearSVC: C must be > 0, got ${C}`);
    if (loss !== 'hinge' && loss !== 'squared_hinge')
      throw new Error(`LinearSVC: loss must be 'hinge' or 'squared_hinge', got '${loss}'`);
    const n = X.rows;
    const { indptr, indices, data } = X;
    const w = new Float64Array(X.cols);
    let b = 0;
    const alpha = new Float64Array(n);
    const upper = new Float64Array(n);
    const diag = new Float64Array(n);
    const qii = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const Ci = C * sw[i];
      // L1-loss: 0 ≤ α ≤ C, D = 0; L2-loss: α ≥ 0, D = 1/(2C)
      upper[i] = loss === 'hinge' ? Ci : Infinity;
      diag[i] = loss === 'hinge' ? 0 : 0.5 / Ci;
      let sq = 1; // the bias feature
      for (let p = indptr[i]; p < indptr[i + 1]; p++) sq += data[p] * data[p];
      qii[i] = sq + diag[i];
    }
    // liblinear's shrinking: a variable at a bound whose gradient points outside the feasible
    // side by more than last epoch's spread is set aside, and all are checked again at the end
    const order = Int32Array.from({ length: n }, (_, i) => i);
    let active = n;
    let pgMaxOld = Infinity;
    let pgMinOld = -Infinity;
    let epoch = 0;
    let done = false;
    for (; epoch < maxIter; epoch++) {
      seededShuffle(order.subarray(0, active), seed + epoch);
      let pgMax = -Infinity;
      let pgMin = Infinity;
      for (let t = 0; t < active; t++) {
        const i = order[t];
        let margin = b;
        for (let p = indptr[i]; p < indptr[i + 1]; p++) margin += w[indices[p]] * data[p];
        const G = s[i] * margin - 1 + diag[i] * alpha[i];
        let pg = 0;
        if (alpha[i] === 0) {
          if (G > pgMaxOld) {
            order[t--] = order[--active];
            order[active] = i;
            continue;
          }
          if (G < 0) pg = G;
        } else if (alpha[i] === upper[i]) {
          if (G < pgMinOld) {
            order[t--] = order[--active];
            order[active] = i;
            continue;
          }
          if (G > 0) pg = G;
        } else pg = G;
        pgMax = Math.max(pgMax, pg);
        pgMin = Math.min(pgMin, pg);
        if (Math.abs(pg) <= 1e-12) continue;
        const old = alpha[i];
        alpha[i] = Math.min(Math.max(old - G / qii[i], 0), upper[i]);
        const delta = (alpha[i] - old) * s[i];
        for (let p = indptr[i]; p < indptr[i + 1]; p++) w[indices[p]] += delta * data[p];
        b += delta;
      }
      if (pgMax - pgMin <= tol) {
        if (active === n) {
          done = true;
          break;
        }
        active = n; // converged on the active set: recheck every variable
        pgMaxOld = Infinity;
        pgMinOld = -Infinity;
        continue;
      }
      pgMaxOld = pgMax > 0 ? pgMax : Infinity;
      pgMinOld = pgMin < 0 ? pgMin : -Infinity;
    }
    this.epochs.push(Math.min(epoch + 1, maxIter));
    if (!done) this.converged = false;
    return { w, b };
  }
}
