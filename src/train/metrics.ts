/** Any flat numeric sequence: plain arrays and the typed arrays tensors and boosters hand back. */
export type Numbers = ArrayLike<number>;

function checkLengths(name: string, a: Numbers, b: { length: number }): void {
  if (a.length !== b.length) throw new Error(`${name}: lengths differ: ${a.length} vs ${b.length}`);
  if (a.length === 0) throw new Error(`${name}: empty input`);
}

/**
 * Fraction of positions where the labels agree: (1/n) Σ [yTrue_i = yPred_i].
 * Example: accuracy([0, 1, 1], [0, 1, 0]) // 0.6667
 */
export function accuracy(yTrue: Numbers, yPred: Numbers): number {
  checkLengths('accuracy', yTrue, yPred);
  let hit = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hit++;
  return hit / yTrue.length;
}

/**
 * Counts C[t][p] = #{i : yTrue_i = t, yPred_i = p}; rows are true classes, as in scikit-learn.
 * Example: confusionMatrix([0, 1, 1], [0, 0, 1]) // [[1, 0], [1, 1]]
 */
export function confusionMatrix(yTrue: Numbers, yPred: Numbers, nClasses?: number): number[][] {
  checkLengths('confusionMatrix', yTrue, yPred);
  let k = nClasses ?? 0;
  if (nClasses === undefined) for (let i = 0; i < yTrue.length; i++) k = Math.max(k, yTrue[i] + 1, yPred[i] + 1);
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (!(Number.isInteger(t) && Number.isInteger(p) && t >= 0 && p >= 0 && t < k && p < k))
      throw new Error(`confusionMatrix: label out of range [0, ${k}) at ${i}: true ${t}, predicted ${p}`);
    m[t][p]++;
  }
  return m;
}

export interface PrecisionRecallF1<T> {
  precision: T;
  recall: T;
  f1: T;
  /** number of true samples per class (total for averages) */
  support: T;
}

/**
 * Per-class precision TP/(TP+FP), recall TP/(TP+FN) and F1 = 2PR/(P+R) (0 where undefined, as
 * scikit-learn's zero_division=0); 'macro' averages classes equally, 'weighted' by support.
 * Example: precisionRecallF1([0, 1, 1], [0, 0, 1], { average: 'macro' }).f1 // 0.6667
 */
export function precisionRecallF1(
  yTrue: Numbers, yPred: Numbers, opts: { average: 'none'; nClasses?: number },
): PrecisionRecallF1<number[]>;
export function precisionRecallF1(
  yTrue: Numbers, yPred: Numbers, opts?: { average?: 'macro' | 'weighted'; nClasses?: number },
): PrecisionRecallF1<number>;
export function precisionRecallF1(
  yTrue: Numbers,
  yPred: Numbers,
  { average = 'macro', nClasses }: { average?: 'macro' | 'weighted' | 'none'; nClasses?: number } = {},
): PrecisionRecallF1<number[]> | PrecisionRecallF1<number> {
  const m = confusionMatrix(yTrue, yPred, nClasses);
  const k = m.length;
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  for (let c = 0; c < k; c++) {
    let predicted = 0;
    let actual = 0;
    for (let j = 0; j < k; j++) {
      predicted += m[j][c];
      actual += m[c][j];
    }
    const tp = m[c][c];
    const p = predicted ? tp / predicted : 0;
    const r = actual ? tp / actual : 0;
    precision.push(p);
    recall.push(r);
    f1.push(p + r ? (2 * p * r) / (p + r) : 0);
    support.push(actual);
  }
  if (average === 'none') return { precision, recall, f1, support };
  const n = support.reduce((a, b) => a + b, 0);
  const w = support.map((s) => (average === 'weighted' ? s / n : 1 / k));
  const avg = (xs: number[]) => xs.reduce((a, x, i) => a + x * w[i], 0);
  return { precision: avg(precision), recall: avg(recall), f1: avg(f1), support: n };
}

