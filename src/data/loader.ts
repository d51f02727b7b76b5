import { noGrad } from '../autograd/engine.js';
import { stack } from '../autograd/functional.js';
import { tensor } from '../tensor/create.js';
import { defaultGenerator, Generator as Rng } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { resolveSubset, TensorDataset, type Dataset } from './dataset.js';

/** A batch of samples of type T: tensors and numbers become stacked tensors, arrays and objects keep their shape. */
export type Collated<T> = T extends Tensor | number | boolean
  ? Tensor
  : T extends readonly unknown[]
    ? { -readonly [K in keyof T]: Collated<T[K]> }
    : T extends object
      ? { [K in keyof T]: Collated<T[K]> }
      : never;

export interface DataLoaderOptions {
  /** samples per batch (default 1, as in PyTorch) */
  batchSize?: number;
  /** a new random order each epoch (default false) */
  shuffle?: boolean;
  /**
   * Seeds the shuffle reproducibly per epoch: epoch e uses the permutation of a fresh generator
   * seeded `seed + e`, so a resumed run sees the same order (seed 1 reproduces the shared MNIST split).
   */
  seed?: number;
  /** draws each epoch's permutation from this generator instead (default: the global generator) */
  generator?: Rng;
  /** drop the last batch when it is smaller than batchSize (default false) */
  dropLast?: boolean;
  /** the sample order of each epoch, overriding shuffle (e.g. the shared split's per-epoch orders) */
  order?: (epoch: number) => ArrayLike<number>;
}

/**
 * Iterates over a dataset in batches; each `for…of` over the loader is one epoch. Batches of a
 * TensorDataset (or a Subset of one) are gathered with one indexSelect per tensor.
 * Example: const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 64, shuffle: true, seed: 1 });
 *          for (const [xb, yb] of loader) { … }
 */
export class DataLoader<T> implements Iterable<Collated<T>> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  /** the epoch the next `for…of` produces; set it to resume training at a given epoch */
  epoch = 0;
  private readonly seed: number | undefined;
  private readonly generator: Rng | undefined;
  private readonly order: ((epoch: number) => ArrayLike<number>) | undefined;
  private sources: Tensor[] | null = null;

  constructor(
    readonly dataset: Dataset<T>,
    opts: DataLoaderOptions = {},
  ) {
    const { batchSize = 1, shuffle = false, dropLast = false } = opts;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new Error(`DataLoader: batchSize must be a positive integer, got ${batchSize}`);
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.seed = opts.seed;
    this.generator = opts.generator;
    this.order = opts.order;
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.order ? this.indices(0).length : this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  [Symbol.iterator](): Iterator<Collated<T>> {
    return this.batches(this.epoch++);
  }

  /** The sample indices of an epoch, in visiting order. */
  indices(epoch: number): Int32Array {
    const n = this.dataset.length;
    if (this.order) {
      const o = Int32Array.from(this.order(epoch));
      for (const i of o)
        if (i < 0 || i >= n)
          throw new RangeError(
            `DataLoader: order(${epoch}) holds index ${i}, out of range for ${n} samples`,
          );
      return o;
    }
    if (!this.shuffle) return Int32Array.from({ length: n }, (_, i) => i);
    if (this.seed !== undefined) return new Rng(this.seed + epoch).permutation(n);
    return (this.generator ?? defaultGenerator()).permutation(n);
  }

  /** The batches of one epoch (does not advance `epoch`). */
  *batches(epoch: number): Generator<Collated<T>, void, undefined> {
    const idx = this.indices(epoch);
    const { root, map } = resolveSubset(this.dataset);
    const sequential = !this.order && !this.shuffle && map === null;
    const n = idx.length;
    const end = this.dropLast ? n - (n % this.batchSize) : n;
    for (let b = 0; b < end; b += this.batchSize) {
      const e = Math.min(b + this.batchSize, n);
      if (root instanceof TensorDataset) {
        const src: Tensor[] = (this.sources ??= (root.tensors as Tensor[]).map((t) =>
          t.contiguous(),
        ));
        if (sequential) yield src.map((t: Tensor) => t.slice(0, b, e)) as Collated<T>;
        else {
          // a fresh index array per batch, wrapped by tensor()
          const rows = map ? Int32Array.from(idx.subarray(b, e), (i) => map[i]) : idx.slice(b, e);
          const at = tensor(rows);
          yield noGrad(() => src.map((t: Tensor) => t.indexSelect(0, at))) as Collated<T>;
        }
      } else {
        const samples: T[] = [];
        for (let i = b; i < e; i++) samples.push(this.dataset.get(idx[i]));
        yield collate(samples);
      }
    }
  }
}

/**
 * Stacks samples into a batch: tensors along a new first axis, numbers into a float32 vector,
 * arrays and objects field by field.
 * Example: collate([[tensor([1, 2]), 0], [tensor([3, 4]), 1]]) // [Tensor [2, 2], Tensor [2]]
 */
export function collate<T>(samples: readonly T[]): Collated<T> {
  if (samples.length === 0) throw new Error('collate: no samples');
  const first = samples[0] as unknown;
  if (first instanceof Tensor)
    return noGrad(() => stack(samples as unknown as Tensor[])) as Collated<T>;
  if (typeof first === 'number' || typeof first === 'boolean')
    return tensor(Float32Array.from(samples as unknown as number[], Number)) as Collated<T>;
  if (Array.isArray(first))
    return first.map((_, j) => collate(samples.map((s) => (s as unknown[])[j]))) as Collated<T>;
  if (first && typeof first === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(first))
      out[k] = collate(samples.map((s) => (s as Record<string, unknown>)[k]));
    return out as Collated<T>;
  }
  throw new Error(`collate: cannot batch samples of type ${typeof first}`);
}
