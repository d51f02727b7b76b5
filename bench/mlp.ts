// MLP 784-256-10 on the shared MNIST 10k split, and per-op overhead: Perceptio side by side with
// TensorFlow.js (wasm and cpu backends), ConvNetJS and PyTorch, on the same data and batch order.
// Run from the repository root: npm run bench -- mlp [--epochs 5] [--peer-epochs 1]
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getBackend, randn, setBackend, setThreads } from '../src/index.js';
import { loadMnistSplit, type MnistSplit } from '../src/data/index.js';
import { Linear, ReLU, Sequential } from '../src/nn/index.js';
import { batchRows, perOp, trainOnSplit } from './harness.js';
import { runTorch, torchAvailable } from './torch.js';

const require = createRequire(import.meta.url);
const root = process.cwd(); // the repository root (npm run bench runs there)
const splitDir = resolve(root, '../shared/data/mnist-10k-split');
const { values: args } = parseArgs({
  options: { epochs: { type: 'string', default: '5' }, 'peer-epochs': { type: 'string', default: '1' } },
});
const EPOCHS = Number(args.epochs);
const SLOW_EPOCHS = Number(args['peer-epochs']);

interface Row {
  library: string;
  secondsPerEpoch?: number;
  cpuSecondsPerEpoch?: number;
  accuracy?: number;
  epochs?: number;
  add64Us?: number;
  matmul64Us?: number;
}

function perceptio(split: MnistSplit, threads: number): Row {
  setBackend('wasm');
  setThreads(threads);
  const model = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10));
  const { seconds, cpuSeconds, accuracy: acc } = trainOnSplit(model, split, EPOCHS);
  const a = randn([64]);
  const b = randn([64]);
  const m = randn([64, 64]);
  return {
    library: `Perceptio ${getBackend().name}, ${threads} thread${threads > 1 ? 's' : ''}`,
    secondsPerEpoch: Math.min(...seconds),
    cpuSecondsPerEpoch: Math.min(...cpuSeconds),
    accuracy: acc,
    epochs: EPOCHS,
    add64Us: perOp(() => a.add(b), 100_000),
    matmul64Us: perOp(() => m.matmul(m), 20_000),
  };
}

async function tfjs(split: MnistSplit, backend: 'wasm' | 'cpu', epochs: number): Promise<Row> {
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/');
  }
  await tf.setBackend(backend);
  await tf.ready();
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }), tf.layers.dense({ units: 10 })],
  });
  const opt = tf.train.momentum(0.05, 0.9);
  const x = tf.tensor2d(split.train.images.dataSync() as Float32Array, [8000, 784]);
  const y = tf.oneHot(tf.tensor1d(split.train.labels.dataSync() as Int32Array, 'int32'), 10);
  const seconds: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const order = split.order(e);
    const t0 = performance.now();
    for (let i = 0; i < order.length; i += 64) {
      const idx = tf.tensor1d(batchRows(order, i), 'int32');
      tf.tidy(() => {
        const xb = tf.gather(x, idx);
        const yb = tf.gather(y, idx);
        opt.minimize(() => tf.losses.softmaxCrossEntropy(yb, model.predict(xb) as never) as never);
      });
      idx.dispose();
    }
    seconds.push((performance.now() - t0) / 1000);
  }
  const xt = tf.tensor2d(split.test.images.dataSync() as Float32Array, [2000, 784]);
  const pred = (model.predict(xt) as { argMax(a: number): { dataSync(): Int32Array } }).argMax(1).dataSync();
  const yt = split.test.labels.dataSync();
  const acc = pred.reduce((s, p, i) => s + (p === yt[i] ? 1 : 0), 0) / yt.length;
  const a = tf.randomNormal([64]);
  const b = tf.randomNormal([64]);
  const m = tf.randomNormal([64, 64]);
  const row: Row = {
    library: `TensorFlow.js ${tf.version_core} ${backend}`,
    secondsPerEpoch: Math.min(...seconds),
    accuracy: acc,
    epochs,
    add64Us: perOp(() => a.add(b).dispose(), 20_000),
    matmul64Us: perOp(() => tf.matMul(m, m).dispose(), backend === 'cpu' ? 500 : 5_000),
  };
  tf.disposeVariables();
  return row;
}

