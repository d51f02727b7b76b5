import { apply } from '../autograd/engine.js';
import * as F from '../autograd/functional.js';
import type { DType } from '../tensor/dtype.js';
import type { Generator } from '../tensor/random.js';
import { fmt } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { zeros } from '../tensor/create.js';
import { dropout } from './dropout.js';
import * as init from './init.js';
import { linear } from './linear.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import type { ScanAttrs } from './recurrent-scan.js';
import { gateCount, inputBias, type CellKind, type Nonlinearity } from './rnn-cell.js';

export interface RecurrentOptions {
  /** stacked layers; layer l > 0 reads the output of layer l − 1 (default 1) */
  numLayers?: number;
  bias?: boolean;
  /** input and output are [batch, time, features] instead of [time, batch, features] */
  batchFirst?: boolean;
  /** dropout probability on the outputs of every layer but the last, in training mode */
  dropout?: number;
  bidirectional?: boolean;
  dtype?: DType;
  generator?: Generator;
}

/**
 * Sequence lengths of a padded batch: steps at or past a sequence's length do not change its
 * state, their outputs are zero, and final states are taken at each sequence's own last step
 * (what PyTorch computes from a packed sequence).
 */
export interface SequenceOptions {
  lengths?: readonly number[] | Tensor;
}

/**
 * Cuts a recurrent state from the graph that produced it, for truncated backpropagation through
 * time: carry the values into the next chunk, but let gradients flow back only through this one.
 * Example: [out, state] = lstm.forward(chunk, state); state = detachState(state);
 */
export function detachState<S extends Tensor | readonly Tensor[]>(state: S): S {
  return (state instanceof Tensor ? state.detach() : state.map((t) => t.detach())) as S;
}

/**
 * The multi-layer, optionally bidirectional recurrence shared by RNN, LSTM and GRU. Parameters
 * are own properties named as in PyTorch (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0,
 * then the _reverse ones, layer by layer), so state dicts move between the two.
 */
abstract class Recurrent extends Module {
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  constructor(
    protected readonly kind: CellKind,
    readonly inputSize: number,
    readonly hiddenSize: number,
    { numLayers = 1, bias = true, batchFirst = false, dropout = 0, bidirectional = false, dtype, generator }: RecurrentOptions,
  ) {
    super();
    const name = this.constructor.name;
    if (!Number.isInteger(numLayers) || numLayers < 1) throw new Error(`${name}: numLayers must be a positive integer, got ${numLayers}`);
    if (!(dropout >= 0 && dropout <= 1)) throw new Error(`${name}: dropout must be in [0, 1], got ${dropout}`);
    this.numLayers = numLayers;
    this.bias = bias;
    this.batchFirst = batchFirst;
    this.dropout = dropout;
    this.bidirectional = bidirectional;
    const G = gateCount(kind) * hiddenSize;
    const k = 1 / Math.sqrt(hiddenSize); // PyTorch: every weight and bias from U(−1/√H, 1/√H)
    const u = (shape: number[]) => new Parameter(init.uniform(shape, -k, k, { dtype, generator }));
    const self = this as unknown as Record<string, Parameter>;
    for (let l = 0; l < numLayers; l++)
      for (const sfx of this.suffixes()) {
        self[`weight_ih_l${l}${sfx}`] = u([G, l === 0 ? inputSize : hiddenSize * this.directions]);
        self[`weight_hh_l${l}${sfx}`] = u([G, hiddenSize]);
        if (bias) {
          self[`bias_ih_l${l}${sfx}`] = u([G]);
          self[`bias_hh_l${l}${sfx}`] = u([G]);
        }
      }
  }
  get directions(): number {
    return this.bidirectional ? 2 : 1;
  }
  private suffixes(): string[] {
    return this.bidirectional ? ['', '_reverse'] : [''];
  }
  /** Looked up by name on each call, so that to(dtype) and loadStateDict replacements are seen. */
  private param(name: string): Tensor | null {
    return (this as unknown as Record<string, Tensor | undefined>)[name] ?? null;
  }

