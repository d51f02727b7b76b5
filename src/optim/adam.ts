import type { Data } from '../backend/backend.js';
import { getBackend } from '../backend/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type GroupOptions, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';

export interface AdamOptions extends GroupOptions {
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

/**
 * Adam (Kingma & Ba), as PyTorch: m = β₁m + (1 − β₁)g, v = β₂v + (1 − β₂)g²,
 * w −= lr/(1 − β₁ᵗ)·m / (√v/√(1 − β₂ᵗ) + ε); weightDecay adds λw to g (L2).
 * Example: const opt = new Adam(model.parameters(), { lr: 1e-3 });
 */
export class Adam extends Optimizer<AdamOptions> {
  /** AdamW decays weights directly (w −= lr·λ·w) instead of adding λw to the gradient */
  protected decoupled = false;

  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}, name = 'Adam') {
    super(name, params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...options });
  }
  protected override validate(g: AdamOptions): void {
    super.validate(g);
    const [b1, b2] = g.betas;
    if (!(b1 >= 0 && b1 < 1)) throw new Error(`${this.name}: invalid beta at index 0: ${b1}`);
    if (!(b2 >= 0 && b2 < 1)) throw new Error(`${this.name}: invalid beta at index 1: ${b2}`);
    if (!(g.eps >= 0)) throw new Error(`${this.name}: invalid eps ${g.eps}`);
    if (!(g.weightDecay >= 0)) throw new Error(`${this.name}: invalid weightDecay ${g.weightDecay}`);
  }
  protected update(w: Data, g: Data, o: ParamGroup<AdamOptions>, state: ParamState, p: Tensor): void {
    const step = (state.step = ((state.step as number | undefined) ?? 0) + 1);
    const m = this.buffer(state, 'expAvg', p);
    const v = this.buffer(state, 'expAvgSq', p);
    const vmax = o.amsgrad ? this.buffer(state, 'maxExpAvgSq', p) : null;
    const [beta1, beta2] = o.betas;
    getBackend().kernels.adam(w, g, m, v, vmax, { ...o, beta1, beta2, decoupled: this.decoupled, step });
  }
}

/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay w −= lr·λ·w (λ = 0.01 by default).
 * Example: const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.05 });
 */
export class AdamW extends Adam {
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { weightDecay: 1e-2, ...options }, 'AdamW');
    this.decoupled = true;
  }
}
