import { accuracy, confusionMatrix, precisionRecallF1 } from '../train/metrics.js';
import { TextClassifier, type TextClassifierOptions } from './pipeline.js';
import { mulberry32 } from './random.js';

export interface Evaluation {
  accuracy: number;
  macroF1: number;
  weightedF1: number;
  /** per class: precision, recall, F1, support */
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  /** rows = true class, columns = predicted, in the order of `classes` */
  confusion: number[][];
  classes: string[];
}

/**
 * Scores predictions against true labels: accuracy, per-class precision/recall/F1, macro and
 * support-weighted F1, confusion matrix (metrics from src/train/metrics.ts).
 * Example: evaluate(['a', 'b'], ['a', 'a']).accuracy // 0.5
 */
export function evaluate(yTrue: string[], yPred: string[], classes = [...new Set([...yTrue, ...yPred])].sort()): Evaluation {
  const index = new Map(classes.map((c, i) => [c, i]));
  const t = yTrue.map((l) => index.get(l) ?? -1);
  const p = yPred.map((l) => index.get(l) ?? -1);
  const k = classes.length;
  const per = precisionRecallF1(t, p, { average: 'none', nClasses: k });
  return {
    accuracy: accuracy(t, p),
    macroF1: precisionRecallF1(t, p, { average: 'macro', nClasses: k }).f1,
    weightedF1: precisionRecallF1(t, p, { average: 'weighted', nClasses: k }).f1,
    perClass: Object.fromEntries(
      classes.map((c, i) => [c, { precision: per.precision[i], recall: per.recall[i], f1: per.f1[i], support: per.support[i] }]),
    ),
    confusion: confusionMatrix(t, p, k),
    classes,
  };
}

/**
 * Stratified k-fold split: each class's (shuffled) indices dealt round-robin over the folds, so
 * every fold keeps the class proportions. Returns the test indices of each fold.
 */
export function stratifiedFolds(labels: string[], folds: number, seed = 0): number[][] {
  if (!(Number.isInteger(folds) && folds >= 2)) throw new Error(`stratifiedFolds: folds must be an integer ≥ 2, got ${folds}`);
  const rand = mulberry32(seed);
  const byClass = new Map<string, number[]>();
  labels.forEach((l, i) => byClass.set(l, [...(byClass.get(l) ?? []), i]));
  const out: number[][] = Array.from({ length: folds }, () => []);
  let next = 0;
  for (const key of [...byClass.keys()].sort()) {
    const idx = byClass.get(key)!;
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    for (const i of idx) out[next++ % folds].push(i);
  }
  return out.map((f) => f.sort((a, b) => a - b));
}

export interface CrossValidation {
  folds: Evaluation[];
  accuracy: number;
  macroF1: number;
  weightedF1: number;
}

/**
 * k-fold cross-validation of a pipeline configuration: fits on k − 1 folds, scores the held-out
 * one, averages. Example: crossValidate({ model: { kind: 'nb' } }, texts, labels, { folds: 5 }).accuracy
 */
export function crossValidate(
  options: TextClassifierOptions,
  texts: string[],
  labels: string[],
  { folds = 5, seed = 0 }: { folds?: number; seed?: number } = {},
): CrossValidation {
  const split = stratifiedFolds(labels, folds, seed);
  const classes = [...new Set(labels)].sort();
  const results = split.map((test) => {
    const isTest = new Uint8Array(texts.length);
    for (const i of test) isTest[i] = 1;
    const trainIdx = texts.map((_, i) => i).filter((i) => !isTest[i]);
    const clf = new TextClassifier(options).fit(trainIdx.map((i) => texts[i]), trainIdx.map((i) => labels[i]));
    return evaluate(test.map((i) => labels[i]), clf.predict(test.map((i) => texts[i])), classes);
  });
  const mean = (f: (e: Evaluation) => number) => results.reduce((s, e) => s + f(e), 0) / results.length;
  return { folds: results, accuracy: mean((e) => e.accuracy), macroF1: mean((e) => e.macroF1), weightedF1: mean((e) => e.weightedF1) };
}

export interface GridResult {
  options: TextClassifierOptions;
  /** the settings that differ from the base, as dotted paths */
  params: Record<string, unknown>;
  score: number;
  cv: CrossValidation;
}

/**
 * Grid search over pipeline settings by cross-validation. The grid maps dotted option paths to
 * the values to try; every combination is scored, best first.
 * Example: gridSearch({ model: { kind: 'logistic' } }, { 'model.C': [1, 4], 'analyzer.stem': [false, true] }, texts, labels)
 */
export function gridSearch(
  base: TextClassifierOptions,
  grid: Record<string, unknown[]>,
  texts: string[],
  labels: string[],
  { folds = 3, seed = 0, metric = 'accuracy' }: { folds?: number; seed?: number; metric?: 'accuracy' | 'macroF1' | 'weightedF1' } = {},
): GridResult[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const [path, values] of Object.entries(grid)) combos = combos.flatMap((c) => values.map((v) => ({ ...c, [path]: v })));
  return combos
    .map((params) => {
      const options = structuredClone(base) as Record<string, unknown>;
      for (const [path, v] of Object.entries(params)) setPath(options, path, v);
      const cv = crossValidate(options as TextClassifierOptions, texts, labels, { folds, seed });
      return { options: options as TextClassifierOptions, params, score: cv[metric], cv };
    })
    .sort((a, b) => b.score - a.score);
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const key of keys.slice(0, -1)) {
    if (typeof o[key] !== 'object' || o[key] === null) o[key] = {};
    o = o[key] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]] = value;
}
