import { binMatrix, fitBins, type BinnedMatrix } from './binning.js';
import { Booster, type BoosterInfo } from './booster.js';
import { evalMetric, type EvalMetric } from './eval.js';
import { growTree, type GrowBuffers, type GrowParams } from './grow.js';
import { toMatrix, type Matrix, type MatrixInput } from './matrix.js';
import { customObjective, makeObjective, weightedQuantile, type Objective } from './objectives.js';
import { normalizeParams, type BoostParams } from './params.js';
import { makeQuantizer, quantize } from './quantize.js';
import { Tree } from './tree.js';
import { createWorkspace, type Workspace } from './workspace.js';

/** Training or evaluation data: features, target, optional sample weights and query group sizes. */
export interface DataSet {
  X: MatrixInput;
  y: ArrayLike<number>;
  weight?: ArrayLike<number>;
  /** sizes of consecutive query groups (ranking) */
  group?: ArrayLike<number>;
  featureNames?: string[];
}

export interface EvalSet extends DataSet {
  name: string;
}

/** What onIteration receives after each round. */
export interface IterationInfo {
  iteration: number;
  /** set name → metric → value this round */
  scores: Record<string, Record<string, number>>;
  elapsedMs: number;
}

export interface TrainOptions {
  /** evaluated each round; early stopping watches the last one */
  evals?: EvalSet[];
  /** called after every round; return false to stop */
  onIteration?: (info: IterationInfo) => boolean | void;
}

/** mulberry32: a small seeded generator, so subsampling is reproducible across runs and platforms. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Prepared {
  x: Matrix;
  y: Float64Array;
  w: Float64Array | null;
  group: Int32Array | null;
}

function prepare(d: DataSet, cols?: number): Prepared {
  const x = toMatrix(d.X, cols);
  if (d.y.length !== x.rows) throw new Error(`boost: ${x.rows} rows but ${d.y.length} targets`);
  const y = Float64Array.from(d.y);
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new Error(`boost: target ${i} is ${y[i]}`);
  const w = d.weight ? Float64Array.from(d.weight) : null;
  if (w && w.length !== x.rows) throw new Error(`boost: ${x.rows} rows but ${w.length} weights`);
  return { x, y, w, group: d.group ? Int32Array.from(d.group) : null };
}

/**
 * Trains a gradient-boosted tree ensemble (XGBoost's `train(params, dtrain)`): each round fits a
 * tree to the objective's gradients on binned features and adds learningRate × its leaves.
 * Example: const b = train({ objective: 'binary', nEstimators: 200, maxDepth: 6 }, { X, y });
 *          b.predict(Xtest) // P(y = 1)
 */
export function train(params: Partial<BoostParams> | Record<string, unknown>, dtrain: DataSet,
  opts: TrainOptions = {}): Booster {
  const t0 = performance.now();
  const p = normalizeParams(params);
  const tr = prepare(dtrain);
  const { x, y } = tr;
  const n = x.rows;
  if (n === 0) throw new Error('boost: no training rows');
  const obj: Objective = typeof p.objective === 'string'
    ? makeObjective(p.objective, p)
    : customObjective(p.objective);
  if (obj.name === 'multiclass')
    for (let i = 0; i < n; i++)
      if (!(Number.isInteger(y[i]) && y[i] >= 0 && y[i] < obj.outputs))
        throw new Error(`boost: multiclass target ${i} is ${y[i]}, expected an integer in [0, ${obj.outputs})`);
  // XGBoost's safeguard for Poisson: e^f hessians are tiny where counts are zero
  const explicit = 'maxDeltaStep' in params || 'max_delta_step' in params;
  const maxDeltaStep = obj.name === 'poisson' && !explicit ? 0.7 : p.maxDeltaStep;
  const m = binMatrix(fitBins(x, { maxBins: p.maxBins, categorical: new Set(p.categoricalFeatures) }), n);
  const ws = createWorkspace(m, {
    outputs: obj.outputs, quantized: p.quantizedGradients, threads: p.nThreads, histograms: liveHistograms(p),
  });
  try {
    return boost({ ...p, maxDeltaStep }, obj, m, ws, tr, dtrain.featureNames, opts, t0);
  } finally {
    ws.close();
  }
}

/** The most histograms one tree holds at once: the widest level's nodes (or leaves), and one being built. */
function liveHistograms(p: BoostParams): number {
  if (p.growPolicy === 'lossguide' && p.maxLeaves > 0) return p.maxLeaves + 2;
  if (p.maxDepth > 0) return 2 ** Math.min(p.maxDepth - 1, 12) + 2;
  return 64;
}

