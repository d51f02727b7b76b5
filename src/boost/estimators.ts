import { Booster, type BoosterJSON, type ImportanceType } from './booster.js';
import { mulberry32, train, type EvalSet, type IterationInfo } from './gbm.js';
import { toMatrix, type Matrix, type MatrixInput } from './matrix.js';
import type { BoostParams } from './params.js';

/** Estimator options: the training parameters plus scikit-learn's conveniences. */
export interface EstimatorOptions extends Partial<BoostParams> {
  /** hold out this fraction of the training rows (random, seeded; whole groups for the ranker) as the
   * early-stopping set when fit gets no evalSet; 0 = off */
  validationFraction?: number;
  /** classifier only: 'balanced' weighs class c by n / (classes · n_c); or label → weight */
  classWeight?: 'balanced' | Record<string, number>;
}

export interface FitOptions {
  sampleWeight?: ArrayLike<number>;
  /** evaluation sets; the last one drives early stopping */
  evalSet?: { X: MatrixInput; y: ArrayLike<number | string>; group?: ArrayLike<number>; name?: string }[];
  onIteration?: (info: IterationInfo) => boolean | void;
}

/** Rows of a matrix, copied into a new flat matrix. */
function takeRows(m: Matrix, rows: ArrayLike<number>): Matrix {
  const data = new Float64Array(rows.length * m.cols);
  for (let r = 0; r < rows.length; r++) data.set(m.data.subarray(rows[r] * m.cols, (rows[r] + 1) * m.cols), r * m.cols);
  return { data, rows: rows.length, cols: m.cols };
}

const pick = <T>(a: ArrayLike<T>, rows: ArrayLike<number>): T[] => Array.from(rows, (r) => a[r]);

/** Shared machinery: parameters, the fitted booster, explanations and JSON. */
abstract class Estimator {
  booster: Booster | null = null;
  readonly options: EstimatorOptions;

  constructor(options: EstimatorOptions = {}) {
    this.options = { ...options };
  }

  protected get fitted(): Booster {
    if (!this.booster) throw new Error(`${this.constructor.name}: call fit before predicting`);
    return this.booster;
  }

  protected boosterParams(extra: Partial<BoostParams>): Partial<BoostParams> {
    const { validationFraction: _v, classWeight: _c, ...params } = this.options;
    return { ...params, ...extra };
  }

  /**
   * Trains on (X, target codes); without an evalSet but with validationFraction, a seeded random
   * part of the rows (whole query groups when groups are given) becomes the validation set.
   */
  protected trainOn(x: Matrix, y: number[], weight: number[] | undefined, group: number[] | undefined,
    evals: EvalSet[], params: Partial<BoostParams>, onIteration?: FitOptions['onIteration']): void {
    const frac = this.options.validationFraction ?? 0;
    let dtrain = { X: x as MatrixInput, y, weight, group };
    if (evals.length === 0 && frac > 0) {
      const rng = mulberry32((this.options.seed ?? 0) + 1);
      const units = group ?? new Array<number>(x.rows).fill(1);
      const starts: number[] = [];
      units.reduce((s, g) => (starts.push(s), s + g), 0);
      const hold = units.map(() => rng() < frac);
      if (hold.every((h) => h) || hold.every((h) => !h)) hold[0] = !hold[0];
      const rowsOf = (keep: boolean) => units.flatMap((g, u) => (hold[u] === keep ? Array.from({ length: g }, (_, t) => starts[u] + t) : []));
      const tr = rowsOf(false);
      const va = rowsOf(true);
      const groupsOf = (keep: boolean) => (group ? group.filter((_, u) => hold[u] === keep) : undefined);
      dtrain = { X: takeRows(x, tr), y: pick(y, tr), weight: weight && pick(weight, tr), group: groupsOf(false) };
      evals = [{ name: 'validation', X: takeRows(x, va), y: pick(y, va), weight: weight && pick(weight, va), group: groupsOf(true) }];
    }
    this.booster = train(this.boosterParams(params), dtrain, { evals, onIteration });
  }

  /** Raw scores [rows, outputs]. */
  predictRaw(x: MatrixInput): Float64Array {
    return this.fitted.predictRaw(x);
  }

  /** Feature importances, normalised to sum to 1 (scikit-learn's feature_importances_). */
  featureImportances(type: ImportanceType = 'gain'): Float64Array {
    const imp = this.fitted.featureImportance(type);
    const s = imp.reduce((a, b) => a + b, 0);
    return s > 0 ? imp.map((v) => v / s) : imp;
  }

  /** TreeSHAP values [rows, outputs, features + 1]; see Booster.shap. */
  shap(x: MatrixInput): Float64Array {
    return this.fitted.shap(x);
  }

  /** The best round found by early stopping (0-based). */
  get bestIteration(): number {
    return this.fitted.info.bestIteration;
  }
}

/**
 * Gradient-boosted regression trees (squared error unless `objective` says absoluteerror, huber,
 * quantile or poisson). Example: new GradientBoostingRegressor({ nEstimators: 200 }).fit(X, y).predict(X2)
 */
export class GradientBoostingRegressor extends Estimator {
  fit(x: MatrixInput, y: ArrayLike<number>, opts: FitOptions = {}): this {
    const evals = (opts.evalSet ?? []).map((e, i) => ({ name: e.name ?? `valid_${i}`, X: e.X, y: Array.from(e.y, Number) }));
    this.trainOn(toMatrix(x), Array.from(y), opts.sampleWeight && Array.from(opts.sampleWeight), undefined, evals,
      { objective: this.options.objective ?? 'squarederror' }, opts.onIteration);
    return this;
  }

