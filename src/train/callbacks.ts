import type { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/engine.js';
import type { FitModel, FitOptimizer, Scheduler } from './fit.js';

/** What one epoch produced: loss and metrics, `val`-prefixed for validation (valLoss, valAccuracy). */
export interface EpochLogs {
  /** 1-based */
  epoch: number;
  loss: number;
  valLoss?: number;
  /** learning rate of the first parameter group during the epoch */
  lr?: number;
  seconds?: number;
  [metric: string]: number | undefined;
}

/** Shared state of one fit call, handed to every callback. */
export interface FitContext {
  model: FitModel;
  optimizer: FitOptimizer;
  epochs: number;
  /** epochs already done before this call (a resumed checkpoint sets it in onTrainBegin) */
  initialEpoch: number;
  /** the history so far; a resumed checkpoint prepends the earlier epochs */
  history: EpochLogs[];
  /** batches per epoch, when the loader knows */
  stepsPerEpoch?: number;
  /** set by a callback to end training after the current epoch */
  stopTraining: boolean;
  /** the newest complete checkpoint file, named in the error when the loss turns NaN */
  lastCheckpoint?: string;
  /** learning-rate schedules in use (fit's option and SchedulerCallbacks), saved in checkpoints */
  schedulers: Scheduler[];
}

/** Hooks into fit; every method is optional. Epochs and steps are 1-based. */
export interface Callback {
  onTrainBegin?(ctx: FitContext): void;
  onEpochBegin?(epoch: number, ctx: FitContext): void;
  onBatchEnd?(step: number, logs: { loss: number }, ctx: FitContext): void;
  onEpochEnd?(epoch: number, logs: EpochLogs, ctx: FitContext): void;
  onTrainEnd?(ctx: FitContext): void;
}

/** Records each epoch's logs; fit always installs one and returns its `epochs`. */
export class History implements Callback {
  epochs: EpochLogs[] = [];
  onTrainBegin(ctx: FitContext): void {
    ctx.history = this.epochs;
  }
  onEpochEnd(_epoch: number, logs: EpochLogs): void {
    this.epochs.push(logs);
  }
}

const higherIsBetter = /acc|f1|precision|recall|r2|auc|ndcg|map/i;

/** 'min' or 'max' for a monitored quantity: accuracies and scores grow, losses and errors shrink. */
export function resolveMode(monitor: string, mode: 'min' | 'max' | 'auto'): 'min' | 'max' {
  return mode !== 'auto' ? mode : higherIsBetter.test(monitor) ? 'max' : 'min';
}

/** Reads the monitored value from an epoch's logs, or says which keys exist. */
export function monitored(who: string, monitor: string, logs: EpochLogs): number {
  const v = logs[monitor];
  if (v === undefined)
    throw new Error(`${who}: monitor '${monitor}' is not in the epoch logs (available: ${Object.keys(logs).join(', ')})`);
  return v;
}

/** A copy of the weights that later updates cannot touch. */
export function snapshot(model: FitModel): Record<string, Tensor> {
  return noGrad(() => Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, t.clone()])));
}

export interface EarlyStoppingOptions {
  /** a key of the epoch logs (default 'valLoss') */
  monitor?: string;
  /** stop after this many epochs in a row without improvement (default 5) */
  patience?: number;
  /** the smallest change that counts as an improvement (default 0) */
  minDelta?: number;
  /** 'auto' picks 'max' for accuracy-like names, else 'min' */
  mode?: 'min' | 'max' | 'auto';
  /** load the weights of the best epoch when training ends (default false) */
  restoreBestWeights?: boolean;
}

/**
 * Stops training once `monitor` has not improved by more than `minDelta` for `patience` epochs.
 * Example: fit(model, { …, callbacks: [new EarlyStopping({ patience: 3, restoreBestWeights: true })] })
 */
export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly patience: number;
  readonly minDelta: number;
  readonly mode: 'min' | 'max';
  readonly restoreBestWeights: boolean;
  best = NaN;
  bestEpoch = 0;
  /** the epoch at which training was stopped, or 0 */
  stoppedEpoch = 0;
  private wait = 0;
  private bestWeights: Record<string, Tensor> | null = null;

  constructor({ monitor = 'valLoss', patience = 5, minDelta = 0, mode = 'auto', restoreBestWeights = false }: EarlyStoppingOptions = {}) {
    if (!(Number.isInteger(patience) && patience >= 0))
      throw new Error(`EarlyStopping: patience must be a non-negative integer, got ${patience}`);
    this.monitor = monitor;
    this.patience = patience;
    this.minDelta = Math.abs(minDelta);
    this.mode = resolveMode(monitor, mode);
    this.restoreBestWeights = restoreBestWeights;
  }

  onTrainBegin(): void {
    [this.best, this.bestEpoch, this.stoppedEpoch, this.wait, this.bestWeights] = [NaN, 0, 0, 0, null];
  }

  onEpochEnd(epoch: number, logs: EpochLogs, ctx: FitContext): void {
    const v = monitored('EarlyStopping', this.monitor, logs);
    const better = this.mode === 'min' ? v < this.best - this.minDelta : v > this.best + this.minDelta;
    if (Number.isNaN(this.best) || better) {
      [this.best, this.bestEpoch, this.wait] = [v, epoch, 0];
      if (this.restoreBestWeights) this.bestWeights = snapshot(ctx.model);
      return;
    }
    if (++this.wait >= this.patience) {
      this.stoppedEpoch = epoch;
      ctx.stopTraining = true;
    }
  }

  onTrainEnd(ctx: FitContext): void {
    if (this.bestWeights && ctx.history.at(-1)?.epoch !== this.bestEpoch) ctx.model.loadStateDict(this.bestWeights);
  }
}

/**
 * Steps a learning-rate schedule after each epoch (or each batch with `interval: 'step'`);
 * with `monitor` the value is passed to step(), as ReduceLROnPlateau needs.
 * Example: new SchedulerCallback(new ReduceLROnPlateau(opt, { patience: 2 }), { monitor: 'valLoss' })
 */
export class SchedulerCallback implements Callback {
  constructor(
    readonly scheduler: Scheduler,
    readonly opts: { monitor?: string; interval?: 'epoch' | 'step' } = {},
  ) {}
  onBatchEnd(): void {
    if (this.opts.interval === 'step') this.scheduler.step();
  }
  onEpochEnd(_epoch: number, logs: EpochLogs): void {
    if (this.opts.interval === 'step') return;
    if (this.opts.monitor) this.scheduler.step(monitored('SchedulerCallback', this.opts.monitor, logs));
    else this.scheduler.step();
  }
}
