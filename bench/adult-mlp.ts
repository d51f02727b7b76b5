import { GradientBoostingClassifier } from '../src/boost/index.js';
import { TensorDataset } from '../src/data/dataset.js';
import { DataLoader } from '../src/data/loader.js';
import { mlp } from '../src/models/mlp.js';
import { noGrad } from '../src/autograd/engine.js';
import { crossEntropy } from '../src/nn/loss.js';
import { Adam } from '../src/optim/adam.js';
import { tensor } from '../src/tensor/create.js';
import { manualSeed } from '../src/tensor/random.js';
import { fit } from '../src/train/fit.js';
import { accuracy, auc } from '../src/train/metrics.js';
import { adultCategorical, loadAdult, type Table } from './boost-data.js';

/** One model's result on the Adult test split. */
export interface AdultResult {
  model: string;
  seconds: number;
  accuracy: number;
  auc: number;
}

/**
 * The MLP's input: numeric columns standardised with the training mean and std, categorical ones
 * one-hot over the training categories (missing and unseen: all zeros) — what a network needs and
 * the trees do not.
 */
function oneHot(train: Table, tables: Table[]): Float32Array[] {
  const { rows, cols, data } = train.X;
  const specs = Array.from({ length: cols }, (_, c) => {
    if (adultCategorical.includes(c)) {
      const cats = new Set<number>();
      for (let r = 0; r < rows; r++) if (!Number.isNaN(data[r * cols + c])) cats.add(data[r * cols + c]);
      return { c, cats: [...cats].sort((a, b) => a - b), mean: 0, std: 1 };
    }
    let s = 0;
    let s2 = 0;
    for (let r = 0; r < rows; r++) {
      s += data[r * cols + c];
      s2 += data[r * cols + c] ** 2;
    }
    const mean = s / rows;
    return { c, cats: null as number[] | null, mean, std: Math.sqrt(s2 / rows - mean * mean) || 1 };
  });
  const width = specs.reduce((w, s) => w + (s.cats ? s.cats.length : 1), 0);
  return tables.map((t) => {
    const out = new Float32Array(t.X.rows * width);
    for (let r = 0; r < t.X.rows; r++) {
      let o = r * width;
      for (const s of specs) {
        const v = t.X.data[r * cols + s.c];
        if (s.cats) {
          const k = s.cats.indexOf(v);
          if (k >= 0) out[o + k] = 1;
          o += s.cats.length;
        } else out[o++] = Number.isNaN(v) ? 0 : (v - s.mean) / s.std;
      }
    }
    return out;
  });
}

/**
 * The lecture's claim measured: the GBDT (native categoricals) against Perceptio's MLP
 * (one-hot + standardised inputs, 2 hidden layers of 64 and 32, Adam, cross-entropy) on UCI Adult.
 * Example: for (const r of compareOnAdult()) console.log(r.model, r.accuracy, r.auc, r.seconds)
 */
export function compareOnAdult({ epochs = 10, seed = 0 } = {}): AdultResult[] {
  const { train, test } = loadAdult();
  const results: AdultResult[] = [];

  let t0 = performance.now();
  const gbdt = new GradientBoostingClassifier({ nEstimators: 300, learningRate: 0.1, maxDepth: 5, minChildWeight: 2,
    catSmooth: 20, categoricalFeatures: adultCategorical }).fit(train.X, train.y);
  const seconds = (performance.now() - t0) / 1000;
  const pg = gbdt.predictProba(test.X).filter((_, i) => i % 2 === 1);
  results.push({ model: 'GBDT (perceptio/boost, 300 rounds)', seconds, accuracy: accuracy(test.y, pg.map((p) => (p > 0.5 ? 1 : 0))),
    auc: auc(test.y, pg) });

  const [xtr, xte] = oneHot(train, [train, test]);
  const d = xtr.length / train.X.rows;
  manualSeed(seed);
  t0 = performance.now();
  const model = mlp({ sizes: [d, 64, 32, 2] });
  const xs = tensor(xtr, { shape: [train.X.rows, d] });
  const ys = tensor(Int32Array.from(train.y));
  const loader = new DataLoader(new TensorDataset(xs, ys), { batchSize: 128, shuffle: true, seed });
  fit(model, { train: loader, loss: crossEntropy, optimizer: new Adam(model.parameters(), { lr: 1e-3 }), epochs });
  const mlpSeconds = (performance.now() - t0) / 1000;
  model.eval();
  const probs = noGrad(() => model.forward(tensor(xte, { shape: [test.X.rows, d] })).softmax(-1)).dataSync();
  const pm = Float64Array.from({ length: test.X.rows }, (_, i) => probs[2 * i + 1]);
  results.push({ model: `MLP ${d}-64-32-2 (perceptio/nn, ${epochs} epochs)`, seconds: mlpSeconds,
    accuracy: accuracy(test.y, pm.map((p) => (p > 0.5 ? 1 : 0))), auc: auc(test.y, pm) });
  return results;
}
