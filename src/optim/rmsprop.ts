import type { Data } from '../backend/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type GroupOptions, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';

export interface RMSpropOptions extends GroupOptions {
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}

/**
 * RMSprop, as PyTorch: s = αs + (1 − α)g²; d = g / (√(s − ḡ²) + ε) with ḡ the running mean of g
 * when centered, else g / (√s + ε); with momentum b = μb + d and w −= lr·b, else w −= lr·d.
 * Example: const opt = new RMSprop(model.parameters(), { lr: 0.01 });
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: ParamsInput<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super('RMSprop', params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false, ...options });
  }
  protected override validate(g: RMSpropOptions): void {
    super.validate(g);
    if (!(g.alpha >= 0)) throw new Error(`RMSprop: invalid alpha ${g.alpha}`);
    if (!(g.eps >= 0)) throw new Error(`RMSprop: invalid eps ${g.eps}`);
    if (!(g.momentum >= 0)) throw new Error(`RMSprop: invalid momentum ${g.momentum}`);
    if (!(g.weightDecay >= 0)) throw new Error(`RMSprop: invalid weightDecay ${g.weightDecay}`);
  }
  protected update(w: Data, g: Data, o: ParamGroup<RMSpropOptions>, state: ParamState, p: Tensor): void {
    const { lr, alpha, eps, weightDecay: wd, momentum: mu, centered } = o;
    state.step = ((state.step as number | undefined) ?? 0) + 1;
    const sq = this.buffer(state, 'squareAvg', p);
    const ga = centered ? this.buffer(state, 'gradAvg', p) : null;
    const buf = mu > 0 ? this.buffer(state, 'momentumBuffer', p) : null;
    const sign = o.maximize ? -1 : 1;
    for (let i = 0, n = w.length; i < n; i++) {
      const gi = sign * g[i] + wd * w[i];
      const s = (sq[i] = alpha * sq[i] + (1 - alpha) * gi * gi);
      let avg: number;
      if (ga) {
        const a = (ga[i] = alpha * ga[i] + (1 - alpha) * gi);
        avg = Math.sqrt(s - a * a) + eps;
      } else avg = Math.sqrt(s) + eps;
      if (buf) w[i] -= lr * (buf[i] = mu * buf[i] + gi / avg);
      else w[i] -= (lr * gi) / avg;
    }
  }
}
