// What the MNIST benchmarks share: the batch rows of an epoch order, per-op timing, and the
// reference training recipe (SGD momentum 0.9, lr 0.05, batch 64, the split's batch order).
import { noGrad } from '../src/index.js';
import type { MnistSplit } from '../src/data/index.js';
import { crossEntropy, type Module } from '../src/nn/index.js';
import { SGD } from '../src/optim/index.js';
import type { Tensor } from '../src/tensor/tensor.js';

/** Rows i…i+63 of an epoch's order (fewer at the end). */
export const batchRows = (order: ArrayLike<number>, i: number) =>
  Array.from({ length: Math.min(64, order.length - i) }, (_, j) => order[i + j]);

/** Best per-call time in µs over 5 timed runs of n calls, after a warm-up. */
export function perOp(fn: () => unknown, n: number): number {
  for (let i = 0; i < Math.min(n, 1000); i++) fn();
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    best = Math.min(best, (performance.now() - t0) / n);
  }
  return best * 1000;
}

/**
 * Trains `model` on the split's train rows for `epochs`; returns wall and CPU seconds per epoch
 * (CPU time counts only while this process runs: on a shared machine it shows the work, wall
 * time what a user waits) and the test accuracy.
 */
export function trainOnSplit(model: Module & { forward(x: Tensor): Tensor }, split: MnistSplit, epochs: number) {
  const opt = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const { images, labels } = split.train;
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const order = split.order(e);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < order.length; i += 64) {
      const rows = batchRows(order, i);
      opt.zeroGrad();
      crossEntropy(model.forward(images.indexSelect(0, rows)), labels.indexSelect(0, rows)).backward();
      opt.step();
    }
    seconds.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpuSeconds.push((c.user + c.system) / 1e6);
  }
  model.eval();
  const accuracy = noGrad(() => model.forward(split.test.images).argmax(1).eq(split.test.labels).float().mean().item());
  return { seconds, cpuSeconds, accuracy };
}
