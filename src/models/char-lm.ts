import { noGrad } from '../autograd/engine.js';
import { Dropout } from '../nn/dropout.js';
import { Embedding } from '../nn/embedding.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { GRU, LSTM } from '../nn/recurrent.js';
import { tensor } from '../tensor/create.js';
import { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { CharVocab } from '../text/char-vocab.js';

export interface CharLMConfig {
  vocabSize: number;
  cell?: 'lstm' | 'gru';
  embedding?: number;
  hidden?: number;
  numLayers?: number;
  /** on the recurrent outputs (between layers and before the head), in training mode */
  dropout?: number;
}

/** A recurrent state: [h, c] for an LSTM, [h] for a GRU, each [layers, batch, hidden]. */
export type CharLMState = Tensor[];

/**
 * Character-level language model: Embedding → LSTM or GRU → Linear to the vocabulary. forward
 * takes ids [T, N] (time-major) and returns next-character logits [T, N, V] and the final state,
 * which the next chunk continues from (truncated BPTT, generation).
 * Example: const lm = new CharLM({ vocabSize: 65 }); const [logits, s] = lm.forward(ids);
 */
export class CharLM extends Module {
  readonly config: Required<CharLMConfig>;
  readonly embed: Embedding;
  readonly rnn: LSTM | GRU;
  readonly drop: Dropout;
  readonly head: Linear;
  constructor(config: CharLMConfig, { generator }: { generator?: Generator } = {}) {
    super();
    const { vocabSize, cell = 'lstm', embedding = 64, hidden = 512, numLayers = 1, dropout = 0 } = config;
    if (cell !== 'lstm' && cell !== 'gru') throw new Error(`CharLM: cell must be 'lstm' or 'gru', got '${cell}'`);
    for (const [k, v] of Object.entries({ vocabSize, embedding, hidden, numLayers }))
      if (!(Number.isInteger(v) && v > 0)) throw new Error(`CharLM: ${k} must be a positive integer, got ${v}`);
    this.config = { vocabSize, cell, embedding, hidden, numLayers, dropout };
    this.embed = new Embedding(vocabSize, embedding, { generator });
    const opts = { numLayers, dropout: numLayers > 1 ? dropout : 0, generator };
    this.rnn = cell === 'lstm' ? new LSTM(embedding, hidden, opts) : new GRU(embedding, hidden, opts);
    this.drop = new Dropout(dropout);
    this.head = new Linear(hidden, vocabSize, { generator });
  }

  forward(ids: Tensor, state?: CharLMState): [Tensor, CharLMState] {
    if (ids.ndim !== 2) throw new Error(`CharLM: expected ids [time, batch], got ${ids.ndim}-D`);
    const x = this.embed.forward(ids);
    let out: Tensor;
    let next: CharLMState;
    if (this.rnn instanceof LSTM) {
      const [o, [h, c]] = this.rnn.forward(x, state ? [state[0], state[1]] : undefined);
      [out, next] = [o, [h, c]];
    } else {
      const [o, h] = this.rnn.forward(x, state?.[0]);
      [out, next] = [o, [h]];
    }
    return [this.head.forward(this.drop.forward(out)), next];
  }
}

export interface SampleOptions {
  /** the text to continue; every character must be in the vocabulary */
  prompt: string;
  /** characters to generate after the prompt */
  length: number;
  /** divides the logits: < 1 sharper, > 1 flatter; 0 takes the most likely character */
  temperature?: number;
  seed?: number;
}

/**
 * Continues a prompt one character at a time, drawing each from softmax(logits / temperature)
 * with a seeded generator (same seed, same text). Returns the generated characters only.
 * Example: sample(lm, vocab, { prompt: 'ROMEO:', length: 200, temperature: 0.8, seed: 1 })
 */
export function sample(model: CharLM, vocab: CharVocab, { prompt, length, temperature = 1, seed = 0 }: SampleOptions): string {
  if (!(temperature >= 0)) throw new Error(`sample: temperature must be ≥ 0, got ${temperature}`);
  if (!(Number.isInteger(length) && length >= 0)) throw new Error(`sample: length must be a non-negative integer, got ${length}`);
  if (prompt.length === 0) throw new Error('sample: the prompt is empty; give at least one character');
  let ids: Int32Array;
  try {
    ids = vocab.encode(prompt);
  } catch (e) {
    throw new Error(`prompt: ${(e as Error).message} (the model knows only the characters of its training text)`);
  }
  const g = new Generator(seed);
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => {
      let [logits, state] = model.forward(tensor(ids, { dtype: 'int32', shape: [ids.length, 1] }));
      let out = '';
      for (let i = 0; i < length; i++) {
        const last = logits.slice(0, -1).reshape([-1]).values();
        const id = pick(last, temperature, g);
        out += vocab.chars[id];
        [logits, state] = model.forward(tensor([[id]], { dtype: 'int32' }), state);
      }
      return out;
    });
  } finally {
    model.train(wasTraining);
  }
}

/** A draw from softmax(z / temperature), or the argmax at temperature 0. */
function pick(z: ArrayLike<number>, temperature: number, g: Generator): number {
  let best = 0;
  for (let i = 1; i < z.length; i++) if (z[i] > z[best]) best = i;
  if (temperature === 0) return best;
  const p = new Float64Array(z.length);
  let total = 0;
  for (let i = 0; i < z.length; i++) total += p[i] = Math.exp((z[i] - z[best]) / temperature); // shifted: no overflow
  let u = g.next() * total;
  for (let i = 0; i < z.length; i++) if ((u -= p[i]) < 0) return i;
  return z.length - 1;
}
