import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/create.js';
import { decodeSafetensors, encodeSafetensors } from '../io/safetensors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { monitored, resolveMode, type Callback, type EpochLogs, type FitContext } from './callbacks.js';
import type { FitModel, FitOptimizer, Scheduler } from './fit.js';

/** What a checkpoint file holds besides the bytes: weights, optimizer state, progress. */
export interface Checkpoint {
  model: Record<string, Tensor>;
  /** the optimizer's stateDict() as it was saved, tensors included; null when none was saved */
  optimizer: unknown;
  /** epochs completed (1-based count) */
  epoch: number;
  history: EpochLogs[];
  /** the learning-rate schedules' stateDict()s, in order */
  schedulers: unknown[];
  /** free-form values saved alongside (the best monitored value …) */
  extra: Record<string, unknown>;
}

// Optimizer state is any JSON-like tree with tensors (or typed arrays) as leaves: the leaves go
// into the safetensors body, the tree into the header metadata with {"$tensor": key} in their place.
function flattenState(value: unknown, path: string, out: Record<string, Tensor>): unknown {
  if (value instanceof Tensor) {
    out[path] = value;
    return { $tensor: path };
  }
  if (value instanceof Float32Array || value instanceof Float64Array || value instanceof Int32Array) {
    out[path] = tensor(value.slice());
    return { $typed: path };
  }
  if (value instanceof Map) return { $map: [...value].map(([k, v], i) => [k, flattenState(v, `${path}.${i}`, out)]) };
  if (Array.isArray(value)) return value.map((v, i) => flattenState(v, `${path}.${i}`, out));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, flattenState(v, `${path}.${k}`, out)]));
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  return value;
}

function unflattenState(value: unknown, tensors: Record<string, Tensor>): unknown {
  if (Array.isArray(value)) return value.map((v) => unflattenState(v, tensors));
  if (!value || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (typeof o.$tensor === 'string') return tensors[o.$tensor];
  if (typeof o.$typed === 'string') return tensors[o.$typed].dataSync();
  if (typeof o.$number === 'string') return Number(o.$number);
  if (Array.isArray(o.$map)) return new Map(o.$map.map(([k, v]: [unknown, unknown]) => [k, unflattenState(v, tensors)]));
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unflattenState(v, tensors)]));
}

/**
 * Saves model weights (`model.<name>`), optimizer state (`optimizer.<path>`), the epoch and the
 * history as one safetensors file, atomically (temporary file, then rename).
 * Example: saveCheckpoint('ckpt/last.safetensors', { model, optimizer, epoch: 3, history })
 */
export function saveCheckpoint(
  path: string,
  c: {
    model: FitModel; optimizer?: FitOptimizer; schedulers?: readonly Scheduler[]; epoch: number;
    history?: EpochLogs[]; extra?: Record<string, unknown>;
  },
): void {
  const tensors: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(c.model.stateDict())) tensors['model.' + k] = t;
  const optimizer = c.optimizer?.stateDict ? flattenState(c.optimizer.stateDict(), 'optimizer', tensors) : null;
  const metadata = {
    format: 'perceptio-checkpoint',
    epoch: String(c.epoch),
    history: JSON.stringify(c.history ?? []),
    optimizer: JSON.stringify(optimizer),
    schedulers: JSON.stringify((c.schedulers ?? []).map((s, i) => (s.stateDict ? flattenState(s.stateDict(), `scheduler.${i}`, tensors) : null))),
    extra: JSON.stringify(c.extra ?? {}),
  };
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

/** Reads a file written by saveCheckpoint (a missing or foreign file is a clear error). */
export function loadCheckpoint(path: string): Checkpoint {
  if (!existsSync(path)) throw new Error(`loadCheckpoint: no such file: ${path}`);
  const { tensors, metadata } = decodeSafetensors(readFileSync(path), path);
  if (metadata.format !== 'perceptio-checkpoint')
    throw new Error(`loadCheckpoint: ${path} is a safetensors file but not a Perceptio checkpoint`);
  const model: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(tensors)) if (k.startsWith('model.')) model[k.slice(6)] = t;
  return {
    model,
    optimizer: unflattenState(JSON.parse(metadata.optimizer ?? 'null'), tensors),
    epoch: Number(metadata.epoch),
    history: JSON.parse(metadata.history ?? '[]') as EpochLogs[],
    schedulers: (JSON.parse(metadata.schedulers ?? '[]') as unknown[]).map((s) => unflattenState(s, tensors)),
    extra: JSON.parse(metadata.extra ?? '{}') as Record<string, unknown>,
  };
}

