// LeNet-5 on the shared MNIST 10k split (batch 64, SGD momentum 0.9, lr 0.05), Perceptio side by
// side with ConvNetJS, TensorFlow.js cpu (a few batches, scaled to an epoch) and PyTorch, on the
// same data and batch order. Convolution GFLOPS per layer shape: bench/conv.ts.
// Run from the repository root: npm run bench -- lenet [--epochs 3] [--peer-samples 640] [--tfjs-batches 3]
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getBackend, manualSeed, setBackend, setThreads } from '../src/index.js';
import { loadMnistSplit, type MnistSplit } from '../src/data/index.js';
import { LeNet } from '../src/models/index.js';
import { batchRows, trainOnSplit } from './harness.js';
import { runTorch, torchAvailable } from './torch.js';

const require = createRequire(import.meta.url);
const root = process.cwd(); // the repository root (npm run bench runs there)
const splitDir = resolve(root, '../shared/data/mnist-10k-split');
const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '3' },
    'peer-samples': { type: 'string', default: '640' },
    'tfjs-batches': { type: 'string', default: '3' },
  },
});
const EPOCHS = Number(args.epochs);
const PEER_SAMPLES = Number(args['peer-samples']);
const TFJS_BATCHES = Number(args['tfjs-batches']);

interface Row {
  library: string;
  secondsPerEpoch: number;
  accuracy?: number;
  note: string;
}

async function perceptio(split: MnistSplit, threads: number): Promise<Row> {
  setBackend('wasm');
  setThreads(threads);
  manualSeed(0);
  const { seconds, cpuSeconds, accuracy } = trainOnSplit(new LeNet(), split, EPOCHS);
  // CPU time too: on a shared machine wall time mostly measures the neighbours
  const cpu = Math.min(...cpuSeconds).toFixed(3);
  return { library: `Perceptio ${getBackend().name}, ${threads} thread${threads > 1 ? 's' : ''}`, secondsPerEpoch: Math.min(...seconds), accuracy, note: `best of ${EPOCHS} epochs (first ${seconds[0].toFixed(2)} s), CPU ${cpu} s/epoch` };
}

function convnetjs(split: MnistSplit): Row {
  const cn = require('convnetjs');
  const net = new cn.Net();
  net.makeLayers([
    { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
    { type: 'conv', sx: 5, filters: 6, stride: 1, pad: 2, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'conv', sx: 5, filters: 16, stride: 1, pad: 0, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'fc', num_neurons: 120, activation: 'relu' },
    { type: 'fc', num_neurons: 84, activation: 'relu' },
    { type: 'softmax', num_classes: 10 },
  ]);
  const trainer = new cn.Trainer(net, { method: 'sgd', learning_rate: 0.05, momentum: 0.9, batch_size: 64, l2_decay: 0 });
  const img = split.train.images.dataSync();
  const lab = split.train.labels.dataSync();
  const order = split.order(0);
  const t0 = performance.now();
  for (let i = 0; i < PEER_SAMPLES; i++) {
    const v = new cn.Vol(28, 28, 1, 0);
    for (let j = 0; j < 784; j++) v.w[j] = img[order[i] * 784 + j];
    trainer.train(v, lab[order[i]]);
  }
  const s = ((performance.now() - t0) / 1000) * (8000 / PEER_SAMPLES);
  return { library: 'ConvNetJS 0.3', secondsPerEpoch: s, note: `${PEER_SAMPLES} samples, scaled` };
}

async function tfjsCpu(split: MnistSplit): Promise<Row> {
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  await tf.ready();
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 120, activation: 'relu' }),
      tf.layers.dense({ units: 84, activation: 'relu' }),
      tf.layers.dense({ units: 10 }),
    ],
  });
  const opt = tf.train.momentum(0.05, 0.9);
  const x = tf.tensor4d(split.train.images.dataSync() as Float32Array, [8000, 28, 28, 1]); // NHWC: same pixels, one channel
  const y = tf.oneHot(tf.tensor1d(split.train.labels.dataSync() as Int32Array, 'int32'), 10);
  const order = split.order(0);
  const step = (i: number) => {
    const idx = tf.tensor1d(batchRows(order, i * 64), 'int32');
    tf.tidy(() => {
      const xb = tf.gather(x, idx);
      const yb = tf.gather(y, idx);
      opt.minimize(() => tf.losses.softmaxCrossEntropy(yb, model.predict(xb) as never) as never);
    });
    idx.dispose();
  };
  step(0); // warm-up
  const t0 = performance.now();
  for (let i = 1; i <= TFJS_BATCHES; i++) step(i);
  const s = ((performance.now() - t0) / 1000 / TFJS_BATCHES) * 125;
  tf.disposeVariables();
  return { library: `TensorFlow.js ${tf.version_core} cpu`, secondsPerEpoch: s, note: `${TFJS_BATCHES} batches, scaled` };
}

function pytorch(threads: number): Row | null {
  if (!torchAvailable()) return null;
  const r = runTorch(join(root, 'bench/torch_lenet.py'), splitDir, [EPOCHS, threads]);
  return { library: `${r.library}, ${threads} thread`, secondsPerEpoch: r.secondsPerEpoch, accuracy: r.accuracy, note: `${EPOCHS} epochs` };
}

async function main() {
  const split = loadMnistSplit(splitDir, { flatten: false });
  const rows: Row[] = [await perceptio(split, 1), await perceptio(split, 2)];
  const torch = pytorch(1);
  if (torch) rows.push(torch);
  rows.push(convnetjs(split));
  rows.push(await tfjsCpu(split));
  const ref = rows[0];
  const ratio = (a?: number, b?: number) => (a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}×`);
  console.log(`\nLeNet-5, SGD momentum 0.9, lr 0.05, batch 64, MNIST 10k split (8,000 train / 2,000 test); ratio = library / ${ref.library}`);
  console.log(`load average ${loadavg().map((v) => v.toFixed(2)).join(', ')} (1, 5, 15 min)\n`);
  console.log('| library | s/epoch | ratio | test acc | measured |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows)
    console.log(`| ${r.library} | ${r.secondsPerEpoch.toFixed(3)} | ${ratio(r.secondsPerEpoch, ref.secondsPerEpoch)} | ${r.accuracy === undefined ? '–' : `${(100 * r.accuracy).toFixed(2)}%`} | ${r.note} |`);
  console.log('\nconv2d GFLOPS per layer shape: npm run bench -- conv');
  process.exit(0); // worker threads of the wasm backend would keep the process alive
}

main();
