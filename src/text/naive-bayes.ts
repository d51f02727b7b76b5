import { countClasses, LinearClassifier } from './linear.js';
import type { CsrMatrix } from './sparse.js';

export interface NaiveBayesOptions {
  /** additive (Laplace/Lidstone) smoothing (default 1) */
  alpha?: number;
  /** score presence (0/1) instead of counts: Bernoulli-style features in the multinomial model (default false) */
  binary?: boolean;
}

/** Per-class feature totals N_cj = Σ_{i∈c} x_ij (feature-major) and class counts. */
function classTotals(X: CsrMatrix, y: ArrayLike<number>, k: number) {
  const N = new Float64Array(X.cols * k);
  const count = new Float64Array(k);
  for (let i = 0; i < X.rows; i++) {
    const c = y[i];
    count[c]++;
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) N[X.indices[p] * k + c] += X.data[p];
  }
  return { N, count };
}

/**
 * Multinomial naive Bayes, as scikit-learn's MultinomialNB: score_c(x) = log P(c) + Σ_j x_j log θ_cj,
 * θ_cj = (N_cj + α) / (Σ_j N_cj + α·d), so the model is linear in x.
 * Example: new MultinomialNB({ alpha: 0.5 }).fit(counts, y).predict(testCounts)
 */
export class MultinomialNB extends LinearClassifier {
  readonly kind: string = 'nb';
  readonly options: NaiveBayesOptions;

  constructor(options: NaiveBayesOptions = {}) {
    super();
    this.options = { ...options };
  }

  fit(X: CsrMatrix, y: ArrayLike<number>): this {
    const { alpha = 1, binary = false } = this.options;
    const k = countClasses('MultinomialNB', X, y);
    this.binaryInput = binary;
    const { N, count } = classTotals(binary ? X.binarize() : X, y, k);
    const d = X.cols;
    this.nClasses = k;
    this.nFeatures = d;
    this.coef = new Float64Array(d * k);
    this.intercept = new Float64Array(k);
    this.weights(N, count, alpha, d, k);
    return this;
  }

  protected weights(N: Float64Array, count: Float64Array, alpha: number, d: number, k: number): void {
    const n = count.reduce((a, b) => a + b, 0);
    for (let c = 0; c < k; c++) {
      let total = 0;
      for (let j = 0; j < d; j++) total += N[j * k + c];
      const logDen = Math.log(total + alpha * d);
      for (let j = 0; j < d; j++) this.coef[j * k + c] = Math.log(N[j * k + c] + alpha) - logDen;
      this.intercept[c] = Math.log(count[c] / n);
    }
  }
}

/**
 * Complement naive Bayes (Rennie et al. 2003), as scikit-learn's ComplementNB(norm=False): each
 * class is scored by how unlike its complement the text is,
 * score_c(x) = −Σ_j x_j log θ̃_cj, θ̃_cj = (Σ_{c'≠c} N_c'j + α) / Σ_j (Σ_{c'≠c} N_c'j + α);
 * steadier than MultinomialNB when classes are unbalanced.
 */
export class ComplementNB extends MultinomialNB {
  override readonly kind = 'cnb';

  protected override weights(N: Float64Array, _count: Float64Array, alpha: number, d: number, k: number): void {
    const all = new Float64Array(d);
    for (let j = 0; j < d; j++) for (let c = 0; c < k; c++) all[j] += N[j * k + c];
    for (let c = 0; c < k; c++) {
      let total = 0;
      for (let j = 0; j < d; j++) total += all[j] - N[j * k + c] + alpha;
      const logTotal = Math.log(total);
      for (let j = 0; j < d; j++) this.coef[j * k + c] = -(Math.log(all[j] - N[j * k + c] + alpha) - logTotal);
      this.intercept[c] = 0; // scikit-learn adds the prior only when there is a single class
    }
  }
}