/** Loads a checkpoint into a model (and optimizer and schedules) and returns it, for epoch and history. */
export function restoreCheckpoint(
  path: string, model: FitModel, optimizer?: FitOptimizer, schedulers: readonly Scheduler[] = [],
): Checkpoint {
  const c = loadCheckpoint(path);
  model.loadStateDict(c.model);
  if (optimizer?.loadStateDict && c.optimizer !== null) optimizer.loadStateDict(c.optimizer as never);
  schedulers.forEach((s, i) => {
    if (s.loadStateDict && c.schedulers[i]) s.loadStateDict(c.schedulers[i] as never);
  });
  return c;
}

export interface ModelCheckpointOptions {
  /** folder for last.safetensors and best.safetensors */
  dir: string;
  /** the log key that decides "best" (default 'valLoss', or 'loss' without validation) */
  monitor?: string;
  mode?: 'min' | 'max' | 'auto';
  /** write best.safetensors when the monitored value improves (default true) */
  saveBest?: boolean;
  /** write last.safetensors after every epoch (default true) */
  saveLast?: boolean;
  /** continue from last.safetensors when it exists: weights, optimizer, epoch and history (default false) */
  resume?: boolean;
}

/**
 * Writes `last.safetensors` after every epoch and `best.safetensors` when the monitored value
 * improves, atomically; with `resume` a new fit picks up where the last checkpoint ended.
 * Example: fit(model, { …, epochs: 10, callbacks: [new ModelCheckpoint({ dir: 'ckpt', resume: true })] })
 */
export class ModelCheckpoint implements Callback {
  readonly dir: string;
  readonly lastPath: string;
  readonly bestPath: string;
  best = NaN;
  /** the epoch a resumed run continued from (0 when it started fresh) */
  resumedFrom = 0;
  private readonly opts: ModelCheckpointOptions;

  constructor(opts: ModelCheckpointOptions) {
    this.opts = opts;
    this.dir = opts.dir;
    this.lastPath = join(opts.dir, 'last.safetensors');
    this.bestPath = join(opts.dir, 'best.safetensors');
  }

  onTrainBegin(ctx: FitContext): void {
    this.best = NaN;
    this.resumedFrom = 0;
    if (!this.opts.resume || !existsSync(this.lastPath)) return;
    const c = restoreCheckpoint(this.lastPath, ctx.model, ctx.optimizer, ctx.schedulers);
    ctx.initialEpoch = c.epoch;
    ctx.history.push(...c.history);
    ctx.lastCheckpoint = this.lastPath;
    this.resumedFrom = c.epoch;
    if (typeof c.extra.best === 'number') this.best = c.extra.best;
  }

  onEpochEnd(epoch: number, logs: EpochLogs, ctx: FitContext): void {
    const monitor = this.opts.monitor ?? (logs.valLoss !== undefined ? 'valLoss' : 'loss');
    const mode = resolveMode(monitor, this.opts.mode ?? 'auto');
    const v = monitored('ModelCheckpoint', monitor, logs);
    const improved = Number.isNaN(this.best) || (mode === 'min' ? v < this.best : v > this.best);
    if (improved) this.best = v;
    // the History callback has already appended this epoch's logs
    const state = { model: ctx.model, optimizer: ctx.optimizer, schedulers: ctx.schedulers, epoch, history: ctx.history, extra: { best: this.best, monitor } };
    if (improved && this.opts.saveBest !== false) saveCheckpoint(this.bestPath, state);
    if (this.opts.saveLast !== false) {
      saveCheckpoint(this.lastPath, state);
      ctx.lastCheckpoint = this.lastPath;
    } else if (improved && this.opts.saveBest !== false) ctx.lastCheckpoint = this.bestPath;
  }
}
