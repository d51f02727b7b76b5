import type { Data } from '../backend/backend.js';
import { getBackend } from '../backend/index.js';
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
    const first = o.momentum !== 0 && state.momentumBuffer === undefined;
    const b = o.momentum === 0 ? null : this.buffer(state, 'momentumBuffer', p);
    getBackend().kernels.sgd(w, g, b, { ...o, first });
  }
}
