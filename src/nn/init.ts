import { noGrad } from '../autograd/engine.js';
import type { DType } from '../tensor/dtype.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { fmt, size, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { full as fullTensor } from '../tensor/create.js';
import { arrayTypes } from '../tensor/dtype.js';

// Initializers. Each takes a shape (and returns a new tensor) or a tensor (filled in place under
// noGrad, and returned), as PyTorch's nn.init.*_ functions; draws come from the default
// generator (manualSeed) unless a generator is given. Weights are [fanOut, fanIn, ...kernel].

export type Target = Shape | Tensor;
export interface InitOpts {
  dtype?: DType;
  generator?: Generator;
}
export type Nonlinearity = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu' | 'conv';

function fill(target: Target, opts: InitOpts, draw: (g: Generator) => number): Tensor {
  const g = opts.generator ?? defaultGenerator();
  if (target instanceof Tensor) {
    if (!target.isContiguous()) throw new Error(`init: cannot fill a strided view of shape ${fmt(target.shape)} in place`);
    noGrad(() => {
      const d = target.data;
      for (let i = target.offset, end = target.offset + target.size; i < end; i++) d[i] = draw(g);
    });
    return target;
  }
  const data = new arrayTypes[opts.dtype ?? 'float32'](size(target));
  for (let i = 0; i < data.length; i++) data[i] = draw(g);
  return new Tensor(data, [...target], opts.dtype ?? 'float32');
}

/** (fanIn, fanOut) of a weight of shape [out, in, ...kernel]: in·k and out·k. */
export function fans(shape: Shape): [number, number] {
  if (shape.length < 2) throw new Error(`init: fan in and fan out need at least 2 dimensions, got ${fmt(shape)}`);
  const receptive = size(shape.slice(2));
  return [shape[1] * receptive, shape[0] * receptive];
}
const shapeOf = (t: Target) => (t instanceof Tensor ? t.shape : t);

/** The recommended gain for a nonlinearity, as torch.nn.init.calculate_gain. */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear': case 'conv': case 'sigmoid': return 1;
    case 'tanh': return 5 / 3;
    case 'relu': return Math.SQRT2;
    case 'leakyRelu': return Math.sqrt(2 / (1 + (param ?? 0.01) ** 2));
    case 'selu': return 3 / 4;
  }
}

/** U(low, high). */
export const uniform = (t: Target, low = 0, high = 1, opts: InitOpts = {}) =>
  fill(t, opts, (g) => low + (high - low) * g.next());
/** N(mean, std²). */
export const normal = (t: Target, mean = 0, std = 1, opts: InitOpts = {}) => fill(t, opts, (g) => mean + std * g.normal());
export const constant = (t: Target, value: number, opts: InitOpts = {}) =>
  t instanceof Tensor ? fill(t, opts, () => value) : fullTensor(t, value, { dtype: opts.dtype });
export const zeros = (t: Target, opts: InitOpts = {}) => constant(t, 0, opts);
export const ones = (t: Target, opts: InitOpts = {}) => constant(t, 1, opts);

/** Glorot: U(−a, a), a = gain·√(6 / (fanIn + fanOut)). */
export function xavierUniform(t: Target, { gain = 1, ...opts }: InitOpts & { gain?: number } = {}): Tensor {
  const [fi, fo] = fans(shapeOf(t));
  const a = gain * Math.sqrt(6 / (fi + fo));
  return uniform(t, -a, a, opts);
}
/** Glorot: N(0, σ²), σ = gain·√(2 / (fanIn + fanOut)). */
export function xavierNormal(t: Target, { gain = 1, ...opts }: InitOpts & { gain?: number } = {}): Tensor {
  const [fi, fo] = fans(shapeOf(t));
  return normal(t, 0, gain * Math.sqrt(2 / (fi + fo)), opts);
}

interface KaimingOpts extends InitOpts {
  /** negative slope of the leaky ReLU that follows (0 for ReLU) */
  a?: number;
  mode?: 'fanIn' | 'fanOut';
  nonlinearity?: Nonlinearity;
}
function kaimingStd(t: Target, { a = 0, mode = 'fanIn', nonlinearity = 'leakyRelu' }: KaimingOpts): number {
  const [fi, fo] = fans(shapeOf(t));
  return calculateGain(nonlinearity, a) / Math.sqrt(mode === 'fanIn' ? fi : fo);
}
/** He: U(−b, b), b = gain·√(3 / fan); defaults (a = 0, fanIn, leakyRelu) as PyTorch. */
export function kaimingUniform(t: Target, opts: KaimingOpts = {}): Tensor {
  const b = Math.sqrt(3) * kaimingStd(t, opts);
  return uniform(t, -b, b, opts);
}
/** He: N(0, σ²), σ = gain / √fan. */
export function kaimingNormal(t: Target, opts: KaimingOpts = {}): Tensor {
  return normal(t, 0, kaimingStd(t, opts), opts);
}

/**
 * PyTorch's default for Linear and Conv weights: kaimingUniform with a = √5, which is
 * U(−1/√fanIn, 1/√fanIn).
 */
export const pytorchDefault = (t: Target, opts: InitOpts = {}) => kaimingUniform(t, { a: Math.sqrt(5), ...opts });
/** PyTorch's default bias for a layer with fanIn inputs: U(−1/√fanIn, 1/√fanIn). */
export function pytorchDefaultBias(t: Target, fanIn: number, opts: InitOpts = {}): Tensor {
  const b = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return uniform(t, -b, b, opts);
}
