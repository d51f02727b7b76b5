// The overfitting page's job: trains several networks side by side on one train/test split and
// reports each one's training and test loss after every epoch.
import { Generator, noGrad, tensor, type Tensor } from 'perceptio';
import { crossEntropy, mseLoss } from 'perceptio/nn';
import type { JobContext } from '../protocol.js';
import { buildMlp, makeOptimizer, permutation, rows, type MlpSpec, type OptimizerName } from '../mlp.js';

export interface SplitData {
  task: 'regression' | 'classification';
  inputs: number;
  /** classes, or 1 for regression */
  outputs: number;
  xTrain: Float32Array;
  yTrain: Float32Array;
  xTest: Float32Array;
  yTest: Float32Array;
}

export interface RunConfig {
  hidden: number[];
  activation: MlpSpec['activation'];
  optimizer: OptimizerName;
  lr: number;
  epochs: number;
  batchSize: number;
  l2: number;
  dropout: number;
  /** stop when the test loss has not improved for this many epochs; 0 turns it off */
  patience: number;
  seed: number;
}

export interface CurvesParams {
  data: SplitData;
  runs: RunConfig[];
  /** regression curves for plotting: the inputs to predict on (1-D tasks), else empty */
  probe: Float32Array;
}

export interface CurvePoint {
  run: number;
  epoch: number;
  train: number;
  test: number;
  /** test accuracy for classification, NaN for regression */
  testAccuracy: number;
  /** predictions on params.probe (regression), for drawing the fitted curve */
  fit: Float32Array;
}

export interface RunSummary {
  bestEpoch: number;
  bestTest: number;
  finalTrain: number;
  finalTest: number;
  stoppedEarly: boolean;
  diverged: boolean;
}

export interface CurvesJob {
  params: CurvesParams;
  progress: CurvePoint[];
  result: RunSummary[];
}

export async function curves(p: CurvesParams, ctx: JobContext<CurvePoint[]>): Promise<RunSummary[]> {
  const d = p.data;
  const nTrain = d.yTrain.length;
  const nTest = d.yTest.length;
  const asTarget = (y: Float32Array, n: number) =>
    d.task === 'classification' ? tensor(Int32Array.from(y), { dtype: 'int32' }) : tensor(y, { shape: [n, 1] });
  const lossOf = (out: Tensor, y: Tensor) => (d.task === 'classification' ? crossEntropy(out, y) : mseLoss(out, y));
  const xTrain = tensor(d.xTrain, { shape: [nTrain, d.inputs] });
  const xTest = tensor(d.xTest, { shape: [nTest, d.inputs] });
  const yTrain = asTarget(d.yTrain, nTrain);
  const yTest = asTarget(d.yTest, nTest);
  const probe = tensor(p.probe, { shape: [p.probe.length / d.inputs, d.inputs] });

  const runs = p.runs.map((r) => {
    const gen = new Generator(r.seed);
    // layers initialize from the global generator, which the worker seeds before this job
    const { model } = buildMlp({ inputs: d.inputs, hidden: r.hidden, outputs: d.outputs, activation: r.activation, dropout: r.dropout });
    return {
      r, gen, model, opt: makeOptimizer(r.optimizer, model, r.lr, r.l2), epoch: 0, done: false,
      summary: { bestEpoch: 0, bestTest: Infinity, finalTrain: NaN, finalTest: NaN, stoppedEarly: false, diverged: false },
    };
  });

  while (!ctx.stopped && runs.some((s) => !s.done)) {
    const points: CurvePoint[] = [];
    for (const [i, s] of runs.entries()) {
      if (s.done) continue;
      const batch = Math.max(1, Math.min(s.r.batchSize, nTrain));
      const perm = permutation(nTrain, () => s.gen.next());
      for (let b = 0; b < nTrain; b += batch) {
        const idx = perm.subarray(b, Math.min(nTrain, b + batch));
        s.opt.zeroGrad();
        const yb = d.task === 'classification'
          ? tensor(Int32Array.from(idx, (j) => d.yTrain[j]), { dtype: 'int32' })
          : tensor(Float32Array.from(idx, (j) => d.yTrain[j]), { shape: [idx.length, 1] });
        lossOf(s.model.forward(rows(d.xTrain, d.inputs, idx)) as Tensor, yb).backward();
        s.opt.step();
        await ctx.yield();
        if (ctx.stopped) break;
      }
      s.epoch++;
      s.model.eval();
      const { train, test, acc, fit } = noGrad(() => {
        const outTest = s.model.forward(xTest) as Tensor;
        return {
          train: lossOf(s.model.forward(xTrain) as Tensor, yTrain).item(),
          test: lossOf(outTest, yTest).item(),
          acc: d.task === 'classification' ? outTest.argmax(1).eq(yTest).float().mean().item() : NaN,
          fit: d.task === 'regression' ? Float32Array.from((s.model.forward(probe) as Tensor).values() as ArrayLike<number>) : new Float32Array(0),
        };
      });
      s.model.train();
      const sum = s.summary;
      sum.finalTrain = train;
      sum.finalTest = test;
      if (test < sum.bestTest) {
        sum.bestTest = test;
        sum.bestEpoch = s.epoch;
      }
      if (!Number.isFinite(train)) sum.diverged = true;
      if (s.r.patience > 0 && s.epoch - sum.bestEpoch >= s.r.patience) sum.stoppedEarly = true;
      s.done = s.epoch >= s.r.epochs || sum.stoppedEarly || sum.diverged;
      points.push({ run: i, epoch: s.epoch, train, test, testAccuracy: acc, fit });
    }
    ctx.progress(points);
  }
  return runs.map((s) => s.summary);
}
