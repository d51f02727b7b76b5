import { toMatrix, type MatrixInput } from './matrix.js';
import { makeObjective, type Objective } from './objectives.js';
import { treeShap } from './shap.js';
import { Tree, type TreeData } from './tree.js';

/** What a saved model holds besides its trees. */
export interface BoosterInfo {
  /** canonical objective name ('custom' for user objectives, which predict raw scores after loading) */
  objective: string;
  /** outputs per row: classes for multiclass, else 1 */
  outputs: number;
  baseScore: number[];
  nFeatures: number;
  featureNames?: string[];
  /** 0-based round with the best evaluation score under early stopping; predictions stop there */
  bestIteration: number;
  bestScore?: number;
  /** evaluation history: set name → metric → value per round */
  evalHistory: Record<string, Record<string, number[]>>;
  /** objective parameters needed to transform raw scores */
  objectiveParams: { numClass?: number; huberDelta?: number; quantileAlpha?: number };
}

/** The JSON form of a booster (Booster.toJSON / Booster.fromJSON). */
export interface BoosterJSON extends BoosterInfo {
  format: 'perceptio-boost';
  version: 1;
  trees: TreeData[];
}

export type ImportanceType = 'split' | 'gain' | 'cover';

/**
 * A trained ensemble: trees[r · outputs + k] is round r's tree for output k, and the raw score of
 * a row is baseScore[k] + Σ_r tree(r, k)(x).
 * Example: const b = train({ objective: 'binary' }, { X, y }); b.predict(Xtest) // probabilities
 */
export class Booster {
  private objectiveFn: Objective | null = null;

  constructor(readonly trees: Tree[], readonly info: BoosterInfo, objective?: Objective) {
    this.objectiveFn = objective ?? null;
  }

  /** Rounds in the model. */
  get rounds(): number {
    return this.trees.length / this.info.outputs;
  }

  private roundsToUse(iterations?: number): number {
    if (iterations !== undefined) return Math.min(iterations, this.rounds);
    return Math.min(this.info.bestIteration + 1, this.rounds);
  }

  /** Raw scores [rows, outputs] (log-odds, logits, …) using the first `iterations` rounds (default: up to the best). */
  predictRaw(x: MatrixInput, { iterations }: { iterations?: number } = {}): Float64Array {
    const m = toMatrix(x, this.info.nFeatures);
    const K = this.info.outputs;
    const out = new Float64Array(m.rows * K);
    for (let r = 0; r < m.rows; r++) for (let k = 0; k < K; k++) out[r * K + k] = this.info.baseScore[k];
    const R = this.roundsToUse(iterations);
    for (let t = 0; t < R * K; t++) this.trees[t].addPredictions(m, out, K, t % K);
    return out;
  }

  /** Predictions on the objective's scale: probabilities (binary, [rows, classes] for multiclass), means, scores. */
  predict(x: MatrixInput, opts: { iterations?: number } = {}): Float64Array {
    const raw = this.predictRaw(x, opts);
    const obj = this.objective();
    return obj ? obj.transform(raw) : raw;
  }

  private objective(): Objective | null {
    if (this.objectiveFn === null && this.info.objective !== 'custom')
      this.objectiveFn = makeObjective(this.info.objective, this.info.objectiveParams);
    return this.objectiveFn;
  }

  /**
   * Feature importance per input column: 'split' counts the splits on it, 'gain' sums their loss
   * reductions, 'cover' sums the hessians of the rows they split.
   */
  featureImportance(type: ImportanceType = 'gain', { iterations }: { iterations?: number } = {}): Float64Array {
    const out = new Float64Array(this.info.nFeatures);
    const R = this.roundsToUse(iterations) * this.info.outputs;
    for (let t = 0; t < R; t++) {
      const tree = this.trees[t];
      for (let n = 0; n < tree.nodeCount; n++) {
        if (tree.left[n] < 0) continue;
        out[tree.feature[n]] += type === 'split' ? 1 : type === 'gain' ? tree.gain[n] : tree.cover[n];
      }
    }
    return out;
  }

  /**
   * Exact TreeSHAP contributions [rows, outputs, nFeatures + 1]: for each row and output the
   * feature attributions, then the expected value in the last slot; they sum to the raw score.
   */
  shap(x: MatrixInput, { iterations }: { iterations?: number } = {}): Float64Array {
    const m = toMatrix(x, this.info.nFeatures);
    const K = this.info.outputs;
    const F = this.info.nFeatures;
    const out = new Float64Array(m.rows * K * (F + 1));
    const R = this.roundsToUse(iterations);
    const phi = new Float64Array(F + 1);
    for (let r = 0; r < m.rows; r++) {
      const row = m.data.subarray(r * m.cols, (r + 1) * m.cols);
      for (let k = 0; k < K; k++) {
        phi.fill(0);
        phi[F] = this.info.baseScore[k];
        for (let t = 0; t < R; t++) treeShap(this.trees[t * K + k], row, phi);
        out.set(phi, (r * K + k) * (F + 1));
      }
    }
    return out;
  }

  /** Readable text of every tree, XGBoost's dump format (`booster[0]:` then one node per line). */
  dump({ iterations }: { iterations?: number } = {}): string {
    const R = this.roundsToUse(iterations) * this.info.outputs;
    const parts: string[] = [];
    for (let t = 0; t < R; t++) parts.push(`booster[${t}]:\n${this.trees[t].dump(this.info.featureNames)}`);
    return parts.join('\n') + '\n';
  }

  /** A plain object for JSON.stringify; doubles survive the round trip exactly. */
  toJSON(): BoosterJSON {
    return { format: 'perceptio-boost', version: 1, ...this.info, trees: this.trees.map((t) => t.data) };
  }

  /** Loads a model saved with toJSON (object or JSON text). */
  static fromJSON(json: BoosterJSON | string): Booster {
    const j = (typeof json === 'string' ? JSON.parse(json) : json) as BoosterJSON;
    if (j.format !== 'perceptio-boost') throw new Error(`boost: not a Perceptio boosting model (format ${j.format})`);
    if (j.version !== 1) throw new Error(`boost: unsupported model version ${j.version}`);
    const { trees, format: _f, version: _v, ...info } = j;
    const fixed = trees.map((t) => ({ ...t, threshold: t.threshold.map((v) => (v === null ? Number.MAX_VALUE : v)) }));
    return new Booster(fixed.map((t) => new Tree(t)), info);
  }
}
