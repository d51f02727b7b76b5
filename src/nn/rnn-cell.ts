import type { DType } from '../tensor/dtype.js';
import type { Generator } from '../tensor/random.js';
import { fmt } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { zeros } from '../tensor/create.js';
import * as init from './init.js';
import { linear } from './linear.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

// The step math of the recurrent cells, shared by the cells and the layers in recurrent.ts.
// Each step takes gi, the input projection x·W_ihᵀ + b_ih already computed (for a whole
// sequence at once in the layers: one GEMM), and does one matmul h·W_hhᵀ per step; the gate
// nonlinearities run on slices of the fused [N, G·H] result, as few ops as the math allows.

export type Nonlinearity = 'tanh' | 'relu';
/** The kinds of recurrence: G (gates per unit) is 1, 4 and 3. */
export type CellKind = 'rnnTanh' | 'rnnRelu' | 'lstm' | 'gru';
export const gateCount = (kind: CellKind) => (kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1);

/**
 * One step of a recurrence: states s ([h] or, for LSTM, [h, c], each [N, H]) → new states.
 * For RNN and LSTM, gi already holds b_hh too (folded into the input projection: one add less per
 * step); GRU needs b_hn inside r ⊙ (W_hn·h + b_hn), so bHh is passed separately.
 */
export function cellStep(kind: CellKind, gi: Tensor, s: readonly Tensor[], wHh: Tensor, bHh: Tensor | null): Tensor[] {
  const h = s[0];
  const H = h.shape[h.ndim - 1];
  switch (kind) {
    case 'rnnTanh':
      return [gi.add(linear(h, wHh)).tanh()]; // h' = tanh(W_ih·x + b_ih + W_hh·h + b_hh)
    case 'rnnRelu':
      return [gi.add(linear(h, wHh)).relu()];
    case 'lstm': {
      // gates i, f, g, o; c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g), h' = σ(o) ⊙ tanh(c')
      const gates = gi.add(linear(h, wHh));
      const inForget = gates.slice(-1, 0, 2 * H).sigmoid();
      const g = gates.slice(-1, 2 * H, 3 * H).tanh();
      const o = gates.slice(-1, 3 * H).sigmoid();
      const c = inForget.slice(-1, H).mul(s[1]).add(inForget.slice(-1, 0, H).mul(g));
      return [o.mul(c.tanh()), c];
    }
    case 'gru': {
      // r, z = σ(W_i{r,z}·x + b_i{r,z} + W_h{r,z}·h + b_h{r,z}); n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn))
      // h' = (1 − z) ⊙ n + z ⊙ h = n + z ⊙ (h − n)
      const gh = linear(h, wHh, bHh);
      const rz = gi.slice(-1, 0, 2 * H).add(gh.slice(-1, 0, 2 * H)).sigmoid();
      const n = gi.slice(-1, 2 * H).add(rz.slice(-1, 0, H).mul(gh.slice(-1, 2 * H))).tanh();
      return [n.add(rz.slice(-1, H).mul(h.sub(n)))];
    }
  }
}

/** The bias added to the input projection: b_ih + b_hh for RNN and LSTM, b_ih for GRU. */
export function inputBias(kind: CellKind, bIh: Tensor | null, bHh: Tensor | null): Tensor | null {
  if (!bIh || !bHh) return null;
  return kind === 'gru' ? bIh : bIh.add(bHh);
}

export interface CellOptions {
  bias?: boolean;
  dtype?: DType;
  generator?: Generator;
}

