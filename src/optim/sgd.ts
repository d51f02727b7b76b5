import type { Data } from '../backend/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type GroupOptions, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';

export interface SGDOptions extends GroupOptions {
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

/**
 * Stochastic gradient descent with PyTorch's semantics: d = g + λw; b = μb + (1 − τ)d (b = d on
 * the first step); d = d + μb (Nesterov) or b; w −= lr·d.
 * Example: const opt = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: ParamsInput<SGDOptions>, options: Partial<SGDOptions> = {}) {
    super('SGD', params, { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...options });
  }
  protected override validate(g: SGDOptions): void {
    super.validate(g);
    if (!(g.momentum >= 0)) throw new Error(`SGD: invalid momentum ${g.momentum}`);
    if (!(g.weightDecay >= 0)) throw new Error(`SGD: invalid weightDecay ${g.weightDecay}`);
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0))
      throw new Error('SGD: Nesterov momentum requires a momentum and zero dampening');
  }
  protected update(w: Data, g: Data, o: ParamGroup<SGDOptions>, state: ParamState, p: Tensor): void {
    const { lr, momentum: mu, dampening, weightDecay: wd, nesterov } = o;
    const sign = o.maximize ? -1 : 1;
    const n = w.length;
    if (mu === 0) {
      for (let i = 0; i < n; i++) w[i] -= lr * (sign * g[i] + wd * w[i]);
      return;
    }
    const first = state.momentumBuffer === undefined;
    const b = this.buffer(state, 'momentumBuffer', p);
    const keep = first ? 0 : 1;
    const scale = first ? 1 : 1 - dampening;
    for (let i = 0; i < n; i++) {
      const d = sign * g[i] + wd * w[i];
      const bi = (b[i] = keep * mu * b[i] + scale * d);
      w[i] -= lr * (nesterov ? d + mu * bi : bi);
    }
  }
}