  /**
   * Runs the stack on x ([T, N, I], [N, T, I] when batchFirst, or unbatched [T, I]) from initial
   * states (each [L·D, N, H], zeros when omitted); returns the output [T, N, D·H] and the final
   * states, each [L·D, N, H] (layer 0 forward, layer 0 reverse, layer 1 forward, …).
   */
  protected run(x: Tensor, initial: (Tensor | undefined)[], { lengths }: SequenceOptions): [Tensor, Tensor[]] {
    const name = this.constructor.name;
    const H = this.hiddenSize;
    const LD = this.numLayers * this.directions;
    if ((x.ndim !== 3 && x.ndim !== 2) || x.shape[x.ndim - 1] !== this.inputSize) {
      const why = x.ndim === 3 || x.ndim === 2 ? `has ${x.shape[x.ndim - 1]} features per step but the layer's inputSize is ${this.inputSize}` : `is ${x.ndim}-D`;
      throw new Error(
        `${name}: input ${fmt(x.shape)} ${why}: expected ${this.batchFirst ? '[batch, time' : '[time, batch'}, ${this.inputSize}] or [time, ${this.inputSize}]`,
      );
    }
    const batched = x.ndim === 3;
    let seq = !batched ? x.unsqueeze(1) : this.batchFirst ? x.transpose(0, 1) : x; // time-major
    const [T, N] = seq.shape;
    let states = initial.map((s) => {
      if (!s) return zeros([LD, N, H], { dtype: x.dtype });
      const S = batched ? s : s.unsqueeze(1);
      if (S.ndim !== 3 || S.shape[0] !== LD || S.shape[1] !== N || S.shape[2] !== H)
        throw new Error(`${name}: expected initial state ${fmt(batched ? [LD, N, H] : [LD, H])}, got ${fmt(s.shape)}`);
      return S;
    });
    const mask = lengths === undefined ? null : stepMask(name, lengths, T, N, x.dtype);
    const finals: Tensor[][] = states.map(() => []);
    for (let l = 0; l < this.numLayers; l++) {
      const outs: Tensor[] = [];
      const I = seq.shape[2];
      const flat = seq.reshape([T * N, I]);
      this.suffixes().forEach((sfx, d) => {
        const p = (w: string) => this.param(`${w}_l${l}${sfx}`);
        // all time steps' input projections as one GEMM: [T·N, I] @ W_ihᵀ → [T, N, G·H]
        const gi = linear(flat, p('weight_ih')!, inputBias(this.kind, p('bias_ih'), p('bias_hh'))).reshape([T, N, -1]);
        const s0 = states.map((s) => s.slice(0, l * this.directions + d, l * this.directions + d + 1).reshape([N, H]));
        const [out, sN] = this.scan(gi, s0, p('weight_hh')!, this.kind === 'gru' ? p('bias_hh') : null, d === 1, mask);
        outs.push(out);
        sN.forEach((s, j) => finals[j].push(s));
      });
      seq = outs.length === 1 ? outs[0] : F.concat(outs, 2);
      if (this.dropout > 0 && this.training && l < this.numLayers - 1) seq = dropout(seq, { p: this.dropout });
    }
    states = finals.map((f) => F.stack(f, 0));
    const output = !batched ? seq.squeeze(1) : this.batchFirst ? seq.transpose(0, 1) : seq;
    return [output, batched ? states : states.map((s) => s.squeeze(1))];
  }

  /**
   * One direction of one layer over the precomputed input projections gi [T, N, G·H], as one fused
   * primitive (recurrent-scan.ts): it returns the states after every step, [T, S, N, H].
   */
  private scan(gi: Tensor, s0: Tensor[], wHh: Tensor, bHh: Tensor | null, reverse: boolean, mask: Tensor | null): [Tensor, Tensor[]] {
    const T = gi.shape[0];
    const inputs = [gi.contiguous(), wHh, s0[0], ...(this.kind === 'lstm' ? [s0[1]] : []), ...(bHh ? [bHh] : []), ...(mask ? [mask] : [])];
    const attrs: ScanAttrs = { kind: this.kind, reverse, hasBias: bHh !== null, hasMask: mask !== null };
    const Y = apply('recurrentScan', inputs, attrs as unknown as Record<string, unknown>);
    const last = reverse ? 0 : T - 1; // masked steps keep their state, so this is each row's final one
    const finals = s0.map((_, j) => Y.slice(0, last, last + 1).slice(1, j, j + 1).reshape(s0[j].shape));
    const hs = Y.slice(1, 0, 1).squeeze(1);
    // past its length a sequence outputs zero
    return [mask ? hs.mul(mask.unsqueeze(2)) : hs, finals];
  }

