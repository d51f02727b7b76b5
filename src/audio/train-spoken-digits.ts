import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crossEntropy } from '../nn/loss.js';
import { Adam } from '../optim/adam.js';
import { clipGradNorm } from '../optim/clip.js';
import { tensor } from '../tensor/create.js';
import { Generator, manualSeed } from '../tensor/random.js';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.js';
import {
  digitFeaturesFromFile, fitStandardisation, fsddFiles, padBatch, predictDigits, SpokenDigitGRU, type SpokenDigitOptions,
} from './spoken-digits.js';

export interface TrainSpokenDigitsOptions extends SpokenDigitOptions {
  epochs?: number;
  batchSize?: number;
  lr?: number;
  seed?: number;
  /** keep only recordings of these speakers (default all) */
  speakers?: string[];
  /** called after each epoch with the mean training loss and the test accuracy */
  onEpoch?: (e: { epoch: number; loss: number; testAccuracy: number; seconds: number }) => void;
}

/**
 * Trains a SpokenDigitGRU on FSDD with the official split (test = repetitions 0–4, train = 5–49);
 * returns the model and its test accuracy.
 * Example: const { testAccuracy } = await trainSpokenDigits('../shared/data/fsdd/recordings', { epochs: 15 });
 */
export async function trainSpokenDigits(dir: string, opts: TrainSpokenDigitsOptions = {}) {
  const { epochs = 15, batchSize = 32, lr = 3e-3, seed = 0, speakers, onEpoch, ...modelOpts } = opts;
  const started = performance.now();
  manualSeed(seed);
  const files = fsddFiles(dir).filter((f) => !speakers || speakers.includes(f.speaker));
  const items = files.map((f) => ({ ...digitFeaturesFromFile(f.path), digit: f.digit, test: f.index <= 4 }));
  const train = items.filter((i) => !i.test);
  const test = items.filter((i) => i.test);
  const model = new SpokenDigitGRU({ generator: new Generator(seed), ...modelOpts });
  fitStandardisation(model, train);
  const optimizer = new Adam(model.parameters(), { lr });
  const g = new Generator(seed + 1);
  const accuracy = () => {
    let right = 0;
    for (let i = 0; i < test.length; i += 100) {
      const part = test.slice(i, i + 100);
      predictDigits(model, part).forEach((p, n) => (right += Number(p.indexOf(Math.max(...p)) === part[n].digit)));
    }
    return right / test.length;
  };
  let testAccuracy = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.train();
    // shuffle, then sort within windows of 8 batches by length so a batch pads little
    const order = train.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(g.next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const batches: number[][] = [];
    for (let w = 0; w < order.length; w += 8 * batchSize) {
      const win = order.slice(w, w + 8 * batchSize).sort((a, b) => train[a].frames - train[b].frames);
      for (let b = 0; b < win.length; b += batchSize) batches.push(win.slice(b, b + batchSize));
    }
    let total = 0;
    for (const b of batches) {
      const part = b.map((i) => train[i]);
      const { x, lengths } = padBatch(part);
      const loss = crossEntropy(model.forward(x, { lengths }), tensor(part.map((p) => p.digit), { dtype: 'int32' }));
      model.zeroGrad();
      loss.backward();
      clipGradNorm(model.parameters(), 5);
      optimizer.step();
      total += loss.item() * part.length;
      // yield to the event loop: freed arrays return to the pool only between tasks (finalizers)
      await new Promise((resolve) => setImmediate(resolve));
    }
    testAccuracy = accuracy();
    onEpoch?.({ epoch, loss: total / train.length, testAccuracy, seconds: (performance.now() - started) / 1000 });
  }
  return { model, testAccuracy, trainSize: train.length, testSize: test.length, seconds: (performance.now() - started) / 1000 };
}

/** Writes model.json (its options) and model.safetensors (weights and standardisation) to a folder. */
export function saveSpokenDigitModel(dir: string, model: SpokenDigitGRU): void {
  mkdirSync(dir, { recursive: true });
  const { hidden = 64, numLayers = 1 } = model.options;
  writeFileSync(join(dir, 'model.json'), JSON.stringify({ kind: 'spoken-digit-gru', hidden, numLayers }, null, 2) + '\n');
  saveSafetensors(join(dir, 'model.safetensors'), model.stateDict(), { kind: 'spoken-digit-gru' });
}

/** Reads a folder written by saveSpokenDigitModel. */
export function loadSpokenDigitModel(dir: string): SpokenDigitGRU {
  const config = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  if (config.kind !== 'spoken-digit-gru') throw new Error(`${join(dir, 'model.json')}: not a spoken digit model (kind '${config.kind}')`);
  const model = new SpokenDigitGRU({ hidden: config.hidden, numLayers: config.numLayers });
  model.loadStateDict(loadSafetensors(join(dir, 'model.safetensors')).tensors);
  return model.eval();
}