/** Shared by the three cells: PyTorch's parameter names, shapes and U(−1/√H, 1/√H) init. */
abstract class Cell extends Module {
  readonly weight_ih: Parameter;
  readonly weight_hh: Parameter;
  readonly bias_ih: Parameter | null;
  readonly bias_hh: Parameter | null;
  constructor(
    protected readonly kind: CellKind,
    readonly inputSize: number,
    readonly hiddenSize: number,
    { bias = true, dtype, generator }: CellOptions,
  ) {
    super();
    const G = gateCount(kind) * hiddenSize;
    const k = 1 / Math.sqrt(hiddenSize);
    const u = (shape: number[]) => new Parameter(init.uniform(shape, -k, k, { dtype, generator }));
    this.weight_ih = u([G, inputSize]);
    this.weight_hh = u([G, hiddenSize]);
    this.bias_ih = bias ? u([G]) : null;
    this.bias_hh = bias ? u([G]) : null;
  }
  /** Runs one step on x [N, I] (or [I]) from states [N, H] (zeros when omitted). */
  protected step(x: Tensor, s: (Tensor | undefined)[]): Tensor[] {
    const name = this.constructor.name;
    if (x.ndim < 1 || x.ndim > 2 || x.shape[x.ndim - 1] !== this.inputSize)
      throw new Error(`${name}: expected input [batch, ${this.inputSize}] or [${this.inputSize}], got ${fmt(x.shape)}`);
    const batched = x.ndim === 2;
    const X = batched ? x : x.unsqueeze(0);
    const shape = [X.shape[0], this.hiddenSize];
    const states = s.map((t) => {
      if (!t) return zeros(shape, { dtype: x.dtype });
      const T = batched ? t : t.unsqueeze(0);
      if (T.ndim !== 2 || T.shape[0] !== shape[0] || T.shape[1] !== shape[1])
        throw new Error(`${name}: expected state ${fmt(batched ? shape : [this.hiddenSize])}, got ${fmt(t.shape)}`);
      return T;
    });
    const gi = linear(X, this.weight_ih, inputBias(this.kind, this.bias_ih, this.bias_hh));
    const out = cellStep(this.kind, gi, states, this.weight_hh, this.kind === 'gru' ? this.bias_hh : null);
    return batched ? out : out.map((t) => t.squeeze(0));
  }
  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.bias_ih ? '' : ', bias=false'}`;
  }
}

/**
 * Elman cell: h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) (or relu), as torch.nn.RNNCell.
 * Example: const cell = new RNNCell(3, 8); let h = cell.forward(x0); h = cell.forward(x1, h);
 */
export class RNNCell extends Cell {
  readonly nonlinearity: Nonlinearity;
  constructor(inputSize: number, hiddenSize: number, { nonlinearity = 'tanh', ...opts }: CellOptions & { nonlinearity?: Nonlinearity } = {}) {
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new Error(`RNNCell: nonlinearity must be 'tanh' or 'relu', got '${nonlinearity}'`);
    super(nonlinearity === 'tanh' ? 'rnnTanh' : 'rnnRelu', inputSize, hiddenSize, opts);
    this.nonlinearity = nonlinearity;
  }
  forward(x: Tensor, h?: Tensor): Tensor {
    return this.step(x, [h])[0];
  }
}

/**
 * LSTM cell with gates i, f, g, o stacked in that order in W_ih [4H, I] and W_hh [4H, H]:
 * c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g), h' = σ(o) ⊙ tanh(c'), as torch.nn.LSTMCell.
 * Example: const [h, c] = new LSTMCell(3, 8).forward(x); // state [h, c] defaults to zeros
 */
export class LSTMCell extends Cell {
  constructor(inputSize: number, hiddenSize: number, opts: CellOptions = {}) {
    super('lstm', inputSize, hiddenSize, opts);
  }
  forward(x: Tensor, state?: readonly [Tensor, Tensor]): [Tensor, Tensor] {
    const [h, c] = this.step(x, state ? [...state] : [undefined, undefined]);
    return [h, c];
  }
}

/**
 * GRU cell with gates r, z, n: n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn)),
 * h' = (1 − z) ⊙ n + z ⊙ h, as torch.nn.GRUCell.
 * Example: const cell = new GRUCell(3, 8); const h = cell.forward(x, h0);
 */
export class GRUCell extends Cell {
  constructor(inputSize: number, hiddenSize: number, opts: CellOptions = {}) {
    super('gru', inputSize, hiddenSize, opts);
  }
  forward(x: Tensor, h?: Tensor): Tensor {
    return this.step(x, [h])[0];
  }
}