  override extraRepr(): string {
    const opts = [
      this.numLayers !== 1 && `numLayers=${this.numLayers}`,
      !this.bias && 'bias=false',
      this.batchFirst && 'batchFirst=true',
      this.dropout && `dropout=${this.dropout}`,
      this.bidirectional && 'bidirectional=true',
    ].filter(Boolean);
    return [`${this.inputSize}, ${this.hiddenSize}`, ...opts].join(', ');
  }
}

/** [T, N] with 1 where t < length, or null where no sequence ends before T. */
function stepMask(name: string, lengths: readonly number[] | Tensor, T: number, N: number, dtype: DType): Tensor | null {
  const lens = lengths instanceof Tensor ? Array.from(lengths.values()) : lengths;
  if (lens.length !== N || lens.some((n) => !Number.isInteger(n) || n < 0 || n > T))
    throw new Error(`${name}: lengths must be ${N} integers in [0, ${T}], got [${lens.join(', ')}]`);
  if (lens.every((n) => n === T)) return null;
  const m = new Float64Array(T * N);
  for (let t = 0; t < T; t++) for (let n = 0; n < N; n++) m[t * N + n] = t < lens[n] ? 1 : 0;
  return new Tensor(m, [T, N], 'float64').to(dtype === 'float64' ? 'float64' : 'float32');
}

/**
 * Multi-layer Elman RNN, h_t = tanh(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh) (or relu), with
 * torch.nn.RNN's parameter names. forward returns [output, hN].
 * Example: const [out, h] = new RNN(8, 16, { numLayers: 2 }).forward(x); // x [T, N, 8] → out [T, N, 16]
 */
export class RNN extends Recurrent {
  readonly nonlinearity: Nonlinearity;
  constructor(inputSize: number, hiddenSize: number, { nonlinearity = 'tanh', ...opts }: RecurrentOptions & { nonlinearity?: Nonlinearity } = {}) {
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new Error(`RNN: nonlinearity must be 'tanh' or 'relu', got '${nonlinearity}'`);
    super(nonlinearity === 'tanh' ? 'rnnTanh' : 'rnnRelu', inputSize, hiddenSize, opts);
    this.nonlinearity = nonlinearity;
  }
  forward(x: Tensor, h0?: Tensor, opts: SequenceOptions = {}): [Tensor, Tensor] {
    const [out, [h]] = this.run(x, [h0], opts);
    return [out, h];
  }
  override extraRepr(): string {
    return super.extraRepr() + (this.nonlinearity === 'relu' ? ", nonlinearity='relu'" : '');
  }
}

/**
 * Multi-layer LSTM (gates i, f, g, o, as torch.nn.LSTM). forward returns [output, [hN, cN]].
 * Example: const lstm = new LSTM(8, 16, { batchFirst: true });
 *          const [out, [h, c]] = lstm.forward(x, undefined, { lengths: [5, 3] });
 */
export class LSTM extends Recurrent {
  constructor(inputSize: number, hiddenSize: number, opts: RecurrentOptions = {}) {
    super('lstm', inputSize, hiddenSize, opts);
  }
  forward(x: Tensor, state?: readonly [Tensor, Tensor], opts: SequenceOptions = {}): [Tensor, [Tensor, Tensor]] {
    const [out, [h, c]] = this.run(x, state ? [...state] : [undefined, undefined], opts);
    return [out, [h, c]];
  }
}

/**
 * Multi-layer GRU (gates r, z, n, as torch.nn.GRU). forward returns [output, hN].
 * Example: const [out, h] = new GRU(13, 64, { batchFirst: true }).forward(mfcc); // h [1, N, 64]
 */
export class GRU extends Recurrent {
  constructor(inputSize: number, hiddenSize: number, opts: RecurrentOptions = {}) {
    super('gru', inputSize, hiddenSize, opts);
  }
  forward(x: Tensor, h0?: Tensor, opts: SequenceOptions = {}): [Tensor, Tensor] {
    const [out, [h]] = this.run(x, [h0], opts);
    return [out, h];
  }
}
