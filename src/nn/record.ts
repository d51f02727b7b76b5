import type { Tensor } from '../tensor/tensor.js';
import type { Module } from './module.js';

export interface Recording {
  /** the latest output of each submodule, by dotted name ('' is the model itself) */
  readonly activations: Map<string, Tensor>;
  /** the gradient of the last backward w.r.t. each recorded output (null before backward) */
  grad(name: string): Tensor | null;
  /** unregisters every hook */
  remove(): void;
}

/**
 * Records every layer's output through forward hooks, for feature maps; with grads, outputs keep
 * their gradient after backward (retainGrad), for saliency and gradient-weighted maps.
 * Example: const rec = recordActivations(model, { grads: true }); loss(model.forward(x)).backward(); rec.grad('0')
 */
export function recordActivations(model: Module, { grads = false } = {}): Recording {
  const activations = new Map<string, Tensor>();
  const handles = model.namedModules().map(([name, m]) =>
    m.registerForwardHook((_m, _inputs, out) => {
      if (!isTensor(out)) return;
      if (grads && out.requiresGrad) out.retainGrad();
      activations.set(name, out);
    }),
  );
  return {
    activations,
    grad: (name) => activations.get(name)?.grad ?? null,
    remove: () => handles.forEach((h) => h.remove()),
  };
}

const isTensor = (v: unknown): v is Tensor => typeof v === 'object' && v !== null && 'retainGrad' in v && 'shape' in v;
