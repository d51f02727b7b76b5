// Max pooling forward through wasm (assembly/pool.ts); its adjoint, a scatter with nothing to
// compute, stays with the reference kernel.
import type { Kernels, WindowParams } from '../backend.js';
import type { Engine } from './engine.js';

type Fn = (...args: number[]) => number;
interface PoolExports {
  setWindow: Fn;
  maxPool2d: Fn;
}

/** Below this many outputs the reference wins (copies and call overhead). */
const POOL_MIN = 1024;

export function wasmMaxPool(engine: Engine, fallback: Kernels['maxPool2d']): Kernels['maxPool2d'] {
  const { arena } = engine;
  const k = engine.exports as unknown as PoolExports;
  return (x, out, index, p: WindowParams) => {
    const planes = p.n * p.c;
    const xLen = planes * p.h * p.w;
    const oLen = out.length;
    if (!(x instanceof Float32Array && out instanceof Float32Array) || oLen < POOL_MIN) return fallback(x, out, index, p);
    arena.reset();
    if (!arena.reserve((xLen + 2 * oLen) * 4, 3)) return fallback(x, out, index, p);
    const xP = arena.alloc(xLen * 4);
    const oP = arena.alloc(oLen * 4);
    const iP = arena.alloc(oLen * 4);
    arena.f32.set(x.subarray(0, xLen), xP >>> 2);
    k.setWindow(p.h, p.w, p.kh, p.kw, p.strideH, p.strideW, p.padH, p.padW, p.dilationH, p.dilationW, p.outH, p.outW);
    k.maxPool2d(xP, oP, iP, planes);
    out.set(arena.f32.subarray(oP >>> 2, (oP >>> 2) + oLen));
    index.set(arena.i32.subarray(iP >>> 2, (iP >>> 2) + oLen));
  };
}
