import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noGrad } from '../autograd/engine.js';
import { tensor } from '../tensor/create.js';
import type { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { GRU } from '../nn/recurrent.js';
import { mfcc } from './features.js';
import { decodeWav, toMono } from './wav.js';

// Spoken digit recognition (Free Spoken Digit Dataset): MFCC frames → GRU → final state → 10
// logits. Features: 8 kHz, 32 ms Hann frames every 16 ms, 40 Slaney mels, 20 MFCCs, each file
// scaled to unit RMS first (FSDD's speakers differ 8× in loudness).

export const digitFeatureOptions = { sampleRate: 8000, nFft: 256, hopLength: 128, nMels: 40, nMfcc: 20 } as const;

export interface FsddEntry {
  path: string;
  digit: number;
  speaker: string;
  index: number;
}

/** The recordings `{digit}_{speaker}_{index}.wav` of an FSDD folder, sorted by speaker, digit, index. */
export function fsddFiles(dir: string): FsddEntry[] {
  const out: FsddEntry[] = [];
  for (const f of readdirSync(dir)) {
    const m = /^(\d)_([a-z]+)_(\d+)\.wav$/.exec(f);
    if (m) out.push({ path: join(dir, f), digit: Number(m[1]), speaker: m[2], index: Number(m[3]) });
  }
  if (out.length === 0) throw new Error(`fsddFiles: no {digit}_{speaker}_{index}.wav recordings in ${dir}`);
  return out.sort((a, b) => a.speaker.localeCompare(b.speaker) || a.digit - b.digit || a.index - b.index);
}

/** Linear-interpolation resampling (enough for speech heading to 8 kHz features). */
export function resample(x: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return x;
  const n = Math.max(1, Math.floor((x.length * to) / from));
  return Float32Array.from({ length: n }, (_, i) => {
    const p = (i * from) / to;
    const j = Math.floor(p);
    const f = p - j;
    return x[j] * (1 - f) + (x[Math.min(j + 1, x.length - 1)] ?? 0) * f;
  });
}

/** MFCC frames [frames, 20] (float32, row-major) of a recording at any sample rate. */
export function digitFeatures(samples: Float32Array, sampleRate: number): { frames: number; data: Float32Array } {
  const x = resample(samples, sampleRate, digitFeatureOptions.sampleRate);
  let ss = 0;
  for (const v of x) ss += v * v;
  const rms = Math.sqrt(ss / x.length) || 1;
  const scaled = Float64Array.from(x, (v) => v / rms);
  const m = mfcc(scaled.length > digitFeatureOptions.nFft / 2 ? scaled : padTo(scaled, digitFeatureOptions.nFft), digitFeatureOptions);
  return { frames: m.rows, data: Float32Array.from(m.data) };
}
function padTo(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  out.set(x);
  return out;
}

/** Reads a WAV file and returns its MFCC frames; errors name the file. */
export function digitFeaturesFromFile(path: string): { frames: number; data: Float32Array } {
  const wav = decodeWav(readFileSync(path), path);
  if (wav.channels[0].length === 0) throw new Error(`${path}: no samples`);
  return digitFeatures(toMono(wav), wav.sampleRate);
}

export interface SpokenDigitOptions {
  hidden?: number;
  numLayers?: number;
  generator?: Generator;
}

/**
 * GRU classifier of MFCC sequences: standardise each coefficient (mean and std are buffers,
 * saved with the weights), GRU, the last layer's final state (at each sequence's own length) → Linear → 10 logits.
 * Example: const logits = model.forward(batch, { lengths }); // batch [N, T, 20]
 */
export class SpokenDigitGRU extends Module {
  mean: Tensor;
  std: Tensor;
  readonly gru: GRU;
  readonly head: Linear;
  constructor(readonly options: SpokenDigitOptions = {}) {
    super();
    const { hidden = 64, numLayers = 1, generator } = options;
    const F = digitFeatureOptions.nMfcc;
    this.mean = tensor(new Float32Array(F));
    this.std = tensor(new Float32Array(F).fill(1));
    this.gru = new GRU(F, hidden, { batchFirst: true, numLayers, generator });
    this.head = new Linear(hidden, 10, { generator });
  }
  forward(x: Tensor, { lengths }: { lengths?: number[] } = {}): Tensor {
    const [, h] = this.gru.forward(x.sub(this.mean).div(this.std), undefined, { lengths });
    return this.head.forward(h.slice(0, -1).squeeze(0));
  }
}

/** Pads feature sequences into one batch [N, Tmax, F] with their lengths. */
export function padBatch(items: { frames: number; data: Float32Array }[]): { x: Tensor; lengths: number[] } {
  const F = digitFeatureOptions.nMfcc;
  const T = Math.max(...items.map((i) => i.frames));
  const data = new Float32Array(items.length * T * F);
  items.forEach((it, n) => data.set(it.data, n * T * F));
  return { x: tensor(data, { shape: [items.length, T, F] }), lengths: items.map((i) => i.frames) };
}

/** Class probabilities [N, 10] for feature sequences, in evaluation mode without gradients. */
export function predictDigits(model: SpokenDigitGRU, items: { frames: number; data: Float32Array }[]): number[][] {
  model.eval();
  return noGrad(() => {
    const { x, lengths } = padBatch(items);
    const p = model.forward(x, { lengths }).softmax(-1);
    const v = p.values();
    return items.map((_, n) => Array.from(v.subarray(n * 10, n * 10 + 10)));
  });
}

/** Sets the model's standardisation from training features (per coefficient, over all frames). */
export function fitStandardisation(model: SpokenDigitGRU, items: { frames: number; data: Float32Array }[]): void {
  const F = digitFeatureOptions.nMfcc;
  const s = new Float64Array(F);
  const ss = new Float64Array(F);
  let n = 0;
  for (const it of items)
    for (let t = 0; t < it.frames; t++, n++)
      for (let f = 0; f < F; f++) {
        const v = it.data[t * F + f];
        s[f] += v;
        ss[f] += v * v;
      }
  const mean = s.map((v) => v / n);
  const std = ss.map((v, f) => Math.sqrt(Math.max(v / n - mean[f] ** 2, 1e-8)));
  model.mean = new Tensor(Float32Array.from(mean), [F], 'float32');
  model.std = new Tensor(Float32Array.from(std), [F], 'float32');
}