/** The boosting rounds of train(), on a workspace's arrays. */
function boost(p: BoostParams, obj: Objective, m: BinnedMatrix, ws: Workspace, tr: Prepared, featureNames: string[] | undefined,
  opts: TrainOptions, t0: number): Booster {
  const { x, y, w, group } = tr;
  const n = x.rows;
  const { gh, idx } = ws;
  const K = obj.outputs;

  const monotone = new Int8Array(m.used.length);
  m.used.forEach((fb, j) => {
    const c = p.monotoneConstraints[fb.feature] ?? 0;
    if (c !== 0 && fb.categorical) throw new Error(`boost: monotone constraint on categorical feature ${fb.feature}`);
    monotone[j] = Math.sign(c);
  });
  const gp: GrowParams = {
    lambda: p.lambda, alpha: p.alpha, minChildWeight: p.minChildWeight, minSamplesLeaf: p.minSamplesLeaf,
    minSplitGain: p.minSplitGain, maxDeltaStep: p.maxDeltaStep, maxCatToOnehot: p.maxCatToOnehot, catSmooth: p.catSmooth,
    monotone, maxDepth: p.maxDepth, maxLeaves: p.maxLeaves, growPolicy: p.growPolicy, learningRate: p.learningRate,
  };

  const baseScore = p.baseScore !== null ? new Array<number>(K).fill(p.baseScore) : obj.baseScore(y, w);
  const raw = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) raw[i * K + k] = baseScore[k];
  const quant = p.quantizedGradients ? makeQuantizer(n, ws.packed) : null;
  const buffers: GrowBuffers = {
    pool: ws.pool,
    partition: ws.partition,
    goLeft: ws.goLeft,
    unpacked: new Float64Array(quant ? 2 * m.totalBins : 0),
    build: ws.build,
  };
  const rng = mulberry32(p.seed);

  const evals = (opts.evals ?? []).map((e) => ({ name: e.name, ...prepare(e, x.cols) }));
  const evalRaw = evals.map((e) => {
    const r = new Float64Array(e.x.rows * K);
    for (let i = 0; i < e.x.rows; i++) for (let k = 0; k < K; k++) r[i * K + k] = baseScore[k];
    return r;
  });
  const metricNames = [p.evalMetric].flat().filter((s) => s);
  const metrics: EvalMetric[] = (metricNames.length ? metricNames : [obj.defaultMetric]).map(evalMetric);
  const history: BoosterInfo['evalHistory'] = {};
  for (const e of evals) history[e.name] = Object.fromEntries(metrics.map((mt) => [mt.name, [] as number[]]));

  const trees: Tree[] = [];
  let best = { iteration: -1, score: NaN };
  const allCols = Int32Array.from(m.used.keys());
  for (let round = 0; round < p.nEstimators; round++) {
    obj.gradients(y, raw, w, gh, group);
    const cols = p.colsampleBytree < 1 ? sampleColumns(allCols, p.colsampleBytree, rng) : allCols;
    for (let k = 0; k < K; k++) {
      let nRows = 0;
      if (p.subsample < 1) {
        for (let i = 0; i < n; i++) if (rng() < p.subsample) idx[nRows++] = i;
      } else {
        for (let i = 0; i < n; i++) idx[i] = i;
        nRows = n;
      }
      if (quant) quantize(quant, gh[k], idx, nRows, rng);
      const grown = growTree(m, gh[k], idx, nRows, cols, gp, buffers, quant);
      if (obj.refitQuantile !== undefined) {
        // L1 and quantile losses: the best constant in a leaf is a quantile of its residuals, which a
        // Newton step on sign gradients does not reach
        for (const leaf of grown.leaves) {
          const count = leaf.end - leaf.begin;
          const res = new Float64Array(count);
          const lw = w ? new Float64Array(count) : null;
          for (let q = 0; q < count; q++) {
            const i = idx[leaf.begin + q];
            res[q] = y[i] - raw[i * K + k];
            if (lw) lw[q] = w![i];
          }
          grown.tree.value[leaf.node] = weightedQuantile(res, lw, obj.refitQuantile) * p.learningRate;
        }
      }
      const tree = new Tree(grown.tree);
      trees.push(tree);
      if (nRows === n) {
        for (const leaf of grown.leaves) {
          const v = tree.value[leaf.node];
          for (let q = leaf.begin; q < leaf.end; q++) raw[idx[q] * K + k] += v;
        }
      } else {
        tree.addPredictions(x, raw, K, k);
      }
      evals.forEach((e, s) => tree.addPredictions(e.x, evalRaw[s], K, k));
    }

    const scores: IterationInfo['scores'] = {};
    evals.forEach((e, s) => {
      const pred = obj.transform(evalRaw[s]);
      scores[e.name] = {};
      for (const mt of metrics) {
        const v = mt.compute(e.y, pred, K, e.group);
        scores[e.name][mt.name] = v;
        history[e.name][mt.name].push(v);
      }
    });
    let stop = false;
    if (evals.length) {
      const watch = metrics[0];
      const v = scores[evals[evals.length - 1].name][watch.name];
      if (best.iteration < 0 || (watch.higherIsBetter ? v > best.score : v < best.score)) best = { iteration: round, score: v };
      if (p.earlyStoppingRounds > 0 && round - best.iteration >= p.earlyStoppingRounds) stop = true;
    }
    if (p.verbose > 0 && (round % p.verbose === 0 || round === p.nEstimators - 1 || stop)) {
      const text = Object.entries(scores)
        .flatMap(([set, s]) => Object.entries(s).map(([mt, v]) => `${set}-${mt}:${v.toFixed(5)}`)).join('\t');
      console.log(`[${round}]\t${text}`);
    }
    const info: IterationInfo = { iteration: round, scores, elapsedMs: performance.now() - t0 };
    if (opts.onIteration?.(info) === false) stop = true;
    if (stop) break;
  }
  const rounds = trees.length / K;
  const info: BoosterInfo = {
    objective: obj.name,
    outputs: K,
    baseScore,
    nFeatures: x.cols,
    featureNames,
    bestIteration: p.earlyStoppingRounds > 0 && best.iteration >= 0 ? best.iteration : rounds - 1,
    bestScore: best.iteration >= 0 ? best.score : undefined,
    evalHistory: history,
    objectiveParams: { numClass: p.numClass, huberDelta: p.huberDelta, quantileAlpha: p.quantileAlpha },
  };
  return new Booster(trees, info, obj);
}

/** A sorted random subset of ⌈fraction · n⌉ columns (at least one). */
function sampleColumns(cols: Int32Array, fraction: number, rng: () => number): Int32Array {
  const a = Array.from(cols);
  const k = Math.max(1, Math.round(fraction * a.length));
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return Int32Array.from(a.slice(0, k).sort((u, v) => u - v));
}
