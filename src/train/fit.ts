import type { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/engine.js';
import { History, SchedulerCallback, type Callback, type EpochLogs, type FitContext } from './callbacks.js';
import { computeMetrics, type MetricSpec } from './metric-spec.js';

/** One minibatch: inputs and targets, as a pair or an object. */
export type Batch = readonly [Tensor, Tensor] | { readonly x: Tensor; readonly y: Tensor };

/**
 * Anything that yields batches; `length` (batches per epoch) feeds the progress bar, and a
 * settable `epoch` (as DataLoader has) lets seeded per-epoch orders repeat exactly on resume.
 */
export type Loader = Iterable<Batch> & { readonly length?: number; epoch?: number };

/** What fit needs of a model: a forward pass, train/eval modes and its weights. */
export interface FitModel {
  forward(x: Tensor): Tensor;
  train(mode?: boolean): unknown;
  eval(): unknown;
  stateDict(): Record<string, Tensor>;
  loadStateDict(state: Record<string, Tensor>): unknown;
}

/** What fit needs of an optimizer; stateDict/loadStateDict serve checkpoints. */
export interface FitOptimizer {
  step(): void;
  zeroGrad(): void;
  readonly paramGroups?: readonly { lr: number }[];
  stateDict?(): unknown;
  loadStateDict?(state: never): unknown;
}

/** A learning-rate schedule stepped once per epoch (ReduceLROnPlateau takes the monitored value). */
export interface Scheduler {
  step(metric?: number): void;
  getLastLr?(): number[];
  /** saved in checkpoints when present */
  stateDict?(): unknown;
  loadStateDict?(state: never): unknown;
}

export type LossFn = (output: Tensor, target: Tensor) => Tensor;

export interface FitOptions {
  train: Loader;
  validation?: Loader;
  loss: LossFn;
  optimizer: FitOptimizer;
  epochs: number;
  /** 'accuracy', 'f1', 'precision', 'recall', 'mse', 'mae', 'r2', or { name, fn } */
  metrics?: readonly MetricSpec[];
  callbacks?: readonly Callback[];
  /** shorthand for a SchedulerCallback stepped after each epoch */
  scheduler?: Scheduler;
}

export interface FitResult {
  /** one entry per epoch: loss, valLoss, metrics (valAccuracy …), lr, seconds */
  history: EpochLogs[];
  /** the epoch (1-based) where a callback stopped training, or null when all epochs ran */
  stoppedEpoch: number | null;
}

/** Training produced a NaN or infinite loss; epoch and step are 1-based. */
export class NonFiniteLossError extends Error {
  constructor(
    readonly epoch: number,
    readonly step: number,
    readonly value: number,
    readonly checkpoint: string | null,
  ) {
    const what = Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
    super(
      `fit: loss became ${what} at epoch ${epoch}, step ${step}; ` +
        (checkpoint ? `the last good checkpoint is ${checkpoint}` : 'no checkpoint was written (add a ModelCheckpoint)'),
    );
    this.name = 'NonFiniteLossError';
  }
}

const pair = (b: Batch): readonly [Tensor, Tensor] => ('x' in b ? [b.x, b.y] : (b as readonly [Tensor, Tensor]));

/**
 * Trains for `epochs` passes over `train`, evaluating `validation` after each, and returns the
 * per-epoch history. Callbacks (EarlyStopping, ModelCheckpoint, Progress …) hook into each step.
 * Example: const { history } = fit(model, { train, validation, loss: crossEntropy, optimizer, epochs: 5,
 *   metrics: ['accuracy'] }); history.at(-1)!.valAccuracy
 */
export function fit(model: FitModel, opts: FitOptions): FitResult {
  const steps = training(model, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * fit that hands control back to the event loop every `yieldEveryMs` (default 50) between
 * batches, so a browser page stays responsive and timers and I/O keep running in Node.
 * Example: const { history } = await fitAsync(model, { train, loss: crossEntropy, optimizer, epochs: 5 });
 */
export async function fitAsync(model: FitModel, opts: FitOptions & { yieldEveryMs?: number }): Promise<FitResult> {
  const every = opts.yieldEveryMs ?? 50;
  const steps = training(model, opts);
  let last = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - last >= every) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      last = performance.now();
    }
  }
}

