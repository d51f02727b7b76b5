import { noGrad } from '../autograd/engine.js';
import { tensor } from '../tensor/create.js';
import { defaultGenerator, Generator as Rng } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { Subset, type Dataset } from './dataset.js';

export interface SplitOptions {
  /** seeds a fresh generator; otherwise `generator`, else the global generator */
  seed?: number;
  generator?: Rng;
}
export interface KFoldOptions extends SplitOptions {
  /** shuffle before assigning folds (default false: contiguous folds, as scikit-learn) */
  shuffle?: boolean;
}
/** Train and test indices of one fold. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

const rngOf = (o: SplitOptions) =>
  o.seed !== undefined ? new Rng(o.seed) : (o.generator ?? defaultGenerator());
const labelsOf = (y: Tensor | ArrayLike<number>) =>
  Array.from(y instanceof Tensor ? y.values() : y);

/**
 * Part sizes from lengths (summing to n) or fractions (summing to 1): floor(n·f), then the rest
 * handed out one by one from the first part, as torch.utils.data.random_split.
 */
export function splitSizes(n: number, sizes: readonly number[]): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (sizes.some((s) => s < 0))
    throw new Error(`split: sizes must not be negative, got [${sizes.join(', ')}]`);
  if (sizes.every((s) => Number.isInteger(s)) && total === n) return [...sizes];
  if (Math.abs(total - 1) > 1e-9)
    throw new Error(
      `split: sizes [${sizes.join(', ')}] are neither lengths summing to ${n} nor fractions summing to 1`,
    );
  const out = sizes.map((f) => Math.floor(n * f));
  for (
    let i = 0, rest = n - out.reduce((a, b) => a + b, 0);
    rest > 0;
    i = (i + 1) % out.length, rest--
  )
    out[i]++;
  return out;
}

/**
 * Splits a dataset at random into parts of the given lengths or fractions.
 * Example: const [train, val] = randomSplit(ds, [0.8, 0.2], { seed: 0 });
 */
export function randomSplit<T>(
  dataset: Dataset<T>,
  sizes: readonly number[],
  opts: SplitOptions = {},
): Subset<T>[] {
  const perm = rngOf(opts).permutation(dataset.length);
  let at = 0;
  return splitSizes(dataset.length, sizes).map(
    (s) => new Subset(dataset, perm.subarray(at, (at += s))),
  );
}

/**
 * Index sets for a split that keeps each class's share in every part: each class is shuffled and cut
 * in the given fractions (rounded per class by largest remainder), then each part is shuffled.
 * Example: const [trainIdx, testIdx] = stratifiedSplitIndices(y, [0.8, 0.2], { seed: 0 });
 */
export function stratifiedSplitIndices(
  labels: Tensor | ArrayLike<number>,
  fractions: readonly number[],
  opts: SplitOptions = {},
): Int32Array[] {
  const y = labelsOf(labels);
  const total = fractions.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) > 1e-9)
    throw new Error(`stratifiedSplit: fractions [${fractions.join(', ')}] must sum to 1`);
  const rng = rngOf(opts);
  const parts: number[][] = fractions.map(() => []);
  for (const members of byClass(y).values()) {
    const perm = rng.permutation(members.length);
    const c = members.length;
    const share = fractions.map((f) => Math.floor(c * f));
    const order = fractions
      .map((f, i) => i)
      .sort((a, b) => ((c * fractions[b]) % 1) - ((c * fractions[a]) % 1));
    for (let r = c - share.reduce((a, b) => a + b, 0), i = 0; r > 0; r--, i++)
      share[order[i % order.length]]++;
    let at = 0;
    share.forEach((s, p) => {
      for (let j = 0; j < s; j++) parts[p].push(members[perm[at++]]);
    });
  }
  return parts.map((p) => {
    const perm = rng.permutation(p.length);
    return Int32Array.from(perm, (i) => p[i]);
  });
}

/**
 * Splits a dataset so that every part keeps the class proportions of `labels` (one per sample).
 * Example: const [train, test] = stratifiedSplit(ds, ds.tensors[1], [0.8, 0.2], { seed: 0 });
 */
