import type { GroupOptions, Optimizer } from './optimizer.js';

// Learning-rate schedules with PyTorch's semantics: constructing one sets the initial learning
// rate (step 0); each step() advances one step (usually an epoch) and writes every group's lr.
// The closed forms equal PyTorch's chained updates when no one else changes the learning rate.

type AnyOptimizer = Optimizer<GroupOptions>;
export interface SchedulerStateDict {
  lastEpoch: number;
  baseLrs: number[];
  lastLr: number[];
  [extra: string]: unknown;
}

/** Base of the epoch-indexed schedules: lr of group i at step t = lrAt(t, baseLrs[i], i). */
export abstract class LRScheduler {
  /** steps taken so far (0 right after construction) */
  lastEpoch = -1;
  readonly baseLrs: number[];
  protected lastLr: number[] = [];
  constructor(readonly optimizer: AnyOptimizer) {
    this.baseLrs = optimizer.paramGroups.map((g) => g.lr);
  }
  /** Call at the end of the constructor of each subclass: applies step 0. */
  protected start(): void {
    this.step();
  }
  protected abstract lrAt(t: number, base: number, group: number): number;
  /** Advances one step and sets the learning rate of every group. */
  step(): void {
    this.lastEpoch += 1;
    this.lastLr = this.optimizer.paramGroups.map((g, i) => (g.lr = this.lrAt(this.lastEpoch, this.baseLrs[i], i)));
  }
  /** The learning rate of each group after the last step. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }
  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs], lastLr: [...this.lastLr] };
  }
  loadStateDict(sd: SchedulerStateDict): void {
    this.lastEpoch = sd.lastEpoch;
    this.baseLrs.splice(0, this.baseLrs.length, ...sd.baseLrs);
    this.lastLr = [...sd.lastLr];
  }
}

/** lr = base·γ^⌊t / stepSize⌋: decays by γ every stepSize steps. */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;
  constructor(optimizer: AnyOptimizer, { stepSize, gamma = 0.1 }: { stepSize: number; gamma?: number }) {
    super(optimizer);
    if (!(Number.isInteger(stepSize) && stepSize > 0)) throw new Error(`StepLR: stepSize must be a positive integer, got ${stepSize}`);
    [this.stepSize, this.gamma] = [stepSize, gamma];
    this.start();
  }
  protected lrAt(t: number, base: number): number {
    return base * this.gamma ** Math.floor(t / this.stepSize);
  }
}

/** lr = base·γᵗ. */
export class ExponentialLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, readonly options: { gamma: number }) {
    super(optimizer);
    this.start();
  }
  protected lrAt(t: number, base: number): number {
    return base * this.options.gamma ** t;
  }
}

/** lr = ηmin + (base − ηmin)·(1 + cos(πt / tMax)) / 2: a half cosine from base down to ηmin. */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;
  constructor(optimizer: AnyOptimizer, { tMax, etaMin = 0 }: { tMax: number; etaMin?: number }) {
    super(optimizer);
    if (!(tMax > 0)) throw new Error(`CosineAnnealingLR: tMax must be positive, got ${tMax}`);
    [this.tMax, this.etaMin] = [tMax, etaMin];
    this.start();
  }
  protected lrAt(t: number, base: number): number {
    return this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * t) / this.tMax))) / 2;
  }
}

/** lr = base·(s + (e − s)·min(t, T)/T): a linear ramp of the factor from s to e over T steps. */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;
  constructor(optimizer: AnyOptimizer, { startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = {}) {
    super(optimizer);
    if (!(startFactor > 0 && startFactor <= 1)) throw new Error(`LinearLR: startFactor must be in (0, 1], got ${startFactor}`);
    if (!(endFactor >= 0 && endFactor <= 1)) throw new Error(`LinearLR: endFactor must be in [0, 1], got ${endFactor}`);
    [this.startFactor, this.endFactor, this.totalIters] = [startFactor, endFactor, totalIters];
    this.start();
  }
  protected lrAt(t: number, base: number): number {
    return base * (this.startFactor + ((this.endFactor - this.startFactor) * Math.min(t, this.totalIters)) / this.totalIters);
  }
}

/** lr = base·f(t) for a function of the step. */
export class LambdaLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, readonly lrLambda: (t: number, group: number) => number) {
    super(optimizer);
    this.start();
  }
  protected lrAt(t: number, base: number, group: number): number {
    return base * this.lrLambda(t, group);
  }
}

/**
 * Linear warmup from startFactor·base to base over warmupSteps, then constant, or a cosine decay
 * to minLr at totalSteps (decay: 'cosine'): the usual recipe for transformers and large batches.
 * Example: new LinearWarmup(opt, { warmupSteps: 100, decay: 'cosine', totalSteps: 1000 })
 */
