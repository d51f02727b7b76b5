import { getBackend } from '../backend/index.js';
import { Tensor } from '../tensor/tensor.js';
import { fmt, sameShape } from '../tensor/shape.js';
import type { Data } from '../backend/backend.js';
import { poolable, release, trackAllocations } from '../tensor/storage.js';
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

// Intermediate outputs that only the next built-in layer saw (nn/module.ts chain): backward returns
// their storage to the pool once the rules reading them have run, so the next step's forward
// reuses it. (A fresh array faults in zeroed pages: ~1.5 ms per MiB here, most of a CNN step's
// glue.) Reaching them is otherwise impossible, so nothing can read the reused storage.
const transient = new WeakSet<Tensor>();
// tensors some view shares storage with: never transient (the view may outlive the graph)
const viewed = new WeakSet<Tensor>();

/**
 * @internal Marks a recorded, viewless intermediate output as transient (see above). `viewsDone`:
 * its views are known to be reachable only through the graph too (chain: a pure layer's view,
 * consumed by a pure layer), so its storage is dead once its own node has run, after theirs.
 */
export function markTransient(t: Tensor, viewsDone = false): void {
  if (t.node && t.base === null && (viewsDone || !viewed.has(t))) transient.add(t);
}

/** @internal Whether backward will hand t's storage back (tests). */
export const isTransient = (t: Tensor): boolean => transient.has(t);

/** @internal A view of `base` was made: its storage must outlive any backward. */
export function noteView(base: Tensor): void {
  viewed.add(base);
  transient.delete(base);
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
      const owned = g.base === null && g !== gradient && !given.has(g);
      // storage that may be dead once this node is done: it goes back to the pool unless a
      // pending gradient, a .grad or the caller's gradient still uses it
      const dead: Data[] = [(g.base ?? g).data];
      if (!t.node || t.retainsGrad) {
        if (t.grad && zeroed.has(t.grad) && t.grad.dtype === g.dtype) {
          // a buffer the optimizer zeroed for reuse: fill it (unless the rule wrote g there
          // already); g's storage can return to the pool
          if (!(g.data === t.grad.data && g.offset === 0 && g.isContiguous())) t.grad.data.set(g.values());
          zeroed.delete(t.grad);
        } else {
          t.grad = t.grad ? t.grad.add(g) : owned ? g : g.clone();
          ownGrads.add(t.grad);
        }
        given.add(t.grad);
      }
      if (t.node) {
        const { op, inputs, attrs } = t.node;
        const rule = ops[op].backward as (g: Tensor, ctx: { inputs: Tensor[]; out: Tensor; attrs: Attrs }) => (Tensor | null)[];
        // arrays the rule allocates are its intermediates and the gradients it returns; leaf
        // inputs' zeroed .grad buffers are offered for their gradients (a matmul then writes the
        // weight gradient there, with no copies)
        const targets = offersFor(inputs, grads);
        const buffers = targets.map((i) => inputs[i].grad!.data);
        const [gs, scratch] = trackAllocations(() => rule(g, { inputs, out: t, attrs }), buffers);
        targets.forEach((target, i) => scratch.includes(buffers[i]) && claim(gs, target, buffers[i]));
        for (const d of scratch) if (!buffers.includes(d)) dead.push(d); // buffers stay the leaves' .grad
        inputs.forEach((x, i) => {
          const gi = gs[i];
          if (!gi || !x.requiresGrad) return;
          if (!sameShape(gi.shape, x.shape))
            throw new Error(`internal: ${op} backward gave ${fmt(gi.shape)} for input ${fmt(x.shape)}`);
          const prev = grads.get(x);
          grads.set(x, prev ? prev.add(gi) : gi);
          if (prev) dead.push((prev.base ?? prev).data, (gi.base ?? gi).data);
        });
      }
      grads.delete(t);
      // every rule reading t's value has run now (consumers come first in this order)
      if (transient.has(t) && t.node) dead.push(t.data);
      recycle(dead, grads, given, gradient);
      if (!t.node) continue;
      t.node = null; // free the graph as PyTorch does; intermediate values can be collected
      freed.add(t);
    }
  });
}

// Gradients backward assigned (they own contiguous storage nobody else was given), and those of
// them the optimizer has since zeroed in place: the next backward writes into these.
const ownGrads = new WeakSet<Tensor>();
const zeroed = new WeakSet<Tensor>();

/**
 * Zeroes t.grad in place for reuse by the next backward, where backward created it; returns
 * false (and leaves it) otherwise. Fresh large arrays cost page faults and garbage collection
 * (~0.1–1 ms per MiB here), so a training loop that reuses its gradient buffers saves their
 * allocation on every step; `replace` may swap in a buffer of the caller's choosing once.
 */
export function zeroGradInPlace(t: Tensor, replace?: (g: Tensor) => Tensor): boolean {
  let g = t.grad;
  if (!g || !ownGrads.has(g)) return false;
  if (replace) {
    const r = replace(g);
    if (r !== g) {
      ownGrads.add(r);
      t.grad = g = r;
    }
  }
  if (!zeroed.has(g) && !getBackend().zero?.(g.data)) g.data.fill(0);
  zeroed.add(g);
  return true;
}

/**
 * The inputs whose zeroed .grad buffers a rule may fill directly: leaves with one and no gradient
 * yet, each appearing once among the inputs, with buffers of distinct sizes (a buffer goes to the
 * first allocation of its size, so two of one size could swap).
 */
function offersFor(inputs: Tensor[], grads: Map<Tensor, Tensor>): number[] {
  const found: number[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const x = inputs[i];
    if (x.node || !x.requiresGrad || !x.grad || !zeroed.has(x.grad)) continue;
    if (grads.has(x) || inputs.indexOf(x) !== i) continue;
    if (found.some((f) => inputs[f].grad!.data.length === x.grad!.data.length)) return [];
    found.push(i);
  }
  return found;
}

/**
 * After a rule used an offered .grad buffer: only the gradient of input `target` may live there.
 * Another returned gradient in it is copied out; if the target's gradient is elsewhere, the
 * buffer held scratch and is zeroed again (backward copies the gradient in later).
 */
function claim(gs: (Tensor | null)[], target: number, buffer: Data): void {
  gs.forEach((gi, j) => {
    if (gi && j !== target && (gi.base ?? gi).data === buffer) gs[j] = gi.clone();
  });
  const own = gs[target];
  if (!own || (own.base ?? own).data !== buffer) buffer.fill(0);
}

/**
 * Returns to the pool each array of `dead` that no pending gradient, assigned .grad or the
 * caller's gradient uses (directly or as the storage of a view). Backward rules build gradients
 * from gradients, never from forward values, so nothing else can hold them.
 */
function recycle(dead: Data[], grads: Map<Tensor, Tensor>, given: Set<Tensor>, gradient?: Tensor): void {
  if (!dead.some(poolable)) return; // small graphs: nothing the pool would keep
  const live = new Set<Data>();
  for (const v of grads.values()) live.add((v.base ?? v).data);
  for (const v of given) live.add((v.base ?? v).data);
  if (gradient) live.add((gradient.base ?? gradient).data);
  for (const d of dead) if (!live.has(d)) release(d);
}

function onesLike(t: Tensor): Tensor {
  const data = new (t.data.constructor as Float32ArrayConstructor)(t.size).fill(1);
  return new Tensor(data, t.shape, t.dtype);
}