export function stratifiedSplit<T>(
  dataset: Dataset<T>,
  labels: Tensor | ArrayLike<number>,
  fractions: readonly number[],
  opts: SplitOptions = {},
): Subset<T>[] {
  const n = labelsOf(labels).length;
  if (n !== dataset.length)
    throw new Error(`stratifiedSplit: ${n} labels for a dataset of ${dataset.length} samples`);
  return stratifiedSplitIndices(labels, fractions, opts).map((idx) => new Subset(dataset, idx));
}

/** Sample indices grouped by label, classes in ascending order. */
function byClass(y: readonly number[]): Map<number, number[]> {
  const m = new Map<number, number[]>();
  for (const c of [...new Set(y)].sort((a, b) => a - b)) m.set(c, []);
  y.forEach((c, i) => m.get(c)!.push(i));
  return m;
}

function foldsFrom(n: number, tests: number[][]): Fold[] {
  return tests.map((t) => {
    const test = Int32Array.from(t).sort();
    const inTest = new Uint8Array(n);
    for (const i of test) inTest[i] = 1;
    const train = new Int32Array(n - test.length);
    for (let i = 0, j = 0; i < n; i++) if (!inTest[i]) train[j++] = i;
    return { train, test };
  });
}

/**
 * k folds of 0…n−1: the first n mod k folds have one extra sample (as scikit-learn's KFold).
 * Example: for (const { train, test } of kFold(ds.length, 5, { shuffle: true, seed: 0 })) { … }
 */
export function kFold(n: number | { length: number }, k: number, opts: KFoldOptions = {}): Fold[] {
  const len = typeof n === 'number' ? n : n.length;
  if (!Number.isInteger(k) || k < 2 || k > len)
    throw new Error(`kFold: k must be an integer in [2, ${len}], got ${k}`);
  const order = opts.shuffle
    ? rngOf(opts).permutation(len)
    : Int32Array.from({ length: len }, (_, i) => i);
  const tests: number[][] = [];
  for (let f = 0, at = 0; f < k; f++) {
    const size = Math.floor(len / k) + (f < len % k ? 1 : 0);
    tests.push(Array.from(order.subarray(at, (at += size))));
  }
  return foldsFrom(len, tests);
}

/**
 * k folds whose test parts keep the class proportions: each class's samples (shuffled when asked)
 * are dealt round-robin to the folds, continuing where the previous class stopped.
 * Example: const folds = stratifiedKFold(y, 5, { shuffle: true, seed: 0 });
 */
export function stratifiedKFold(
  labels: Tensor | ArrayLike<number>,
  k: number,
  opts: KFoldOptions = {},
): Fold[] {
  const y = labelsOf(labels);
  if (!Number.isInteger(k) || k < 2 || k > y.length)
    throw new Error(`stratifiedKFold: k must be an integer in [2, ${y.length}], got ${k}`);
  const rng = opts.shuffle ? rngOf(opts) : null;
  const tests: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const members of byClass(y).values()) {
    const perm = rng ? rng.permutation(members.length) : members.map((_, i) => i);
    for (const j of perm) tests[next++ % k].push(members[j]);
  }
  return foldsFrom(y.length, tests);
}

/**
 * Splits tensors row-wise into train and test parts (scikit-learn's train_test_split); with
 * `stratify` the first integer labels tensor's classes keep their proportions.
 * Example: const [xTrain, xTest, yTrain, yTest] = trainTestSplit([x, y], { testSize: 0.25, seed: 0 });
 */
export function trainTestSplit(
  tensors: readonly Tensor[],
  {
    testSize = 0.25,
    stratify,
    ...opts
  }: SplitOptions & { testSize?: number; stratify?: Tensor } = {},
): Tensor[] {
  const n = tensors[0].shape[0];
  const testN = testSize < 1 ? Math.ceil(n * testSize) : testSize;
  const [train, test] = stratify
    ? stratifiedSplitIndices(stratify, [1 - testN / n, testN / n], opts)
    : (() => {
        const p = rngOf(opts).permutation(n);
        return [p.subarray(testN), p.subarray(0, testN)];
      })();
  return noGrad(() =>
    tensors.flatMap((t) => [
      t.indexSelect(0, tensor(Int32Array.from(train))),
      t.indexSelect(0, tensor(Int32Array.from(test))),
    ]),
  );
}
