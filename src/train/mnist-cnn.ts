import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { manualSeed } from '../tensor/random.js';
import { getBackend } from '../backend/index.js';
import { DataLoader } from '../data/loader.js';
import { TensorDataset } from '../data/dataset.js';
import type { MnistData } from '../data/mnist.js';
import { crossEntropy } from '../nn/loss.js';
import { SGD } from '../optim/sgd.js';
import { LeNet } from '../models/lenet.js';
import { SmallCNN } from '../models/small-cnn.js';
import { saveModel } from '../io/model-file.js';
import type { Callback, EpochLogs } from './callbacks.js';
import { evaluate, fitAsync } from './fit.js';
import { lossChart } from './chart.js';
import { mnistEmbeddedSplits } from './mnist-mlp.js';

export interface MnistCnnOptions {
  /** 'lenet' (LeNet-5, the default) or 'small-cnn' (conv–BN–ReLU blocks, global average pooling) */
  model?: 'lenet' | 'small-cnn';
  epochs?: number;
  lr?: number;
  momentum?: number;
  batchSize?: number;
  /** seeds the weights and the batch order (default 0) */
  seed?: number;
  /** folder for model.json, model.safetensors and loss.svg; nothing is written without it */
  out?: string;
  callbacks?: Callback[];
}

export interface MnistCnnResult {
  model: LeNet | SmallCNN;
  history: EpochLogs[];
  test: { loss: number; accuracy: number };
  secondsPerEpoch: number;
  backend: string;
  files: { model: string; weights: string; chart: string } | null;
}

const images = (d: MnistData): MnistData => ({ images: d.images.reshape([d.images.shape[0], 1, 28, 28]), labels: d.labels });
const loader = (d: MnistData, batchSize: number, seed?: number) =>
  new DataLoader(new TensorDataset(images(d).images, d.labels), seed === undefined ? { batchSize } : { batchSize, shuffle: true, seed });

/**
 * Trains LeNet-5 or the small CNN (SGD momentum 0.9, cross-entropy) on the embedded MNIST digits
 * (7,000 train, 1,000 validation, 2,000 test, as trainMnistMlp), and with `out` saves the model
 * and a loss chart. Example: const r = await trainMnistCnn({ model: 'lenet', epochs: 2 }); r.test.accuracy
 */
export async function trainMnistCnn(opts: MnistCnnOptions = {}): Promise<MnistCnnResult> {
  const { model: kind = 'lenet', epochs = 2, momentum = 0.9, batchSize = 64, seed = 0 } = opts;
  const lr = opts.lr ?? (kind === 'lenet' ? 0.05 : 0.02);
  const data = mnistEmbeddedSplits();
  manualSeed(seed);
  const model = kind === 'lenet' ? new LeNet() : new SmallCNN({ channels: [16, 32, 64], blocksPerStage: 1, dropout: 0.2 });
  const optimizer = new SGD(model.parameters(), { lr, momentum });
  const { history } = await fitAsync(model, {
    train: loader(data.train, batchSize, seed), validation: loader(data.validation, 500), loss: crossEntropy,
    optimizer, epochs, metrics: ['accuracy'], callbacks: opts.callbacks,
  });
  const test = evaluate(model, loader(data.test, 500), { loss: crossEntropy, metrics: ['accuracy'] });
  let files: MnistCnnResult['files'] = null;
  if (opts.out) {
    mkdirSync(opts.out, { recursive: true });
    const saved = saveModel(opts.out, model);
    const chart = join(opts.out, 'loss.svg');
    writeFileSync(chart, lossChart(history, { title: `MNIST ${kind === 'lenet' ? 'LeNet-5' : 'small CNN'}: loss per epoch` }));
    files = { model: resolve(saved.json), weights: resolve(saved.weights), chart: resolve(chart) };
  }
  const secondsPerEpoch = history.reduce((s, h) => s + (h.seconds ?? 0), 0) / Math.max(1, history.length);
  return { model, history, test: { loss: test.loss, accuracy: test.accuracy }, secondsPerEpoch, backend: getBackend().name, files };
}
