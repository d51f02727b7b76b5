import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { noGrad } from '../autograd/engine.js';
import { getBackend } from '../backend/index.js';
import { TensorDataset } from '../data/dataset.js';
import { DataLoader } from '../data/loader.js';
import { saveModel } from '../io/model-file.js';
import { SmallCNN, type ImageInputSpec } from '../models/small-cnn.js';
import { crossEntropy } from '../nn/loss.js';
import { OneCycleLR } from '../optim/schedule.js';
import { SGD } from '../optim/sgd.js';
import { manualSeed } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { SchedulerCallback, type Callback, type EpochLogs } from './callbacks.js';
import { lossChart } from './chart.js';
import { confusionSvg } from './confusion-svg.js';
import { fitAsync } from './fit.js';
import { predictedClasses } from './metric-spec.js';
import { confusionMatrix } from './metrics.js';

/** Images [N, 1, H, W] in [0, 1] and their labels [N] int32. */
export interface ImageSet {
  images: Tensor;
  labels: Tensor;
}

/** One image-classification problem: what to learn from, what to score on, and what the classes are called. */
export interface ImageTask {
  /** shown in chart titles, e.g. 'Fashion-MNIST' */
  title: string;
  classes: string[];
  train: ImageSet;
  /** scored after every epoch and at the end (a held-out validation part or the official test set) */
  validation: ImageSet;
  /** how that set is named in reports: 'validation' or 'test' */
  validationName: string;
  /** how `perceptio predict` prepares a picture for the saved model */
  input: ImageInputSpec;
}

export interface ImageClassifierOptions {
  /** SmallCNN stage widths (default [16, 32, 64, 128]: four stages of one conv–BN–ReLU block) */
  channels?: number[];
  blocksPerStage?: number;
  dropout?: number;
  /** SmallCNN's normAfterPool (default true: about twice as fast a step, nearly the same model) */
  normAfterPool?: boolean;
  epochs?: number;
  /** peak learning rate of the one-cycle schedule (default 0.1) */
  lr?: number;
  weightDecay?: number;
  batchSize?: number;
  /** seeds the weights, the dropout masks and the batch order (default 0) */
  seed?: number;
  /** folder for model.json, model.safetensors, loss.svg and confusion.svg; nothing is written without it */
  out?: string;
  callbacks?: Callback[];
}

export interface ImageClassifierResult {
  model: SmallCNN;
  history: EpochLogs[];
  /** scores on task.validation after the last epoch; confusion rows are true classes */
  evaluation: { accuracy: number; loss: number; confusion: number[][]; n: number };
  secondsPerEpoch: number;
  seconds: number;
  backend: string;
  files: { model: string; weights: string; chart: string; confusion: string } | null;
}

/**
 * The one training path of the image tasks (MNIST, Fashion-MNIST, Quick, Draw!): a SmallCNN
 * trained with SGD (Nesterov momentum 0.9, weight decay) under a one-cycle learning rate stepped
 * per batch, scored on the task's validation set, and with `out` saved with its class names, a
 * loss chart and a confusion matrix.
 * Example: const r = await trainImageClassifier(quickDrawTask('../shared/data/quickdraw'), { epochs: 8, out: 'qd' }); r.evaluation.accuracy
 */
export async function trainImageClassifier(task: ImageTask, opts: ImageClassifierOptions = {}): Promise<ImageClassifierResult> {
  const { channels = [16, 32, 64, 128], blocksPerStage = 1, dropout = 0.1, normAfterPool = true, epochs = 8, lr = 0.1, weightDecay = 5e-4, batchSize = 64, seed = 0 } = opts;
  if (task.train.images.shape[0] === 0 || task.validation.images.shape[0] === 0) throw new Error(`trainImageClassifier: ${task.title} has an empty train or ${task.validationName} set`);
  const started = performance.now();
  manualSeed(seed);
  const inChannels = task.train.images.shape[1];
  const model = new SmallCNN({ inChannels, numClasses: task.classes.length, channels, blocksPerStage, dropout, normAfterPool, classes: task.classes, input: task.input });
  const optimizer = new SGD(model.parameters(), { lr, momentum: 0.9, nesterov: true, weightDecay });
  const train = new DataLoader(new TensorDataset(task.train.images, task.train.labels), { batchSize, shuffle: true, seed });
  const validation = new DataLoader(new TensorDataset(task.validation.images, task.validation.labels), { batchSize: 500 });
  // one cycle (warm up, then cosine down to ~0) reaches a good optimum in few epochs; stepped per batch
  const schedule = epochs > 0 ? [new SchedulerCallback(new OneCycleLR(optimizer, { maxLr: lr, totalSteps: epochs * train.length, pctStart: 0.2 }), { interval: 'step' })] : [];
  const { history } = await fitAsync(model, {
    train, validation, loss: crossEntropy, optimizer, epochs, metrics: ['accuracy'], callbacks: [...schedule, ...(opts.callbacks ?? [])],
  });
  const evaluation = evaluateClassifier(model, task.validation);
  let files: ImageClassifierResult['files'] = null;
  if (opts.out) {
    mkdirSync(opts.out, { recursive: true });
    const saved = saveModel(opts.out, model);
    const chart = join(opts.out, 'loss.svg');
    writeFileSync(chart, lossChart(history, { title: `${task.title} small CNN: loss per epoch` }));
    const confusion = join(opts.out, 'confusion.svg');
    const pct = (100 * evaluation.accuracy).toFixed(2);
    writeFileSync(confusion, confusionSvg(evaluation.confusion, task.classes, { title: `${task.title}: ${task.validationName} confusion matrix (accuracy ${pct}%)` }));
    files = { model: resolve(saved.json), weights: resolve(saved.weights), chart: resolve(chart), confusion: resolve(confusion) };
  }
  const secondsPerEpoch = history.reduce((s, h) => s + (h.seconds ?? 0), 0) / Math.max(1, history.length);
  return { model, history, evaluation, secondsPerEpoch, seconds: (performance.now() - started) / 1000, backend: getBackend().name, files };
}

/**
 * Accuracy, mean cross-entropy and the confusion matrix of a classifier on a labelled set, in
 * eval mode and batches of 500 (one forward of a whole set would hold all its activations).
 * Example: const { accuracy, confusion } = evaluateClassifier(model, task.validation);
 */
export function evaluateClassifier(model: { forward(x: Tensor): Tensor; eval(): unknown }, set: ImageSet, { numClasses }: { numClasses?: number } = {}): ImageClassifierResult['evaluation'] {
  model.eval();
  const n = set.images.shape[0];
  const truth = set.labels.dataSync();
  const pred = new Int32Array(n);
  let lossSum = 0;
  let classes = numClasses ?? 0;
  noGrad(() => {
    for (let at = 0; at < n; at += 500) {
      const end = Math.min(n, at + 500);
      const out = model.forward(set.images.slice(0, at, end));
      classes = Math.max(classes, out.shape[1]);
      lossSum += crossEntropy(out, set.labels.slice(0, at, end)).item() * (end - at);
      pred.set(Int32Array.from(predictedClasses(out)), at);
    }
  });
  const confusion = confusionMatrix(truth, pred, classes);
  const accuracy = confusion.reduce((s, row, i) => s + row[i], 0) / n;
  return { accuracy, loss: lossSum / n, confusion, n };
}
