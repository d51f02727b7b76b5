import type { Data } from '../backend/backend.js';
import { arrayTypes, dtypeOf, type DType } from './dtype.js';
import { defaultGenerator, type Generator } from './random.js';
import { fmt, size, type Shape } from './shape.js';
import { Tensor, type NestedArray } from './tensor.js';
import { alloc, disown } from './storage.js';

type Opts = { dtype?: DType; requiresGrad?: boolean };
type RandOpts = Opts & { generator?: Generator };

function make(data: Data, shape: Shape, requiresGrad = false): Tensor {
  const t = new Tensor(data, [...shape], dtypeOf(data));
  if (requiresGrad) t.requiresGrad = true;
  return t;
}

function shapeOf(x: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = x;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  return shape;
}

/**
 * A tensor from nested arrays, a typed array (wrapped without a copy) or a number.
 * Example: tensor([[1, 2], [3, 4]]); tensor(new Float64Array(6), { shape: [2, 3] })
 */
export function tensor(values: NestedArray | Data, opts: Opts & { shape?: Shape } = {}): Tensor {
  if (ArrayBuffer.isView(values)) {
    const data = opts.dtype && dtypeOf(values) !== opts.dtype ? new arrayTypes[opts.dtype](values) : values;
    const shape = opts.shape ?? [data.length];
    if (size(shape) !== data.length) throw new Error(`tensor: ${data.length} values do not fill shape ${fmt(shape)}`);
    if (data === values) disown(data); // wrapped without a copy: still the caller's array
    return make(data, shape, opts.requiresGrad);
  }
  const shape = shapeOf(values);
  const flat: number[] = [];
  const walk = (x: NestedArray, dim: number) => {
    if (dim === shape.length) {
      if (Array.isArray(x)) throw new Error(`tensor: ragged nested array: expected a number at depth ${dim}`);
      flat.push(Number(x));
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[dim])
      throw new Error(`tensor: ragged nested array: expected length ${shape[dim]} at depth ${dim}, got ${Array.isArray(x) ? x.length : 'a number'}`);
    for (const y of x) walk(y, dim + 1);
  };
  walk(values, 0);
  if (opts.shape && size(opts.shape) !== flat.length)
    throw new Error(`tensor: ${flat.length} values do not fill shape ${fmt(opts.shape)}`);
  const data = new arrayTypes[opts.dtype ?? 'float32'](flat);
  return make(data, opts.shape ?? shape, opts.requiresGrad);
}

export function full(shape: Shape, value: number, opts: Opts = {}): Tensor {
  const data = alloc(opts.dtype ?? 'float32', size(shape), value === 0);
  if (value !== 0) data.fill(value);
  return make(data, shape, opts.requiresGrad);
}
export const zeros = (shape: Shape, opts: Opts = {}) => full(shape, 0, opts);
export const ones = (shape: Shape, opts: Opts = {}) => full(shape, 1, opts);
export const zerosLike = (t: Tensor, opts: Opts = {}) => full(t.shape, 0, { dtype: t.dtype, ...opts });
export const onesLike = (t: Tensor, opts: Opts = {}) => full(t.shape, 1, { dtype: t.dtype, ...opts });
export const scalar = (value: number, opts: Opts = {}) => full([], value, opts);

/** start, start+step, … < end (float32 unless every argument is an integer: then int32). */
export function arange(start: number, end?: number, step = 1, opts: Opts = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  if (step === 0) throw new Error('arange: step must not be 0');
  const n = Math.max(0, Math.ceil((end - start) / step));
  const ints = [start, end, step].every(Number.isInteger);
  const data = new arrayTypes[opts.dtype ?? (ints ? 'int32' : 'float32')](n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return make(data, [n], opts.requiresGrad);
}
/** `steps` evenly spaced values from start to end inclusive. */
export function linspace(start: number, end: number, steps: number, opts: Opts = {}): Tensor {
  const data = new arrayTypes[opts.dtype ?? 'float32'](steps);
  for (let i = 0; i < steps; i++) data[i] = steps === 1 ? start : start + ((end - start) * i) / (steps - 1);
  return make(data, [steps], opts.requiresGrad);
}
export function eye(n: number, m = n, opts: Opts = {}): Tensor {
  const data = new arrayTypes[opts.dtype ?? 'float32'](n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return make(data, [n, m], opts.requiresGrad);
}

function fill(shape: Shape, opts: RandOpts, draw: (g: Generator) => number): Tensor {
  const g = opts.generator ?? defaultGenerator();
  const data = new arrayTypes[opts.dtype ?? 'float32'](size(shape));
  for (let i = 0; i < data.length; i++) data[i] = draw(g);
  return make(data, shape, opts.requiresGrad);
}
/** Uniform in [0, 1). */
export const rand = (shape: Shape, opts: RandOpts = {}) => fill(shape, opts, (g) => g.next());
/** Standard normal. */
export const randn = (shape: Shape, opts: RandOpts = {}) => fill(shape, opts, (g) => g.normal());
export const uniform = (shape: Shape, low: number, high: number, opts: RandOpts = {}) =>
  fill(shape, opts, (g) => low + (high - low) * g.next());
export const normal = (shape: Shape, mean: number, std: number, opts: RandOpts = {}) =>
  fill(shape, opts, (g) => mean + std * g.normal());
/** Integers in [low, high), int32. */
export const randint = (low: number, high: number, shape: Shape, opts: RandOpts = {}) =>
  fill(shape, { dtype: 'int32', ...opts }, (g) => g.int(low, high));
/** A random permutation of 0…n−1 (int32). */
export const randperm = (n: number, opts: { generator?: Generator } = {}) =>
  make((opts.generator ?? defaultGenerator()).permutation(n), [n]);
/** x with its first axis shuffled. */
export function shuffle(x: Tensor, opts: { generator?: Generator } = {}): Tensor {
  return x.indexSelect(0, randperm(x.shape[0], opts));
}
