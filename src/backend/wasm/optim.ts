// Optimizer updates through wasm SIMD (assembly/optim.ts) for float32 parameters. Operands that
// are persistent views of the wasm memory (parameters and optimizer state, see memory.ts) are
// updated in place; others are copied in and out of the arena.
import type { Data, Kernels } from '../backend.js';
import { adamScalars, sgdScalars } from '../js/optim.js';
import type { Engine } from './engine.js';

/** Below this many elements the JS loop is as fast as the call and copies. */
const OPTIM_MIN = 256;

/** Addresses of the arrays in wasm memory (copied in where they do not lie there); null if no room. */
function place(engine: Engine, xs: Float32Array[]): number[] | null {
  const { arena } = engine;
  arena.reset();
  if (!arena.reserve(arena.copyBytes(...xs.map((x): [Float32Array, number] => [x, x.length])), xs.length)) return null;
  return xs.map((x) => arena.place(x, 0, x.length));
}

/** Copies the updated arrays back out (all but the gradient, xs[1], which is only read). */
function unplace(engine: Engine, xs: Float32Array[], ptrs: number[]): void {
  xs.forEach((x, i) => i !== 1 && engine.arena.unplace(x, ptrs[i], x.length));
}

const f32s = (...xs: Data[]): boolean => xs.every((x) => x instanceof Float32Array);

export function wasmOptim(engine: Engine, fallback: Pick<Kernels, 'sgd' | 'adam'>): Pick<Kernels, 'sgd' | 'adam'> {
  const k = engine.exports;
  return {
    sgd(w, g, b, p) {
      const buf = p.momentum === 0 ? null : b;
      if (w.length < OPTIM_MIN || !f32s(w, g) || (buf && !(buf instanceof Float32Array))) return fallback.sgd(w, g, b, p);
      const xs = buf ? [w, g, buf as Float32Array] : [w, g];
      const at = place(engine, xs as Float32Array[]);
      if (!at) return fallback.sgd(w, g, b, p);
      const { sign, keep, scale } = sgdScalars(p);
      const [wP, gP, bP = 0] = at;
      k.sgd(wP, gP, bP, w.length, p.lr, buf ? p.momentum : 0, scale, keep, p.weightDecay, sign, p.nesterov ? 1 : 0);
      unplace(engine, xs as Float32Array[], at);
    },
    adam(w, g, m, v, vmax, p) {
      if (w.length < OPTIM_MIN || !f32s(w, g, m, v) || (vmax && !(vmax instanceof Float32Array))) {
        return fallback.adam(w, g, m, v, vmax, p);
      }
      const xs = (vmax ? [w, g, m, v, vmax] : [w, g, m, v]) as Float32Array[];
      const at = place(engine, xs);
      if (!at) return fallback.adam(w, g, m, v, vmax, p);
      const { stepSize, bc2, sign, l2, shrink } = adamScalars(p);
      const [wP, gP, mP, vP, xP = 0] = at;
      k.adam(wP, gP, mP, vP, xP, w.length, p.beta1, p.beta2, stepSize, bc2, p.eps, l2, shrink, sign);
      unplace(engine, xs, at);
    },
  };
}