/** Mean squared error (1/n) Σ (y − ŷ)². Example: mse([1, 2], [1, 4]) // 2 */
export function mse(yTrue: Numbers, yPred: Numbers): number {
  checkLengths('mse', yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (yTrue[i] - yPred[i]) ** 2;
  return s / yTrue.length;
}

/** Root mean squared error √mse. Example: rmse([1, 2], [1, 4]) // 1.4142 */
export function rmse(yTrue: Numbers, yPred: Numbers): number {
  return Math.sqrt(mse(yTrue, yPred));
}

/** Mean absolute error (1/n) Σ |y − ŷ|. Example: mae([1, 2], [1, 4]) // 1 */
export function mae(yTrue: Numbers, yPred: Numbers): number {
  checkLengths('mae', yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += Math.abs(yTrue[i] - yPred[i]);
  return s / yTrue.length;
}

/**
 * Coefficient of determination 1 − Σ(y − ŷ)² / Σ(y − ȳ)²; a constant yTrue gives 1 when predicted
 * exactly and 0 otherwise, as scikit-learn. Example: r2([1, 2, 3], [1, 2, 4]) // 0.5
 */
export function r2(yTrue: Numbers, yPred: Numbers): number {
  checkLengths('r2', yTrue, yPred);
  let mean = 0;
  for (let i = 0; i < yTrue.length; i++) mean += yTrue[i];
  mean /= yTrue.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < yTrue.length; i++) {
    ssRes += (yTrue[i] - yPred[i]) ** 2;
    ssTot += (yTrue[i] - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

/**
 * Cross-entropy −(1/n) Σ log p(yᵢ). Binary: prob[i] = P(y = 1), term y log p + (1 − y) log(1 − p);
 * multiclass: prob[i] is a row of class probabilities and yTrue holds class indices. Probabilities
 * are clipped to [1e-15, 1 − 1e-15] so a confident mistake costs ~34.5, not ∞ (as scikit-learn).
 * Example: logLoss([1, 0], [0.9, 0.2]) // 0.1643
 */
export function logLoss(yTrue: Numbers, prob: Numbers | ArrayLike<Numbers>): number {
  checkLengths('logLoss', yTrue, prob);
  const eps = 1e-15;
  const clip = (p: number) => Math.min(1 - eps, Math.max(eps, p));
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const row = prob[i];
    if (typeof row === 'number') {
      const p = clip(row);
      s += yTrue[i] ? Math.log(p) : Math.log(1 - p);
    } else {
      const c = yTrue[i];
      if (!(c >= 0 && c < row.length)) throw new Error(`logLoss: class ${c} out of range at ${i}`);
      s += Math.log(clip(row[c]));
    }
  }
  return -s / yTrue.length;
}

/**
 * Area under the ROC curve by the rank-sum (Mann–Whitney) formula
 * AUC = (Σ_{positives} rank − n₊(n₊+1)/2) / (n₊ n₋), tied scores sharing their average rank.
 * yTrue is 0/1 (any value > 0 counts as positive). Example: auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.75
 */
export function auc(yTrue: Numbers, score: Numbers): number {
  checkLengths('auc', yTrue, score);
  const n = yTrue.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => score[a] - score[b]);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && score[order[j + 1]] === score[order[i]]) j++;
    const rank = (i + j) / 2 + 1; // ranks are 1-based; ties get the mean of i+1 … j+1
    for (let t = i; t <= j; t++) if (yTrue[order[t]] > 0) {
      rankSumPos += rank;
      nPos++;
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) throw new Error(`auc: needs both classes, got ${nPos} positives and ${nNeg} negatives`);
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** DCG@k = Σ_{i<k} (2^{relᵢ} − 1) / log₂(i + 2), the exponential gain of XGBoost and LightGBM. */
function dcg(rel: ArrayLike<number>, k: number): number {
  let s = 0;
  for (let i = 0; i < Math.min(k, rel.length); i++) s += (2 ** rel[i] - 1) / Math.log2(i + 2);
  return s;
}

/**
 * NDCG@k of relevances listed in ranked order: DCG@k / DCG@k of the same relevances sorted
 * descending, with gain 2^rel − 1; a list without relevant items scores 1 (as XGBoost).
 * Example: ndcgAtK([0, 1], 2) // 0.6309
 */
export function ndcgAtK(relevances: Numbers, k: number): number {
  const ideal = Array.from(relevances).sort((a, b) => b - a);
  const best = dcg(ideal, k);
  return best === 0 ? 1 : dcg(relevances, k) / best;
}

/** Indices sorted by descending score; ties keep input order so results are reproducible. */
function rankByScore(score: Numbers): number[] {
  return Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[b] - score[a] || a - b);
}

/**
 * NDCG@k of one query: items ranked by descending score, judged by their true relevance.
 * Example: ndcgForScores([3, 0, 1], [0.1, 0.9, 0.5], 3) // items ordered 1, 2, 0
 */
export function ndcgForScores(relevance: Numbers, score: Numbers, k: number): number {
  checkLengths('ndcgForScores', relevance, score);
  return ndcgAtK(rankByScore(score).map((i) => relevance[i]), k);
}

/**
 * Average precision at k of relevances in ranked order (relevant = rel > 0):
 * AP@k = (1 / min(k, R)) Σ_{i<k, relᵢ>0} precision@(i+1), R = number of relevant items;
 * 0 when nothing is relevant. Example: mapAtK([1, 0, 1], 3) // (1 + 2/3) / 2 = 0.8333
 */
export function mapAtK(relevances: Numbers, k: number): number {
  let total = 0;
  for (let i = 0; i < relevances.length; i++) if (relevances[i] > 0) total++;
  if (total === 0) return 0;
  let hits = 0;
  let s = 0;
  for (let i = 0; i < Math.min(k, relevances.length); i++) {
    if (relevances[i] > 0) {
      hits++;
      s += hits / (i + 1);
    }
  }
  return s / Math.min(k, total);
}

/** AP@k of one query with items ranked by descending score (see mapAtK). */
export function mapForScores(relevance: Numbers, score: Numbers, k: number): number {
  checkLengths('mapForScores', relevance, score);
  return mapAtK(rankByScore(score).map((i) => relevance[i]), k);
}

/**
 * Mean of a per-query ranking metric over consecutive groups (sizes in `group`), the layout of
 * XGBoost's and LightGBM's query groups. Example: meanOverGroups([1, 0, 0, 1], [.9, .1, .2, .8], [2, 2], ndcgForScores, 10)
 */
export function meanOverGroups(
  relevance: Numbers,
  score: Numbers,
  group: ArrayLike<number>,
  metric: (rel: Numbers, score: Numbers, k: number) => number,
  k: number,
): number {
  checkLengths('meanOverGroups', relevance, score);
  let start = 0;
  let s = 0;
  for (let g = 0; g < group.length; g++) {
    const end = start + group[g];
    s += metric(slice(relevance, start, end), slice(score, start, end), k);
    start = end;
  }
  if (start !== relevance.length)
    throw new Error(`meanOverGroups: group sizes sum to ${start}, expected ${relevance.length}`);
  return s / group.length;
}

function slice(a: Numbers, start: number, end: number): number[] {
  const out = new Array<number>(end - start);
  for (let i = start; i < end; i++) out[i - start] = a[i];
  return out;
}