/** The training loop as a generator that pauses after every batch; fit and fitAsync drive it. */
function* training(model: FitModel, opts: FitOptions): Generator<void, FitResult> {
  if (!(Number.isInteger(opts.epochs) && opts.epochs >= 0))
    throw new Error(`fit: epochs must be a non-negative integer, got ${opts.epochs}`);
  const metrics = opts.metrics ?? [];
  const history = new History();
  const given = opts.callbacks ?? [];
  const schedules = given.filter((c) => c instanceof SchedulerCallback);
  if (opts.scheduler) {
    // a step(metric) signature (ReduceLROnPlateau) gets the validation loss, others step blindly
    const monitor = opts.scheduler.step.length > 0 ? (opts.validation ? 'valLoss' : 'loss') : undefined;
    schedules.push(new SchedulerCallback(opts.scheduler, { monitor }));
  }
  // schedules step first, so checkpoints and early stopping see the learning rate of the next epoch
  const callbacks: Callback[] = [history, ...schedules, ...given.filter((c) => !(c instanceof SchedulerCallback))];
  const ctx: FitContext = {
    model, optimizer: opts.optimizer, epochs: opts.epochs, initialEpoch: 0, history: history.epochs,
    stepsPerEpoch: opts.train.length, stopTraining: false, schedulers: schedules.map((c) => c.scheduler),
  };
  const each = (fn: (c: Callback) => void) => callbacks.forEach(fn);
  each((c) => c.onTrainBegin?.(ctx));
  let stoppedEpoch: number | null = null;
  for (let epoch = ctx.initialEpoch + 1; epoch <= opts.epochs; epoch++) {
    const started = performance.now();
    each((c) => c.onEpochBegin?.(epoch, ctx));
    const train = yield* trainEpoch(model, opts, epoch, metrics, (step, loss) => each((c) => c.onBatchEnd?.(step, { loss }, ctx)), ctx);
    const logs: EpochLogs = { epoch, ...train };
    if (opts.validation) {
      const v = evaluate(model, opts.validation, { loss: opts.loss, metrics });
      for (const [k, x] of Object.entries(v)) logs['val' + k[0].toUpperCase() + k.slice(1)] = x;
    }
    const lr = opts.optimizer.paramGroups?.[0]?.lr;
    if (lr !== undefined) logs.lr = lr;
    logs.seconds = (performance.now() - started) / 1000;
    each((c) => c.onEpochEnd?.(epoch, logs, ctx));
    if (ctx.stopTraining) {
      stoppedEpoch = epoch;
      break;
    }
  }
  each((c) => c.onTrainEnd?.(ctx));
  return { history: history.epochs, stoppedEpoch };
}

function* trainEpoch(
  model: FitModel, opts: FitOptions, epoch: number, metrics: readonly MetricSpec[],
  onStep: (step: number, loss: number) => void, ctx: FitContext,
): Generator<void, { loss: number } & Record<string, number>> {
  model.train();
  if (typeof opts.train.epoch === 'number') opts.train.epoch = epoch - 1; // 0-based in DataLoader
  const outputs: Tensor[] = [];
  const targets: Tensor[] = [];
  let total = 0;
  let count = 0;
  let step = 0;
  for (const batch of opts.train) {
    step++;
    const [x, y] = pair(batch);
    opts.optimizer.zeroGrad();
    const out = model.forward(x);
    const loss = opts.loss(out, y);
    const value = loss.item();
    // stop before the update so the weights (and any checkpoint) never see the bad step
    if (!Number.isFinite(value)) throw new NonFiniteLossError(epoch, step, value, ctx.lastCheckpoint ?? null);
    loss.backward();
    opts.optimizer.step();
    const n = x.shape[0] ?? 1;
    total += value * n;
    count += n;
    if (metrics.length) {
      outputs.push(out.detach());
      targets.push(y);
    }
    onStep(step, value);
    yield;
  }
  if (count === 0) throw new Error(`fit: the training loader yielded no batches in epoch ${epoch}`);
  return { loss: total / count, ...computeMetrics(metrics, outputs, targets) };
}

/**
 * Mean loss (weighted by batch size) and metrics of a model over a loader, in eval mode without gradients.
 * Example: evaluate(model, testLoader, { loss: crossEntropy, metrics: ['accuracy'] }) // { loss, accuracy }
 */
export function evaluate(
  model: FitModel, loader: Loader, opts: { loss?: LossFn; metrics?: readonly MetricSpec[] } = {},
): Record<string, number> {
  const metrics = opts.metrics ?? [];
  model.eval();
  const outputs: Tensor[] = [];
  const targets: Tensor[] = [];
  let total = 0;
  let count = 0;
  noGrad(() => {
    for (const batch of loader) {
      const [x, y] = pair(batch);
      const out = model.forward(x);
      const n = x.shape[0] ?? 1;
      if (opts.loss) total += opts.loss(out, y).item() * n;
      count += n;
      outputs.push(out);
      targets.push(y);
    }
  });
  if (count === 0) throw new Error('evaluate: the loader yielded no batches');
  return { ...(opts.loss ? { loss: total / count } : {}), ...computeMetrics(metrics, outputs, targets) };
}
