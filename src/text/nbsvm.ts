import { countClasses, LinearClassifier } from './linear.js';
import { LogisticRegression } from './logistic.js';
import type { CsrMatrix } from './sparse.js';
import { LinearSVC } from './svm.js';

export interface NbSvmOptions {
  /** smoothing of the presence counts (default 1) */
  alpha?: number;
  /** interpolation w' = (1 − β)·w̄ + β·w towards the mean magnitude w̄ = ‖w‖₁/d (default 0.25) */
  beta?: number;
  /** base model's C (default 1) */
  C?: number;
  /** 'svm' (squared hinge, as the paper) or 'logistic' (default 'svm') */
  base?: 'svm' | 'logistic';
  /** base solver tolerance (default 1e-4) */
  tol?: number;
}

/**
 * NB-SVM (Wang & Manning 2012): presence features x̂ scaled by the naive-Bayes log-count ratio
 * r = log((p/‖p‖₁) / (q/‖q‖₁)), p = α + Σ_{y=c} x̂, q = α + Σ_{y≠c} x̂; a linear SVM learns w on
 * r ∘ x̂, then w' = (1 − β) w̄ + β w. The stored weights are folded, W_j = w'_j r_j, so scoring is
 * X̂·W + b like every linear model. More than two classes: one-vs-rest.
 * Example: new NbSvm({ C: 1, beta: 0.25 }).fit(X, y)
 */
export class NbSvm extends LinearClassifier {
  readonly kind = 'nbsvm';
  readonly options: NbSvmOptions;

  constructor(options: NbSvmOptions = {}) {
    super();
    this.options = { ...options };
  }

  fit(X: CsrMatrix, y: ArrayLike<number>): this {
    const { alpha = 1, beta = 0.25, C = 1, base = 'svm', tol = 1e-4 } = this.options;
    const k = countClasses('NbSvm', X, y);
    const m = k === 2 ? 1 : k;
    const Xb = X.binarize();
    const d = X.cols;
    this.nClasses = k;
    this.nFeatures = d;
    this.binaryInput = true;
    this.coef = new Float64Array(d * m);
    this.intercept = new Float64Array(m);
    const yc = new Int32Array(X.rows);
    for (let c = 0; c < m; c++) {
      const positive = m === 1 ? 1 : c;
      const p = new Float64Array(d).fill(alpha);
      const q = new Float64Array(d).fill(alpha);
      for (let i = 0; i < X.rows; i++) {
        yc[i] = y[i] === positive ? 1 : 0;
        const target = yc[i] ? p : q;
        for (let t = Xb.indptr[i]; t < Xb.indptr[i + 1]; t++) target[Xb.indices[t]] += 1;
      }
      const pSum = p.reduce((a, b) => a + b, 0);
      const qSum = q.reduce((a, b) => a + b, 0);
      const r = p.map((pj, j) => Math.log(pj / pSum / (q[j] / qSum)));
      const model = base === 'svm' ? new LinearSVC({ C, tol }) : new LogisticRegression({ C, tol });
      model.fit(Xb.scaleColumns(r), yc);
      let wBar = 0;
      for (let j = 0; j < d; j++) wBar += Math.abs(model.coef[j]);
      wBar /= d;
      for (let j = 0; j < d; j++) this.coef[j * m + c] = ((1 - beta) * wBar + beta * model.coef[j]) * r[j];
      this.intercept[c] = model.intercept[0];
    }
    return this;
  }
}
