// The playground's job: trains an MLP (or a perceptron) on 2-D points and reports snapshots of
// the decision surface, every neuron's output over the plane, and the last step's gradients.
import { getBackend, noGrad, oneHot, softmax, tensor, type Tensor } from 'perceptio';
import { crossEntropy, Linear, mseLoss } from 'perceptio/nn';
import { Generator } from 'perceptio';
import type { JobContext } from '../protocol.js';
import { buildMlp, makeOptimizer, permutation, rows, weightsOf, type MlpSpec, type OptimizerName } from '../mlp.js';

export interface Classify2dParams {
  x: Float32Array;
  y: Int32Array;
  classes: number;
  hidden: number[];
  activation: MlpSpec['activation'];
  loss: 'crossEntropy' | 'mse';
  optimizer: OptimizerName;
  lr: number;
  batchSize: number;
  l2: number;
  seed: number;
  /** stop after this many epochs, or this many optimizer steps when set (the "one step" button) */
  maxEpochs: number;
  maxSteps?: number;
  /** stop once training accuracy reaches this (the tests and the benchmark use it) */
  targetAccuracy?: number;
  /** the parameters to start from (from an earlier result), else a fresh seeded initialization */
  init?: Float32Array[];
  /** the plane is sampled on grid × grid points over [−bound, bound]² */
  grid: number;
  bound: number;
  snapshotMs: number;
}

export interface Snapshot2d {
  epoch: number;
  steps: number;
  loss: number;
  accuracy: number;
  ms: number;
  /** the kernels that ran it ('wasm' or 'js') and on how many threads */
  backend: string;
  threads: number;
  /** [grid·grid, classes] class probabilities, row 0 at y = +bound */
  probs: Float32Array;
  /** per hidden layer, [width, grid·grid]: each neuron's activation over the plane */
  neurons: Float32Array[];
  /** per Linear layer, [out, in] weights and the last step's gradients */
  weights: Float32Array[];
  grads: Float32Array[];
  /** every parameter in order, to continue from */
  params: Float32Array[];
}

export interface Classify2dJob {
  params: Classify2dParams;
  progress: Snapshot2d;
  result: Snapshot2d;
}

function planeGrid(grid: number, bound: number): Tensor {
  const g = new Float32Array(grid * grid * 2);
  for (let r = 0; r < grid; r++)
    for (let c = 0; c < grid; c++) {
      g[2 * (r * grid + c)] = -bound + (2 * bound * (c + 0.5)) / grid;
      g[2 * (r * grid + c) + 1] = bound - (2 * bound * (r + 0.5)) / grid;
    }
  return tensor(g, { shape: [grid * grid, 2] });
}

export async function classify2d(p: Classify2dParams, ctx: JobContext<Snapshot2d>): Promise<Snapshot2d> {
  const n = p.y.length;
  if (n === 0) throw new Error('classify2d: no points');
  const gen = new Generator(p.seed);
  const { model, linears } = buildMlp({ inputs: 2, hidden: p.hidden, outputs: p.classes, activation: p.activation });
  const params = model.parameters();
  if (p.init) params.forEach((t, i) => (t.values() as Float32Array).set(p.init![i]));
  const opt = makeOptimizer(p.optimizer, model, p.lr, p.l2);
  const xAll = tensor(p.x, { shape: [n, 2] });
  const yAll = tensor(p.y, { dtype: 'int32' });
  const plane = planeGrid(p.grid, p.bound);
  const batch = Math.max(1, Math.min(p.batchSize, n));
  const started = performance.now();
  let steps = 0, epoch = 0, lastLoss = NaN, lastSnap = 0;

  const lossOf = (logits: Tensor, y: Tensor) =>
    p.loss === 'crossEntropy' ? crossEntropy(logits, y) : mseLoss(softmax(logits, 1), oneHot(y, p.classes).float());

  const accuracy = () => {
    model.eval();
    const acc = noGrad(() => (model.forward(xAll) as Tensor).argmax(1).eq(yAll).float().mean().item());
    model.train();
    return acc;
  };

  const snapshot = (): Snapshot2d => {
    const acc = accuracy();
    model.eval();
    const out = noGrad(() => {
      const neurons: Float32Array[] = [];
      let h = plane;
      model.layers.forEach((layer, i) => {
        h = layer.forward(h) as Tensor;
        // a hidden layer ends where the next Linear begins: record its neurons there
        if (model.layers[i + 1] instanceof Linear) neurons.push(Float32Array.from(h.T.contiguous().values() as ArrayLike<number>));
      });
      const probs = Float32Array.from(softmax(h, 1).values() as ArrayLike<number>);
      return { neurons, probs };
    });
    model.train();
    const { weights, grads } = weightsOf(linears);
    return {
      epoch, steps, loss: lastLoss, accuracy: acc, ms: performance.now() - started, backend: getBackend().name, threads: getBackend().threads,
      probs: out.probs, neurons: out.neurons, weights, grads,
      params: params.map((t) => Float32Array.from(t.values() as ArrayLike<number>)),
    };
  };

  training: while (epoch < p.maxEpochs) {
    const perm = permutation(n, () => gen.next());
    let sum = 0, count = 0;
    for (let s = 0; s < n; s += batch) {
      const idx = perm.subarray(s, Math.min(n, s + batch));
      opt.zeroGrad();
      const loss = lossOf(model.forward(rows(p.x, 2, idx)) as Tensor, tensor(Int32Array.from(idx, (i) => p.y[i]), { dtype: 'int32' }));
      loss.backward();
      opt.step();
      steps++;
      sum += loss.item() * idx.length;
      count += idx.length;
      if (p.maxSteps !== undefined && steps >= p.maxSteps) {
        lastLoss = sum / count;
        break training;
      }
      await ctx.yield();
      if (ctx.stopped) break training;
    }
    epoch++;
    lastLoss = sum / count;
    if (!Number.isFinite(lastLoss)) break; // diverged: report it rather than train on NaN
    if (p.targetAccuracy !== undefined && accuracy() >= p.targetAccuracy) break;
    const now = performance.now();
    if (now - lastSnap >= p.snapshotMs) {
      ctx.progress(snapshot());
      lastSnap = now;
    }
  }
  return snapshot();
}
