import { noGrad } from '../autograd/engine.js';
import { Dropout } from '../nn/dropout.js';
import { Linear } from '../nn/linear.js';
import { bceWithLogitsLoss } from '../nn/loss.js';
import { Module } from '../nn/module.js';
import { GRU, LSTM, RNN } from '../nn/recurrent.js';
import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../tensor/random.js';
import { KEYS } from './piano-roll.js';

export interface MusicRNNConfig {
  cell?: 'gru' | 'lstm' | 'rnn';
  hidden?: number;
  numLayers?: number;
  /** on the recurrent outputs before the 88 key logits, in training mode */
  dropout?: number;
}

/**
 * Polyphonic next-step model of a piano roll: a recurrent layer reads steps [T, N, 88] and a Linear
 * gives 88 independent key logits for the next step (multi-label: a sigmoid per key).
 * Example: const [logits] = new MusicRNN({ hidden: 128 }).forward(rolls); // [T, N, 88]
 */
export class MusicRNN extends Module {
  readonly config: Required<MusicRNNConfig>;
  readonly rnn: GRU | LSTM | RNN;
  readonly drop: Dropout;
  readonly head: Linear;
  constructor(config: MusicRNNConfig = {}, { generator }: { generator?: Generator } = {}) {
    super();
    const { cell = 'gru', hidden = 128, numLayers = 1, dropout = 0 } = config;
    if (!['gru', 'lstm', 'rnn'].includes(cell)) throw new Error(`MusicRNN: cell must be 'gru', 'lstm' or 'rnn', got '${cell}'`);
    this.config = { cell, hidden, numLayers, dropout };
    const Cell = cell === 'gru' ? GRU : cell === 'lstm' ? LSTM : RNN;
    this.rnn = new Cell(KEYS, hidden, { numLayers, dropout: numLayers > 1 ? dropout : 0, generator });
    this.drop = new Dropout(dropout);
    this.head = new Linear(hidden, KEYS, { generator });
  }

  /** x [T, N, 88] → next-step key logits [T, N, 88] and the final state (to continue from). */
  forward(x: Tensor, state?: Tensor[], lengths?: readonly number[]): [Tensor, Tensor[]] {
    const opts = lengths ? { lengths } : {};
    let out: Tensor;
    let next: Tensor[];
    if (this.rnn instanceof LSTM) {
      const [o, [h, c]] = this.rnn.forward(x, state ? [state[0], state[1]] : undefined, opts);
      [out, next] = [o, [h, c]];
    } else {
      const [o, h] = this.rnn.forward(x, state?.[0], opts);
      [out, next] = [o, [h]];
    }
    return [this.head.forward(this.drop.forward(out)), next];
  }
}

/** A padded batch of rolls: inputs are the rolls shifted one step right (a silent first step). */
export function rollBatch(rolls: readonly Float32Array[], { skipFirst = false } = {}): { x: Tensor; y: Tensor; mask: Tensor; lengths: number[]; steps: number } {
  const lengths = rolls.map((r) => r.length / KEYS);
  const T = Math.max(...lengths);
  const N = rolls.length;
  const x = new Float32Array(T * N * KEYS);
  const y = new Float32Array(T * N * KEYS);
  const mask = new Float32Array(T * N);
  rolls.forEach((r, n) => {
    for (let t = 0; t < lengths[n]; t++) {
      y.set(r.subarray(t * KEYS, (t + 1) * KEYS), (t * N + n) * KEYS);
      if (t > 0) x.set(r.subarray((t - 1) * KEYS, t * KEYS), (t * N + n) * KEYS);
      mask[t * N + n] = t === 0 && skipFirst ? 0 : 1;
    }
  });
  return {
    x: new Tensor(x, [T, N, KEYS], 'float32'),
    y: new Tensor(y, [T, N, KEYS], 'float32'),
    mask: new Tensor(mask, [T, N, 1], 'float32'),
    lengths,
    steps: lengths.reduce((a, b) => a + b, 0) - (skipFirst ? N : 0),
  };
}

/**
 * Summed negative log-likelihood (nats) of the rolls' steps under the model, each step predicted
 * from the steps before it (the first from silence, unless skipFirst leaves it out of the sum):
 * Σ over steps and the 88 keys of the binary cross-entropy. Returns the sum (differentiable) and
 * the number of steps counted.
 */
export function rollNll(model: MusicRNN, rolls: readonly Float32Array[], opts: { skipFirst?: boolean } = {}): { nll: Tensor; steps: number } {
  const b = rollBatch(rolls, opts);
  const [logits] = model.forward(b.x, undefined, b.lengths);
  return { nll: bceWithLogitsLoss(logits, b.y, { reduction: 'none' }).mul(b.mask).sum(), steps: b.steps };
}

/**
 * Mean NLL per time step (nats, summed over the 88 keys) of chorales, in batches, without
 * gradients; skipFirst leaves out each chorale's first step (predicted from silence).
 */
export function nllPerStep(model: MusicRNN, rolls: readonly Float32Array[], { batchSize = 32, skipFirst = false } = {}): number {
  const wasTraining = model.training;
  model.eval();
  let total = 0;
  let steps = 0;
  noGrad(() => {
    for (let i = 0; i < rolls.length; i += batchSize) {
      const r = rollNll(model, rolls.slice(i, i + batchSize), { skipFirst });
      total += r.nll.item();
      steps += r.steps;
    }
  });
  model.train(wasTraining);
  return total / steps;
}
