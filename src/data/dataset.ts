import { fmt } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * Anything indexable with a length: `get(i)` returns sample i for 0 ≤ i < length.
 * Example: const ds: Dataset<number> = { length: 3, get: (i) => i * i };
 */
export interface Dataset<T> {
  readonly length: number;
  get(i: number): T;
}

function checkIndex(i: number, n: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= n)
    throw new RangeError(`dataset: index ${i} is out of range for length ${n}`);
}

/**
 * Samples are rows of tensors that share their first dimension: sample i is [x[i], y[i], …].
 * DataLoader gathers a batch of rows with one indexSelect per tensor, never per-sample tensors.
 * Example: const ds = new TensorDataset(x, y); const [xi, yi] = ds.get(0);
 */
export class TensorDataset<T extends Tensor[] = Tensor[]> implements Dataset<T> {
  readonly tensors: T;
  constructor(...tensors: T) {
    if (tensors.length === 0) throw new Error('TensorDataset: needs at least one tensor');
    const n = tensors[0].shape[0];
    for (const t of tensors)
      if (t.ndim === 0 || t.shape[0] !== n)
        throw new Error(
          `TensorDataset: tensors must share their first dimension, got ${tensors.map((u) => fmt(u.shape)).join(', ')}`,
        );
    this.tensors = tensors;
  }
  get length(): number {
    return this.tensors[0].shape[0];
  }
  get(i: number): T {
    checkIndex(i, this.length);
    return this.tensors.map((t) => t.slice(0, i, i + 1).reshape(t.shape.slice(1))) as T;
  }
}

/**
 * The samples of `dataset` at `indices`, in that order (what randomSplit and kFold return).
 * Example: const firstTen = new Subset(ds, Int32Array.from({ length: 10 }, (_, i) => i));
 */
export class Subset<T> implements Dataset<T> {
  readonly indices: Int32Array;
  constructor(
    readonly dataset: Dataset<T>,
    indices: ArrayLike<number>,
  ) {
    this.indices = Int32Array.from(indices);
    for (const i of this.indices) checkIndex(i, dataset.length);
  }
  get length(): number {
    return this.indices.length;
  }
  get(i: number): T {
    checkIndex(i, this.length);
    return this.dataset.get(this.indices[i]);
  }
}

/**
 * Follows Subset chains down to the dataset that holds the samples, composing the indices, so the
 * loader can gather a batch of a subset of a TensorDataset in one step.
 */
export function resolveSubset<T>(ds: Dataset<T>): { root: Dataset<T>; map: Int32Array | null } {
  let map: Int32Array | null = null;
  let cur: Dataset<T> = ds;
  while (cur instanceof Subset) {
    const idx: Int32Array = cur.indices;
    map = map ? map.map((i) => idx[i]) : idx;
    cur = cur.dataset;
  }
  return { root: cur, map };
}
