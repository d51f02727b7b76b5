import { expect, test } from 'vitest';
import { manualSeed } from '../../src/index.js';
import { crossEntropy, Linear, ReLU, Sequential } from '../../src/nn/index.js';
import { SGD } from '../../src/optim/index.js';
import { DataLoader, TensorDataset, loadMnistSplit } from '../../src/data/index.js';
import { evaluate, fitAsync } from '../../src/train/index.js';
import { sharedData } from '../helpers/data.js';

// Acceptance 2: the fixed 10k split with its per-epoch batch order, the reference recipe
// (PyTorch 94.5%, TensorFlow.js 94.45%, ConvNetJS 94.15% in ../shared/data/mnist-10k-split/README.md).
// Only the initial weights depend on the seed: on the wasm backend seeds 0–5 gave 94.00, 94.80,
// 94.05, 94.50, 94.50 and 94.40% (mean 94.4%); seed 3 is the median run, not the best one.
test('MLP 784-256-10 reaches ≥ 94% test accuracy on the fixed MNIST 10k split in 5 epochs', async () => {
  const split = loadMnistSplit(sharedData('mnist-10k-split'));
  manualSeed(3);
  const model = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10));
  const train = new DataLoader(new TensorDataset(split.train.images, split.train.labels), { batchSize: 64, order: split.order });
  const test = new DataLoader(new TensorDataset(split.test.images, split.test.labels), { batchSize: 500 });
  const optimizer = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  // fitAsync lets the test worker answer vitest between batches on a busy machine
  const { history } = await fitAsync(model, { train, loss: crossEntropy, optimizer, epochs: 5, metrics: ['accuracy'] });
  const { accuracy } = evaluate(model, test, { metrics: ['accuracy'] });
  const secondsPerEpoch = history.reduce((s, h) => s + h.seconds!, 0) / history.length;
  console.log(`MNIST 10k split: test accuracy ${(100 * accuracy).toFixed(2)}%, ${secondsPerEpoch.toFixed(3)} s/epoch`);
  expect(history.map((h) => h.loss)).toEqual([...history.map((h) => h.loss)].sort((a, b) => b - a));
  expect(accuracy).toBeGreaterThanOrEqual(0.94);
});
