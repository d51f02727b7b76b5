// Max pooling and its adjoint through wasm (assembly/pool.ts).
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
    if (!arena.reserve(arena.copyBytes([x, xLen], [out, oLen], [index, oLen]), 3)) return fallback(x, out, index, p);
    const xP = arena.place(x, 0, xLen);
    const oP = arena.room(out, oLen);
    const iP = arena.room(index, oLen);
    k.setWindow(p.h, p.w, p.kh, p.kw, p.strideH, p.strideW, p.padH, p.padW, p.dilationH, p.dilationW, p.outH, p.outW);
    k.maxPool2d(xP, oP, iP, planes);
    arena.unplace(out, oP, oLen);
    arena.unplace(index, iP, oLen);
  };
}

/** Max pooling's adjoint: a scatter, in wasm once operands lie there or are copied in. */
export function wasmMaxUnpool(engine: Engine, fallback: Kernels['maxUnpool2d']): Kernels['maxUnpool2d'] {
  const { arena } = engine;
  const k = engine.exports as unknown as { maxUnpool2d: Fn };
  return (g, index, out, planes, plane, cells, tiledWidth = 0) => {
    const n = planes * plane;
    const m = planes * cells;
    if (!(g instanceof Float32Array && out instanceof Float32Array) || m < POOL_MIN) return fallback(g, index, out, planes, plane, cells);
    arena.reset();
    if (!arena.reserve(arena.copyBytes([g, m], [index, m], [out, n]), 3)) return fallback(g, index, out, planes, plane, cells);
    const gP = arena.place(g, 0, m);
    const iP = arena.place(index, 0, m);
    const oP = arena.room(out, n);
    k.maxUnpool2d(gP, iP, oP, planes, plane, cells, tiledWidth);
    arena.unplace(out, oP, n);
  };
}
