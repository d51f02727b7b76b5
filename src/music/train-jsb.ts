import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noGrad } from '../autograd/engine.js';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.js';
import { Adam } from '../optim/adam.js';
import { clipGradNorm } from '../optim/clip.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { lineChart } from '../train/chart.js';
import { loadJsbChorales } from './jsb.js';
import { MusicRNN, nllPerStep, rollNll, type MusicRNNConfig } from './music-rnn.js';
import { KEYS, pianoRoll, rollToNotes } from './piano-roll.js';

export interface TrainJsbOptions extends MusicRNNConfig {
  epochs?: number;
  batchSize?: number;
  lr?: number;
  clip?: number;
  seed?: number;
  /** stop when the validation NLL has not improved for this many epochs (default 10) */
  patience?: number;
  /** halve the learning rate after this many epochs without a better validation NLL (default 3) */
  decayAfter?: number;
  onEpoch?: (e: JsbEpoch) => void;
}

export interface JsbEpoch {
  epoch: number;
  trainNll: number;
  validNll: number;
  seconds: number;
}

/**
 * Trains a MusicRNN on the JSB Chorales training split (next-step prediction, summed binary
 * cross-entropy over the 88 keys), Adam with gradient clipping, keeps the weights of the epoch with
 * the best validation NLL (halving the learning rate on plateaus), and reports the test NLL per
 * time step of those weights.
 * Example: const r = trainJsb('../shared/data/jsb-chorales/jsb-chorales-quarter.json', { epochs: 50 });
 */
export function trainJsb(path: string, opts: TrainJsbOptions = {}) {
  const { epochs = 100, batchSize = 8, lr = 3e-3, clip = 5, seed = 0, patience = 10, decayAfter = 3, onEpoch, ...config } = opts;
  const data = loadJsbChorales(path);
  const rolls = (s: keyof typeof data) => data[s].map((c) => c.roll);
  const [train, valid, test] = [rolls('train'), rolls('valid'), rolls('test')];
  const model = new MusicRNN(config, { generator: new Generator(seed) });
  const optimizer = new Adam(model.parameters(), { lr });
  const g = new Generator(seed + 1);
  const started = performance.now();
  const history: JsbEpoch[] = [];
  let best = { nll: Infinity, epoch: 0, state: model.stateDict() };
  for (let epoch = 1; epoch <= epochs && epoch - best.epoch <= patience; epoch++) {
    model.train();
    const order = train.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(g.next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let total = 0;
    let steps = 0;
    for (let b = 0; b < order.length; b += batchSize) {
      const r = rollNll(model, order.slice(b, b + batchSize).map((i) => train[i]));
      const loss = r.nll.div(r.steps); // mean NLL per step: the scale does not depend on the batch
      optimizer.zeroGrad();
      loss.backward();
      clipGradNorm(model.parameters(), clip);
      optimizer.step();
      total += r.nll.item();
      steps += r.steps;
    }
    const e = { epoch, trainNll: total / steps, validNll: nllPerStep(model, valid), seconds: (performance.now() - started) / 1000 };
    history.push(e);
    onEpoch?.(e);
    if (e.validNll < best.nll) best = { nll: e.validNll, epoch, state: clone(model.stateDict()) };
    else if ((epoch - best.epoch) % decayAfter === 0) optimizer.paramGroups[0].lr /= 2;
  }
  model.loadStateDict(best.state);
  model.eval();
  return {
    model, history, bestEpoch: best.epoch, validNll: best.nll, testNll: nllPerStep(model, test),
    // the usual figure conditions on each chorale's first step; both are reported
    testNllAfterFirst: nllPerStep(model, test, { skipFirst: true }),
    seconds: (performance.now() - started) / 1000, sizes: { train: train.length, valid: valid.length, test: test.length },
  };
}

const clone = (sd: Record<string, Tensor>) => Object.fromEntries(Object.entries(sd).map(([k, t]) => [k, t.clone()]));

/** model.json (config, curves, results), model.safetensors and curves.svg in dir. */
export function saveMusicModel(dir: string, model: MusicRNN, history: JsbEpoch[] = [], extra: Record<string, unknown> = {}) {
  mkdirSync(dir, { recursive: true });
  const files = { model: join(dir, 'model.json'), weights: join(dir, 'model.safetensors'), chart: join(dir, 'curves.svg') };
  saveSafetensors(files.weights, model.stateDict(), { kind: 'music-rnn' });
  writeFileSync(files.model, JSON.stringify({ kind: 'music-rnn', config: model.config, ...extra, history }, null, 2) + '\n');
  const chart = lineChart(
    [
      { name: 'train', values: history.map((h) => h.trainNll) },
      { name: 'validation', values: history.map((h) => h.validNll) },
    ],
    { title: 'JSB Chorales', xLabel: 'epoch', yLabel: 'NLL per time step (nats)' },
  );
  writeFileSync(files.chart, chart);
  return files;
}

export function loadMusicModel(dir: string): MusicRNN {
  const path = join(dir, 'model.json');
  let meta: { kind?: string; config?: MusicRNNConfig };
  try {
    meta = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: cannot read a music model (${(e as Error).message})`);
  }
  if (meta.kind !== 'music-rnn') throw new Error(`${path}: not a music model (kind '${meta.kind}')`);
  const model = new MusicRNN(meta.config);
  model.loadStateDict(loadSafetensors(join(dir, 'model.safetensors')).tensors);
  return model.eval();
}

export interface ContinueOptions {
  steps: number;
  /** divides the logits before the sigmoid: < 1 fewer surprises (default 1) */
  temperature?: number;
  seed?: number;
}

/**
 * Continues a primer (steps of MIDI notes) by sampling each key of the next step from its sigmoid
 * probability, feeding every sampled step back in. Returns the generated steps only.
 * Example: const more = continueChorale(model, chorale.notes.slice(0, 8), { steps: 32, seed: 1 });
 */
export function continueChorale(model: MusicRNN, primer: readonly (readonly number[])[], { steps, temperature = 1, seed = 0 }: ContinueOptions): number[][] {
  if (!(temperature > 0)) throw new Error(`continueChorale: temperature must be > 0, got ${temperature}`);
  if (!(Number.isInteger(steps) && steps >= 0)) throw new Error(`continueChorale: steps must be a non-negative integer, got ${steps}`);
  const g = new Generator(seed);
  const roll = pianoRoll([[], ...primer], 'primer'); // a silent step first, as in training
  model.eval();
  return noGrad(() => {
    const P = roll.length / KEYS;
    let [logits, state] = model.forward(new Tensor(roll, [P, 1, KEYS], 'float32'));
    const out: Float32Array[] = [];
    for (let s = 0; s < steps; s++) {
      const z = logits.slice(0, -1).reshape([-1]).values();
      const step = new Float32Array(KEYS);
      for (let k = 0; k < KEYS; k++) step[k] = g.next() < 1 / (1 + Math.exp(-z[k] / temperature)) ? 1 : 0;
      out.push(step);
      [logits, state] = model.forward(new Tensor(step, [1, 1, KEYS], 'float32'), state);
    }
    return out.flatMap((r) => rollToNotes(r));
  });
}