export class LinearWarmup extends LRScheduler {
  readonly options: { warmupSteps: number; startFactor: number; decay: 'none' | 'cosine'; totalSteps: number; minLr: number };
  constructor(
    optimizer: AnyOptimizer,
    { warmupSteps, startFactor = 0, decay = 'none', totalSteps = warmupSteps, minLr = 0 }:
      { warmupSteps: number; startFactor?: number; decay?: 'none' | 'cosine'; totalSteps?: number; minLr?: number },
  ) {
    super(optimizer);
    if (!(Number.isInteger(warmupSteps) && warmupSteps >= 0)) throw new Error(`LinearWarmup: warmupSteps must be a non-negative integer, got ${warmupSteps}`);
    if (decay === 'cosine' && !(totalSteps > warmupSteps))
      throw new Error(`LinearWarmup: totalSteps (${totalSteps}) must exceed warmupSteps (${warmupSteps}) for a cosine decay`);
    this.options = { warmupSteps, startFactor, decay, totalSteps, minLr };
    this.start();
  }
  protected lrAt(t: number, base: number): number {
    const { warmupSteps: w, startFactor: s, decay, totalSteps, minLr } = this.options;
    if (t < w) return base * (s + ((1 - s) * t) / w);
    if (decay === 'none') return base;
    const progress = Math.min((t - w) / (totalSteps - w), 1);
    return minLr + ((base - minLr) * (1 + Math.cos(Math.PI * progress))) / 2;
  }
}

export interface OneCycleOptions {
  maxLr: number | number[];
  totalSteps: number;
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  cycleMomentum?: boolean;
  baseMomentum?: number;
  maxMomentum?: number;
  divFactor?: number;
  finalDivFactor?: number;
  threePhase?: boolean;
}

/**
 * The one-cycle policy (Smith), as PyTorch's OneCycleLR: lr rises from maxLr/divFactor to maxLr
 * over pctStart of totalSteps, then anneals to maxLr/(divFactor·finalDivFactor); momentum (or
 * Adam's β₁) moves the opposite way between maxMomentum and baseMomentum. Step once per batch.
 */
export class OneCycleLR extends LRScheduler {
  private readonly phases: { end: number; lr: [string, string]; mom: [string, string] }[];
  private readonly lrs: { initial: number; max: number; min: number }[];
  private readonly opts: Required<Omit<OneCycleOptions, 'maxLr'>>;
  constructor(optimizer: AnyOptimizer, options: OneCycleOptions) {
    super(optimizer);
    const o = (this.opts = {
      pctStart: 0.3, annealStrategy: 'cos', cycleMomentum: true, baseMomentum: 0.85, maxMomentum: 0.95,
      divFactor: 25, finalDivFactor: 1e4, threePhase: false, ...options,
    } as Required<OneCycleOptions>);
    if (!(Number.isInteger(o.totalSteps) && o.totalSteps > 0))
      throw new Error(`OneCycleLR: totalSteps must be a positive integer, got ${o.totalSteps}`);
    if (!(o.pctStart >= 0 && o.pctStart <= 1)) throw new Error(`OneCycleLR: pctStart must be in [0, 1], got ${o.pctStart}`);
    const groups = optimizer.paramGroups;
    const maxLrs = Array.isArray(options.maxLr) ? options.maxLr : groups.map(() => options.maxLr as number);
    if (maxLrs.length !== groups.length)
      throw new Error(`OneCycleLR: ${maxLrs.length} maxLr values for ${groups.length} parameter groups`);
    this.lrs = maxLrs.map((max) => ({ initial: max / o.divFactor, max, min: max / o.divFactor / o.finalDivFactor }));
    const p = o.pctStart * o.totalSteps;
    this.phases = o.threePhase
      ? [
          { end: p - 1, lr: ['initial', 'max'], mom: ['max', 'base'] },
          { end: 2 * p - 2, lr: ['max', 'initial'], mom: ['base', 'max'] },
          { end: o.totalSteps - 1, lr: ['initial', 'min'], mom: ['max', 'max'] },
        ]
      : [
          { end: p - 1, lr: ['initial', 'max'], mom: ['max', 'base'] },
          { end: o.totalSteps - 1, lr: ['max', 'min'], mom: ['base', 'max'] },
        ];
    if (o.cycleMomentum && groups.some((g) => !('momentum' in g) && !('betas' in g)))
      throw new Error('OneCycleLR: cycleMomentum needs an optimizer with momentum or betas; pass cycleMomentum: false');
    this.baseLrs.splice(0, this.baseLrs.length, ...this.lrs.map((l) => l.initial));
    this.start();
  }
  private anneal(start: number, end: number, pct: number): number {
    return this.opts.annealStrategy === 'cos'
      ? end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1)
      : (end - start) * pct + start;
  }
  /** lr and momentum at step t, walking the phases as PyTorch does. */
  private at(t: number, group: number): [number, number] {
    if (t > this.opts.totalSteps)
      throw new Error(`OneCycleLR: tried to step ${t} times; the specified number of total steps is ${this.opts.totalSteps}`);
    const lrs = this.lrs[group] as Record<string, number>;
    const moms: Record<string, number> = { base: this.opts.baseMomentum, max: this.opts.maxMomentum };
    let start = 0;
    for (let i = 0; i < this.phases.length; i++) {
      const ph = this.phases[i];
      if (t <= ph.end || i === this.phases.length - 1) {
        const pct = (t - start) / (ph.end - start);
        return [this.anneal(lrs[ph.lr[0]], lrs[ph.lr[1]], pct), this.anneal(moms[ph.mom[0]], moms[ph.mom[1]], pct)];
      }
      start = ph.end;
    }
    throw new Error('unreachable');
  }
  protected lrAt(t: number, _base: number, group: number): number {
    const [lr, mom] = this.at(t, group);
    if (this.opts.cycleMomentum) {
      const g = this.optimizer.paramGroups[group] as unknown as Record<string, unknown>;
      if ('betas' in g) g.betas = [mom, (g.betas as number[])[1]];
      else g.momentum = mom;
    }
    return lr;
  }
}
