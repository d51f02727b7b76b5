import type { Data } from '../backend/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type GroupOptions, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';

export interface AdagradOptions extends GroupOptions {
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

/**
 * Adagrad, as PyTorch: s += g²; w −= lr/(1 + (t − 1)·lrDecay)·g / (√s + ε).
 * Example: const opt = new Adagrad(model.parameters(), { lr: 0.01 });
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: ParamsInput<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super('Adagrad', params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false, ...options });
  }
  protected override validate(g: AdagradOptions): void {
    super.validate(g);
    if (!(g.lrDecay >= 0)) throw new Error(`Adagrad: invalid lrDecay ${g.lrDecay}`);
    if (!(g.weightDecay >= 0)) throw new Error(`Adagrad: invalid weightDecay ${g.weightDecay}`);
    if (!(g.initialAccumulatorValue >= 0)) throw new Error(`Adagrad: invalid initialAccumulatorValue ${g.initialAccumulatorValue}`);
    if (!(g.eps >= 0)) throw new Error(`Adagrad: invalid eps ${g.eps}`);
  }
  protected update(w: Data, g: Data, o: ParamGroup<AdagradOptions>, state: ParamState, p: Tensor): void {
    const { lr, lrDecay, weightDecay: wd, eps } = o;
    if (state.sum === undefined) this.buffer(state, 'sum', p).fill(o.initialAccumulatorValue);
    const sum = this.buffer(state, 'sum', p);
    const t = (state.step = ((state.step as number | undefined) ?? 0) + 1);
    const clr = lr / (1 + (t - 1) * lrDecay);
    const sign = o.maximize ? -1 : 1;
    for (let i = 0, n = w.length; i < n; i++) {
      const gi = sign * g[i] + wd * w[i];
      const s = (sum[i] += gi * gi);
      w[i] -= (clr * gi) / (Math.sqrt(s) + eps);
    }
  }
}
