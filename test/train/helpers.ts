import { manualSeed, randn, tensor } from '../../src/index.js';
import { Linear, ReLU, Sequential } from '../../src/nn/index.js';
import { DataLoader, TensorDataset } from '../../src/data/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** Three Gaussian blobs in 2-D around (±2, 0) and (0, 2): a seeded, easily separable problem. */
export function blobs(n: number, seed = 0): { x: Tensor; y: Tensor } {
  manualSeed(seed);
  const noise = randn([n, 2]).mul(0.6).dataSync();
  const centres = [[-2, 0], [2, 0], [0, 2]];
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    x[2 * i] = centres[y[i]][0] + noise[2 * i];
    x[2 * i + 1] = centres[y[i]][1] + noise[2 * i + 1];
  }
  return { x: tensor(x, { shape: [n, 2] }), y: tensor(y) };
}

export function loaders(seed = 0) {
  const train = blobs(240, seed);
  const val = blobs(90, seed + 100);
  return {
    train: new DataLoader(new TensorDataset(train.x, train.y), { batchSize: 32, shuffle: true, seed }),
    validation: new DataLoader(new TensorDataset(val.x, val.y), { batchSize: 64 }),
  };
}

export function smallNet(seed = 0) {
  manualSeed(seed);
  return new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 3));
}