function convnetjs(split: MnistSplit, epochs: number): Row {
  const cn = require('convnetjs');
  const net = new cn.Net();
  net.makeLayers([
    { type: 'input', out_sx: 1, out_sy: 1, out_depth: 784 },
    { type: 'fc', num_neurons: 256, activation: 'relu' },
    { type: 'softmax', num_classes: 10 },
  ]);
  const trainer = new cn.Trainer(net, { method: 'sgd', learning_rate: 0.05, momentum: 0.9, batch_size: 64, l2_decay: 0 });
  const img = split.train.images.dataSync();
  const lab = split.train.labels.dataSync();
  const vol = (src: ArrayLike<number>, r: number) => {
    const v = new cn.Vol(1, 1, 784, 0);
    for (let j = 0; j < 784; j++) v.w[j] = src[r * 784 + j];
    return v;
  };
  const seconds: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const order = split.order(e);
    const t0 = performance.now();
    for (let i = 0; i < order.length; i++) trainer.train(vol(img, order[i]), lab[order[i]]);
    seconds.push((performance.now() - t0) / 1000);
  }
  const ti = split.test.images.dataSync();
  const tl = split.test.labels.dataSync();
  let right = 0;
  for (let r = 0; r < tl.length; r++) right += net.forward(vol(ti, r)).w.indexOf(Math.max(...net.forward(vol(ti, r)).w)) === tl[r] ? 1 : 0;
  return { library: 'ConvNetJS 0.3', secondsPerEpoch: Math.min(...seconds), accuracy: right / tl.length, epochs };
}

function pytorch(threads: number): Row | null {
  if (!torchAvailable()) return null;
  const r = runTorch(join(root, 'bench/torch_peers.py'), splitDir, [EPOCHS, threads]);
  return { library: `${r.library}, ${threads} thread${threads > 1 ? 's' : ''}`, secondsPerEpoch: r.mlpSecondsPerEpoch, accuracy: r.mlpAccuracy, epochs: EPOCHS, add64Us: r.add64Us, matmul64Us: r.matmul64Us };
}

const fmt = (x: number | undefined, d: number) => (x === undefined ? '–' : x.toFixed(d));

const load = () => loadavg().map((x) => x.toFixed(2)).join(', ');

async function main() {
  const loadBefore = load();
  const split = loadMnistSplit(splitDir);
  const rows: Row[] = [perceptio(split, 1), perceptio(split, 2)];
  const torch1 = pytorch(1);
  if (torch1) rows.push(torch1);
  rows.push(await tfjs(split, 'wasm', EPOCHS));
  rows.push(await tfjs(split, 'cpu', SLOW_EPOCHS));
  rows.push(convnetjs(split, SLOW_EPOCHS));
  const ref = rows[0];
  console.log(`\nMLP 784-256-10, SGD momentum 0.9, lr 0.05, batch 64, MNIST 10k split (8,000 train / 2,000 test); ratios = peer / ${ref.library}`);
  // wall time is what the target is about; on a shared machine the load average says how much
  // of it was waiting for a core, and CPU time (Perceptio) how much was work
  console.log(`load average (1, 5, 15 min): ${loadBefore} at the start, ${load()} at the end; best epoch of each\n`);
  console.log('| library | s/epoch | ratio | CPU s/epoch | test acc (epochs) | add 64 µs/op | ratio | matmul 64×64 µs/op | ratio |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const ratio = (a?: number, b?: number) => (a === undefined || b === undefined ? '–' : (a / b).toFixed(2) + '×');
    console.log(`| ${r.library} | ${fmt(r.secondsPerEpoch, 3)} | ${ratio(r.secondsPerEpoch, ref.secondsPerEpoch)} | ${fmt(r.cpuSecondsPerEpoch, 3)} | ${fmt(r.accuracy !== undefined ? r.accuracy * 100 : undefined, 2)}% (${r.epochs}) | ${fmt(r.add64Us, 2)} | ${ratio(r.add64Us, ref.add64Us)} | ${fmt(r.matmul64Us, 2)} | ${ratio(r.matmul64Us, ref.matmul64Us)} |`);
  }
  process.exit(0); // worker threads of the wasm backends would keep the process alive
}

main();
