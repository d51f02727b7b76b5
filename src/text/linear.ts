import type { CsrMatrix } from './sparse.js';

/** Serialized linear model: kind, options and weights (part of a TextClassifier's JSON). */
export interface LinearModelJSON {
  kind: string;
  options: Record<string, unknown>;
  nClasses: number;
  nFeatures: number;
  /** nFeatures × nOutputs, feature-major */
  coef: number[];
  intercept: number[];
  /** whether the model scores 0/1 presence features instead of the values given */
  binaryInput?: boolean;
}

/**
 * A classifier whose scores are Z = X·W + b on sparse rows. Every text model here (logistic
 * regression, linear SVM, naive Bayes, NB-SVM) ends as such a W, so prediction, explanation and
 * saving are written once. W is nFeatures × nOutputs, feature-major (W[j·m + c]); a binary model
 * has one output (positive-class score), otherwise one per class.
 */
export abstract class LinearClassifier {
  coef = new Float64Array(0);
  intercept = new Float64Array(0);
  nClasses = 0;
  nFeatures = 0;
  /** score 0/1 presence (X.binarize()) rather than the given values: naive Bayes and NB-SVM */
  binaryInput = false;
  abstract readonly kind: string;
  abstract readonly options: object;

  /** Fits on rows X and class indices y ∈ {0 … k−1}. */
  abstract fit(X: CsrMatrix, y: ArrayLike<number>): this;

  get nOutputs(): number {
    return this.intercept.length;
  }

  /** Scores n × nOutputs: one column for binary models (> 0 means class 1), else one per class. */
  decisionFunction(X: CsrMatrix): Float64Array {
    if (X.cols !== this.nFeatures)
      throw new Error(`${this.kind}: fitted on ${this.nFeatures} features, got ${X.cols}`);
    const Xb = this.binaryInput ? X.binarize() : X;
    const m = this.nOutputs;
    const Z = Xb.dotMany(this.coef, m);
    for (let i = 0; i < X.rows; i++) for (let c = 0; c < m; c++) Z[i * m + c] += this.intercept[c];
    return Z;
  }

  /** Class index with the highest score. */
  predict(X: CsrMatrix): Int32Array {
    const Z = this.decisionFunction(X);
    const m = this.nOutputs;
    const out = new Int32Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      if (m === 1) out[i] = Z[i] > 0 ? 1 : 0;
      else {
        let best = 0;
        for (let c = 1; c < m; c++) if (Z[i * m + c] > Z[i * m + best]) best = c;
        out[i] = best;
      }
    }
    return out;
  }

  /**
   * Class probabilities n × k from the scores: logistic for one output, softmax otherwise. Calibrated
   * for logistic regression and naive Bayes; for SVMs only a monotone squashing of the margins.
   */
  predictProba(X: CsrMatrix): Float64Array {
    return scoresToProba(this.decisionFunction(X), X.rows, this.nOutputs);
  }

  toJSON(): LinearModelJSON {
    return {
      kind: this.kind,
      options: { ...this.options },
      nClasses: this.nClasses,
      nFeatures: this.nFeatures,
      coef: Array.from(this.coef),
      intercept: Array.from(this.intercept),
      binaryInput: this.binaryInput,
    };
  }

  /** Restores weights written by toJSON into this (unfitted) model. */
  loadWeights(json: LinearModelJSON): this {
    this.nClasses = json.nClasses;
    this.nFeatures = json.nFeatures;
    this.coef = Float64Array.from(json.coef);
    this.intercept = Float64Array.from(json.intercept);
    this.binaryInput = json.binaryInput ?? false;
    return this;
  }
}

/** Probabilities from scores: σ(z) for one output, softmax (shifted by the max, so exp cannot overflow) otherwise. */
export function scoresToProba(Z: Float64Array, n: number, m: number): Float64Array {
  const k = m === 1 ? 2 : m;
  const P = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    if (m === 1) {
      const p = 1 / (1 + Math.exp(-Z[i]));
      P[2 * i] = 1 - p;
      P[2 * i + 1] = p;
      continue;
    }
    let max = -Infinity;
    for (let c = 0; c < m; c++) max = Math.max(max, Z[i * m + c]);
    let s = 0;
    for (let c = 0; c < m; c++) s += (P[i * k + c] = Math.exp(Z[i * m + c] - max));
    for (let c = 0; c < m; c++) P[i * k + c] /= s;
  }
  return P;
}

/** Number of classes in y (max + 1), checking labels are integers ≥ 0 and that y matches X. */
export function countClasses(name: string, X: CsrMatrix, y: ArrayLike<number>): number {
  if (y.length !== X.rows) throw new Error(`${name}: ${X.rows} rows but ${y.length} labels`);
  let k = 0;
  for (let i = 0; i < y.length; i++) {
    if (!(Number.isInteger(y[i]) && y[i] >= 0)) throw new Error(`${name}: label ${y[i]} at ${i} is not a class index`);
    k = Math.max(k, y[i] + 1);
  }
  if (k < 2) throw new Error(`${name}: needs at least 2 classes, got ${k}`);
  return k;
}

/** Per-sample weights n / (k · count(class)) for class_weight 'balanced', or all ones. */
export function sampleWeights(y: ArrayLike<number>, k: number, balanced: boolean): Float64Array {
  const w = new Float64Array(y.length).fill(1);
  if (!balanced) return w;
  const count = new Float64Array(k);
  for (let i = 0; i < y.length; i++) count[y[i]]++;
  for (let i = 0; i < y.length; i++) w[i] = y.length / (k * count[y[i]]);
  return w;
}
