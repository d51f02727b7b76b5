import { Tensor } from '../tensor/tensor.js';
import { fmt, sameShape } from '../tensor/shape.js';
import { release } from '../tensor/storage.js';
import { ops, type OpName, type Attrs } from './ops.js';

/** How a tensor was computed: enough to run its op's backward rule. */
export interface Node {
  op: OpName;
  inputs: Tensor[];
  attrs: Attrs;
}

let gradEnabled = true;

/**
 * Runs fn without recording operations for backward (inference, optimizer updates).
 * Example: const y = noGrad(() => model.forward(x));
 */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

export const isGradEnabled = () => gradEnabled;

/** Runs a primitive forward and records it when any input requires a gradient. */
export function apply(op: OpName, inputs: Tensor[], attrs: Attrs = {}): Tensor {
  const record = gradEnabled && ops[op].backward !== null && inputs.some((t) => t.requiresGrad);
  // forwards may call other ops (views, copies): those are internal steps, never recorded
  const out = noGrad(() => (ops[op].forward as (i: Tensor[], a: Attrs) => Tensor)(inputs, attrs));
  if (record) {
    out.requiresGrad = true;
    out.node = { op, inputs, attrs };
  }
  return out;
}

// Tensors whose node a backward() freed: reaching one again would silently treat it as a leaf
// and drop every gradient below it, so it is an error (PyTorch raises one too).
const freed = new WeakSet<Tensor>();

/** Reverse topological order of the recorded graph below root. */
function order(root: Tensor): Tensor[] {
  const seen = new Set<Tensor>();
  const out: Tensor[] = [];
  const stack: [Tensor, boolean][] = [[root, false]];
  while (stack.length) {
    const [t, done] = stack.pop()!;
    if (done) {
      out.push(t);
      continue;
    }
    if (seen.has(t)) continue;
    if (freed.has(t))
      throw new Error(
        'backward: this graph was already freed by an earlier backward() (a graph is used once, as in PyTorch); ' +
          'run the forward pass again, or detach() the tensor you reuse',
      );
    seen.add(t);
    stack.push([t, true]);
    for (const i of t.node?.inputs ?? []) if (i.requiresGrad && !seen.has(i)) stack.push([i, false]);
  }
  return out.reverse();
}

/** Accumulates d(root)/d(leaf) into every leaf's .grad, then frees the graph. */
export function backward(root: Tensor, gradient?: Tensor): void {
  if (!root.requiresGrad)
    throw new Error('backward: this tensor does not require grad (no input had requiresGrad set, or it was computed under noGrad)');
  if (!gradient && root.size !== 1)
    throw new Error(`backward: a non-scalar tensor of shape ${fmt(root.shape)} needs a gradient argument of the same shape`);
  if (gradient && !sameShape(gradient.shape, root.shape))
    throw new Error(`backward: gradient shape ${fmt(gradient.shape)} differs from the tensor's shape ${fmt(root.shape)}`);
  const grads = new Map<Tensor, Tensor>();
  const given = new Set<Tensor>();
  noGrad(() => {
    grads.set(root, gradient ? gradient.to(root.dtype) : onesLike(root));
    for (const t of order(root)) {
      const g = grads.get(t);
      if (!g) continue;
      // .grad may be updated in place later, so it must own its storage: copy g only when it is
      // a view, the caller's gradient, or already another .grad (add passes one g to both inputs)
      if (!t.node || t.retainsGrad) {
        const owned = g.base === null && g !== gradient && !given.has(g);
        t.grad = t.grad ? t.grad.add(g) : owned ? g : g.clone();
        given.add(t.grad);
      }
      if (!t.node) continue;
      const { op, inputs, attrs } = t.node;
      const rule = ops[op].backward as (g: Tensor, ctx: { inputs: Tensor[]; out: Tensor; attrs: Attrs }) => (Tensor | null)[];
      const gs = rule(g, { inputs, out: t, attrs });
      inputs.forEach((x, i) => {
        const gi = gs[i];
        if (!gi || !x.requiresGrad) return;
        if (!sameShape(gi.shape, x.shape))
          throw new Error(`internal: ${op} backward gave ${fmt(gi.shape)} for input ${fmt(x.shape)}`);
        const prev = grads.get(x);
        grads.set(x, prev ? prev.add(gi) : gi);
      });
      grads.delete(t);
      if (g.base === null && g !== gradient && !given.has(g) && !pending(grads, g)) release(g.data);
      t.node = null; // free the graph as PyTorch does; intermediate values can be collected
      freed.add(t);
    }
  });
}

/** Whether a gradient still waiting in the map is g or a view of it. */
function pending(grads: Map<Tensor, Tensor>, g: Tensor): boolean {
  for (const v of grads.values()) if (v === g || v.base === g) return true;
  return false;
}

function onesLike(t: Tensor): Tensor {
  const data = new (t.data.constructor as Float32ArrayConstructor)(t.size).fill(1);
  return new Tensor(data, t.shape, t.dtype);
}
