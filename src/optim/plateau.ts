import type { GroupOptions, Optimizer } from './optimizer.js';

type AnyOptimizer = Optimizer<GroupOptions>;

export interface PlateauOptions {
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: 'rel' | 'abs';
  cooldown?: number;
  minLr?: number | number[];
  eps?: number;
}

/**
 * Multiplies the learning rate by factor when the metric has not improved for patience steps,
 * as PyTorch's ReduceLROnPlateau. Call step(metric) once per epoch with the validation loss.
 */
export class ReduceLROnPlateau {
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;
  private readonly o: Required<Omit<PlateauOptions, 'minLr'>> & { minLr: number[] };
  private lastLr: number[];
  constructor(readonly optimizer: AnyOptimizer, options: PlateauOptions = {}) {
    const groups = optimizer.paramGroups;
    const minLr = options.minLr ?? 0;
    this.o = {
      mode: 'min', factor: 0.1, patience: 10, threshold: 1e-4, thresholdMode: 'rel', cooldown: 0, eps: 1e-8, ...options,
      minLr: Array.isArray(minLr) ? minLr : groups.map(() => minLr),
    };
    if (!(this.o.factor < 1)) throw new Error(`ReduceLROnPlateau: factor must be below 1, got ${this.o.factor}`);
    if (this.o.minLr.length !== groups.length)
      throw new Error(`ReduceLROnPlateau: ${this.o.minLr.length} minLr values for ${groups.length} parameter groups`);
    this.best = this.o.mode === 'min' ? Infinity : -Infinity;
    this.lastLr = groups.map((g) => g.lr);
  }
  private isBetter(a: number): boolean {
    const { mode, thresholdMode: tm, threshold: th } = this.o;
    if (mode === 'min') return tm === 'rel' ? a < this.best * (1 - th) : a < this.best - th;
    return tm === 'rel' ? a > this.best * (1 + th) : a > this.best + th;
  }
  /** Records one epoch's metric and lowers the learning rate after patience bad epochs. */
  step(metric: number): void {
    if (typeof metric !== 'number')
      throw new Error(`ReduceLROnPlateau: metric must be a number, got ${metric}`);
    this.lastEpoch += 1;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else this.numBadEpochs += 1;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.o.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const next = Math.max(g.lr * this.o.factor, this.o.minLr[i]);
        if (g.lr - next > this.o.eps) g.lr = next;
      });
      this.cooldownCounter = this.o.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }
  getLastLr(): number[] {
    return [...this.lastLr];
  }
  stateDict(): Record<string, number | number[]> {
    const { best, numBadEpochs, cooldownCounter, lastEpoch } = this;
    return { best, numBadEpochs, cooldownCounter, lastEpoch, lastLr: [...this.lastLr] };
  }
  loadStateDict(sd: Record<string, number | number[]>): void {
    this.best = sd.best as number;
    this.numBadEpochs = sd.numBadEpochs as number;
    this.cooldownCounter = sd.cooldownCounter as number;
    this.lastEpoch = sd.lastEpoch as number;
    this.lastLr = [...(sd.lastLr as number[])];
  }
}