  predict(x: MatrixInput): Float64Array {
    return this.fitted.predict(x);
  }

  toJSON(): { estimator: 'regressor'; options: EstimatorOptions; booster: BoosterJSON } {
    return { estimator: 'regressor', options: this.options, booster: this.fitted.toJSON() };
  }

  static fromJSON(j: ReturnType<GradientBoostingRegressor['toJSON']>): GradientBoostingRegressor {
    const e = new GradientBoostingRegressor(j.options);
    e.booster = Booster.fromJSON(j.booster);
    return e;
  }
}

/**
 * Binary (log loss) or multiclass (softmax) classification; labels may be numbers or strings.
 * Example: const c = new GradientBoostingClassifier({ nEstimators: 100 }).fit(X, y);
 *          c.predictProba(X2) // [rows, classes]; c.predict(X2) // labels
 */
export class GradientBoostingClassifier extends Estimator {
  classes: (number | string)[] = [];

  fit(x: MatrixInput, y: ArrayLike<number | string>, opts: FitOptions = {}): this {
    const labels = Array.from(y);
    this.classes = [...new Set(labels)].sort((a, b) =>
      typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)));
    const K = this.classes.length;
    if (K < 2) throw new Error(`GradientBoostingClassifier: the target has ${K} class; need at least 2`);
    const code = new Map(this.classes.map((c, i) => [c, i]));
    const encode = (ys: ArrayLike<number | string>) => Array.from(ys, (v) => {
      const c = code.get(v);
      if (c === undefined) throw new Error(`GradientBoostingClassifier: label ${String(v)} not seen in training`);
      return c;
    });
    const yc = encode(labels);
    let weight = opts.sampleWeight ? Array.from(opts.sampleWeight) : undefined;
    const cw = this.options.classWeight;
    if (cw) {
      const counts = new Array<number>(K).fill(0);
      yc.forEach((c) => counts[c]++);
      const per = this.classes.map((c, i) => (cw === 'balanced' ? yc.length / (K * counts[i]) : (cw[String(c)] ?? 1)));
      weight = yc.map((c, i) => per[c] * (weight ? weight[i] : 1));
    }
    const evals = (opts.evalSet ?? []).map((e, i) => ({ name: e.name ?? `valid_${i}`, X: e.X, y: encode(e.y) }));
    const objective = K === 2 ? 'binary' : 'multiclass';
    this.trainOn(toMatrix(x), yc, weight, undefined, evals, { objective, numClass: K === 2 ? 0 : K }, opts.onIteration);
    return this;
  }

  /** Class probabilities, row-major [rows, classes]. */
  predictProba(x: MatrixInput): Float64Array {
    const p = this.fitted.predict(x);
    if (this.classes.length > 2) return p;
    const out = new Float64Array(p.length * 2);
    p.forEach((v, i) => {
      out[2 * i] = 1 - v;
      out[2 * i + 1] = v;
    });
    return out;
  }

  /** The most probable label of each row. */
  predict(x: MatrixInput): (number | string)[] {
    const p = this.predictProba(x);
    const K = this.classes.length;
    return Array.from({ length: p.length / K }, (_, i) => {
      let best = 0;
      for (let k = 1; k < K; k++) if (p[i * K + k] > p[i * K + best]) best = k;
      return this.classes[best];
    });
  }

  toJSON(): { estimator: 'classifier'; options: EstimatorOptions; classes: (number | string)[]; booster: BoosterJSON } {
    return { estimator: 'classifier', options: this.options, classes: this.classes, booster: this.fitted.toJSON() };
  }

  static fromJSON(j: ReturnType<GradientBoostingClassifier['toJSON']>): GradientBoostingClassifier {
    const e = new GradientBoostingClassifier(j.options);
    e.classes = j.classes;
    e.booster = Booster.fromJSON(j.booster);
    return e;
  }
}

/**
 * Learning to rank with LambdaRank (NDCG): rows come in consecutive query groups whose sizes are
 * given by `group`; y is the graded relevance. Higher predicted scores rank first.
 * Example: new GradientBoostingRanker({ nEstimators: 100 }).fit(X, y, { group: [10, 7, 12] }).predict(X2)
 */
export class GradientBoostingRanker extends Estimator {
  fit(x: MatrixInput, y: ArrayLike<number>, opts: FitOptions & { group: ArrayLike<number> }): this {
    if (!opts?.group) throw new Error('GradientBoostingRanker: fit needs { group } (sizes of consecutive query groups)');
    const evals = (opts.evalSet ?? []).map((e, i) => {
      if (!e.group) throw new Error(`GradientBoostingRanker: evalSet ${i} needs a group`);
      return { name: e.name ?? `valid_${i}`, X: e.X, y: Array.from(e.y, Number), group: e.group };
    });
    this.trainOn(toMatrix(x), Array.from(y), opts.sampleWeight && Array.from(opts.sampleWeight), Array.from(opts.group),
      evals, { objective: this.options.objective ?? 'lambdarank' }, opts.onIteration);
    return this;
  }

  /** Ranking scores (higher first). */
  predict(x: MatrixInput): Float64Array {
    return this.fitted.predict(x);
  }

  toJSON(): { estimator: 'ranker'; options: EstimatorOptions; booster: BoosterJSON } {
    return { estimator: 'ranker', options: this.options, booster: this.fitted.toJSON() };
  }

  static fromJSON(j: ReturnType<GradientBoostingRanker['toJSON']>): GradientBoostingRanker {
    const e = new GradientBoostingRanker(j.options);
    e.booster = Booster.fromJSON(j.booster);
    return e;
  }
}
