import { minimize, type MinimizeResult } from './lbfgs.js';
import { countClasses, LinearClassifier, sampleWeights } from './linear.js';
import type { CsrMatrix } from './sparse.js';

export interface LogisticOptions {
  /** inverse regularization strength, as scikit-learn (default 1) */
  C?: number;
  /** 'l2' (L-BFGS) or 'l1' (OWL-QN) (default 'l2') */
  penalty?: 'l2' | 'l1';
  /** gradient tolerance (default 1e-4) */
  tol?: number;
  /** default 1000 */
  maxIter?: number;
  /** 'balanced' weighs class c by n / (k · n_c) (default none) */
  classWeight?: 'balanced' | null;
  /** fit b (never penalized) (default true) */
  fitIntercept?: boolean;
}

/**
 * Logistic regression on sparse rows: binary (one sigmoid) or multinomial (softmax) for k > 2,
 * minimizing the objective of scikit-learn ≥ 1.1, scaled by 1/Σw:
 *   (1/Σw) Σ_i w_i · (−log p(y_i | x_i)) + R(W)/(C·Σw),  R = ½‖W‖² (l2) or ‖W‖₁ (l1),
 * so the same C gives the same model. `result` keeps the solver's convergence record.
 * Example: const m = new LogisticRegression({ C: 4 }).fit(X, y); m.predict(Xtest)
 */
export class LogisticRegression extends LinearClassifier {
  readonly kind = 'logistic';
  readonly options: LogisticOptions;
  result: MinimizeResult | null = null;

  constructor(options: LogisticOptions = {}) {
    super();
    this.options = { ...options };
  }

  fit(X: CsrMatrix, y: ArrayLike<number>): this {
    const { C = 1, penalty = 'l2', tol = 1e-4, maxIter = 1000, classWeight = null, fitIntercept = true } = this.options;
    if (!(C > 0)) throw new Error(`LogisticRegression: C must be > 0, got ${C}`);
    const k = countClasses('LogisticRegression', X, y);
    const m = k === 2 ? 1 : k;
    const d = X.cols;
    const n = X.rows;
    const sw = sampleWeights(y, k, classWeight === 'balanced');
    let swSum = 0;
    for (let i = 0; i < n; i++) swSum += sw[i];
    const reg = 1 / (C * swSum);
    const nw = d * m;
    const Z = new Float64Array(n * m);
    const R = new Float64Array(n * m);
    const G = new Float64Array(nw);
    // parameters: W (d × m, feature-major) then b (m)
    const objective = (theta: Float64Array, grad: Float64Array): number => {
      const W = theta.subarray(0, nw);
      if (m === 1) X.dot(W, Z); // one output: the plain product avoids the per-class inner loop
      else X.dotMany(W, m, Z);
      let loss = 0;
      for (let i = 0; i < n; i++) {
        const row = i * m;
        const wi = sw[i] / swSum;
        if (m === 1) {
          const z = Z[i] + theta[nw];
          const s = y[i] === 1 ? 1 : -1;
          const margin = s * z;
          // log(1 + e^{−margin}) without overflow for either sign
          loss += wi * (margin > 0 ? Math.log1p(Math.exp(-margin)) : -margin + Math.log1p(Math.exp(margin)));
          R[i] = -wi * s / (1 + Math.exp(margin)); // d/dz = −s·σ(−s z)
          continue;
        }
        let max = -Infinity;
        for (let c = 0; c < m; c++) max = Math.max(max, (Z[row + c] += theta[nw + c]));
        let sum = 0;
        for (let c = 0; c < m; c++) sum += Math.exp(Z[row + c] - max);
        const lse = max + Math.log(sum);
        loss += wi * (lse - Z[row + y[i]]);
        for (let c = 0; c < m; c++) R[row + c] = wi * Math.exp(Z[row + c] - lse); // softmax − one-hot
        R[row + y[i]] -= wi;
      }
      if (m === 1) X.tdot(R, G);
      else X.tdotMany(R, m, G);
      let penaltyValue = 0;
      for (let j = 0; j < nw; j++) {
        grad[j] = G[j];
        if (penalty === 'l2') {
          grad[j] += reg * W[j];
          penaltyValue += 0.5 * reg * W[j] * W[j];
        }
      }
      for (let c = 0; c < m; c++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += R[i * m + c];
        grad[nw + c] = fitIntercept ? s : 0;
      }
      return loss + penaltyValue;
    };
    let l1: Float64Array | null = null;
    if (penalty === 'l1') {
      l1 = new Float64Array(nw + m);
      l1.fill(reg, 0, nw); // the intercept stays unpenalized
    } else if (penalty !== 'l2') throw new Error(`LogisticRegression: penalty must be 'l2' or 'l1', got '${penalty}'`);
    this.result = minimize(objective, new Float64Array(nw + m), { gtol: tol, maxIter, l1 });
    this.nClasses = k;
    this.nFeatures = d;
    this.coef = this.result.x.slice(0, nw);
    this.intercept = this.result.x.slice(nw);
    return this;
  }
}
