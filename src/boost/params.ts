import type { CustomObjective } from './objectives.js';

/**
 * Training parameters. Names are camelCase; XGBoost's and LightGBM's snake_case names are accepted
 * as aliases by normalizeParams (`eta`, `max_depth`, `num_leaves`, `reg_lambda`, `colsample_bytree`…).
 */
export interface BoostParams {
  /** a name (squarederror, absoluteerror, huber, quantile, poisson, binary, multiclass, lambdarank, or an
   * XGBoost alias such as 'binary:logistic') or a custom objective; default squarederror */
  objective: string | CustomObjective;
  /** boosting rounds (num_boost_round); default 100 */
  nEstimators: number;
  /** shrinkage η applied to every leaf; default 0.1 */
  learningRate: number;
  /** 0 = unlimited; default 6 */
  maxDepth: number;
  /** 0 = unlimited; default 0 (31 is LightGBM's usual choice with growPolicy 'lossguide') */
  maxLeaves: number;
  growPolicy: 'depthwise' | 'lossguide';
  /** minimum hessian sum in a child; default 1 */
  minChildWeight: number;
  /** minimum rows in a child, estimated from hessians as LightGBM does; default 1 */
  minSamplesLeaf: number;
  /** minimum loss reduction to split (XGBoost's gamma); default 0 */
  minSplitGain: number;
  /** L2 penalty on leaf weights; default 1 */
  lambda: number;
  /** L1 penalty on leaf weights; default 0 */
  alpha: number;
  /** clip |leaf weight| to this before shrinkage; 0 = off (default; 0.7 for poisson) */
  maxDeltaStep: number;
  /** fraction of rows sampled per tree; default 1 */
  subsample: number;
  /** fraction of features sampled per tree; default 1 */
  colsampleBytree: number;
  /** histogram bins per feature including the missing-value bin; default 256 */
  maxBins: number;
  /** columns holding non-negative integer category codes */
  categoricalFeatures: number[];
  /** categorical features with at most this many categories split one-vs-rest; default 4 */
  maxCatToOnehot: number;
  /** added to hessians when ordering categories by G/H; default 10 */
  catSmooth: number;
  /** per feature: +1 increasing, −1 decreasing, 0 free */
  monotoneConstraints: number[];
  /** classes for multiclass */
  numClass: number;
  huberDelta: number;
  quantileAlpha: number;
  /** lambdarank: only pairs with an item in the current top this many (LightGBM's truncation level); default 30 */
  lambdarankTruncation: number;
  /** metrics reported on evaluation sets; default the objective's */
  evalMetric: string | string[];
  /** stop when the last evaluation set's first metric has not improved for this many rounds; 0 = off */
  earlyStoppingRounds: number;
  /** starting raw score; default the objective's best constant */
  baseScore: number | null;
  seed: number;
  /**
   * build histograms from gradients quantized to ~8 bits with stochastic rounding, packed so each
   * histogram slot takes one add (2–3× faster; leaf values stay exact); default false
   */
  quantizedGradients: boolean;
  /**
   * threads building histograms (worker threads over disjoint feature ranges); default 1. More than
   * one needs shared WebAssembly memory and a thread that may block: Node, not a browser's main
   * thread, where training quietly uses one
   */
  nThreads: number;
  /** print the evaluation every this many rounds; 0 = silent */
  verbose: number;
}

export const defaultParams: BoostParams = {
  objective: 'squarederror', nEstimators: 100, learningRate: 0.1, maxDepth: 6, maxLeaves: 0,
  growPolicy: 'depthwise', minChildWeight: 1, minSamplesLeaf: 1, minSplitGain: 0, lambda: 1, alpha: 0,
  maxDeltaStep: 0, subsample: 1, colsampleBytree: 1, maxBins: 256, categoricalFeatures: [], maxCatToOnehot: 4,
  catSmooth: 10, monotoneConstraints: [], numClass: 0, huberDelta: 1, quantileAlpha: 0.5, lambdarankTruncation: 30, evalMetric: [],
  earlyStoppingRounds: 0, baseScore: null, seed: 0, quantizedGradients: false, nThreads: 1, verbose: 0,
};

const aliases: Record<string, keyof BoostParams> = {
  num_boost_round: 'nEstimators', n_estimators: 'nEstimators', num_iterations: 'nEstimators',
  eta: 'learningRate', learning_rate: 'learningRate', max_depth: 'maxDepth', max_leaves: 'maxLeaves',
  num_leaves: 'maxLeaves', max_leaf_nodes: 'maxLeaves', grow_policy: 'growPolicy',
  min_child_weight: 'minChildWeight', min_sum_hessian_in_leaf: 'minChildWeight',
  min_child_samples: 'minSamplesLeaf', min_data_in_leaf: 'minSamplesLeaf', min_samples_leaf: 'minSamplesLeaf',
  gamma: 'minSplitGain', min_split_loss: 'minSplitGain', min_split_gain: 'minSplitGain',
  reg_lambda: 'lambda', lambda_l2: 'lambda', l2_regularization: 'lambda', reg_alpha: 'alpha', lambda_l1: 'alpha',
  max_delta_step: 'maxDeltaStep', bagging_fraction: 'subsample', colsample_bytree: 'colsampleBytree',
  feature_fraction: 'colsampleBytree', max_bin: 'maxBins', max_bins: 'maxBins',
  categorical_feature: 'categoricalFeatures', max_cat_to_onehot: 'maxCatToOnehot', cat_smooth: 'catSmooth',
  monotone_constraints: 'monotoneConstraints', num_class: 'numClass', huber_slope: 'huberDelta',
  quantile_alpha: 'quantileAlpha', lambdarank_truncation_level: 'lambdarankTruncation', eval_metric: 'evalMetric', metric: 'evalMetric',
  early_stopping_rounds: 'earlyStoppingRounds', base_score: 'baseScore', random_state: 'seed',
  use_quantized_grad: 'quantizedGradients', nthread: 'nThreads', n_jobs: 'nThreads', num_threads: 'nThreads', verbose_eval: 'verbose',
};

/**
 * Fills defaults and maps snake_case aliases; unknown names are an error, not silently ignored.
 * Example: normalizeParams({ objective: 'binary:logistic', eta: 0.1, max_depth: 6 })
 */
export function normalizeParams(raw: Partial<BoostParams> | Record<string, unknown> = {}): BoostParams {
  const out: Record<string, unknown> = { ...defaultParams };
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const name = key in defaultParams ? key : aliases[key];
    if (!name) throw new Error(`boost: unknown parameter '${key}'`);
    out[name] = value;
  }
  const p = out as unknown as BoostParams;
  const positive = ['nEstimators', 'learningRate', 'maxBins', 'subsample', 'colsampleBytree', 'nThreads'] as const;
  for (const k of positive)
    if (!(typeof p[k] === 'number' && p[k] > 0)) throw new Error(`boost: ${k} must be a positive number, got ${p[k]}`);
  if (p.subsample > 1 || p.colsampleBytree > 1) throw new Error('boost: subsample and colsampleBytree must be ≤ 1');
  if (p.growPolicy !== 'depthwise' && p.growPolicy !== 'lossguide')
    throw new Error(`boost: growPolicy must be 'depthwise' or 'lossguide', got '${p.growPolicy}'`);
  if (p.lambda < 0 || p.alpha < 0) throw new Error('boost: lambda and alpha must be ≥ 0');
  if (!Number.isInteger(p.nThreads)) throw new Error(`boost: nThreads must be an integer, got ${p.nThreads}`);
  return p;
}
