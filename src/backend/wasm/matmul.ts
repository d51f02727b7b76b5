// Batched SGEMM through the packed wasm kernel (assembly/gemm.ts), split over threads when large.
import type { Data, Kernels, MatmulParams } from '../backend.js';
import { GEMM, type Engine } from './engine.js';

/** Below this many multiply-adds the reference loop wins (copies and call cost dominate). */
export const MATMUL_MIN_MACS = 1024;
/** From this many multiply-adds on, a product is split over worker threads (~90 µs of work). */
export const MATMUL_THREAD_MACS = 1 << 21;
/** Shares per thread: threads claim them in turn, so a core that runs late does fewer. */
const PARTS_PER_THREAD = 2;
const MR = 2;
const NR = 16;

/** Shares of out = op(A)·op(B): [b0, b1, i0, i1, j0, j1], one per thread. */
export function splitGemm(batch: number, m: number, n: number, threads: number): number[][] {
  const t = Math.max(1, threads);
  const parts: number[][] = [];
  if (batch >= t) {
    for (let s = 0; s < t; s++) {
      const b0 = Math.floor((batch * s) / t);
      const b1 = Math.floor((batch * (s + 1)) / t);
      if (b1 > b0) parts.push([b0, b1, 0, m, 0, n]);
    }
  } else if (n >= m) {
    // columns in whole 16-wide panels, so no thread packs a partial panel it need not
    const per = Math.ceil(Math.ceil(n / NR) / t) * NR;
    for (let j = 0; j < n; j += per) parts.push([0, batch, 0, m, j, Math.min(n, j + per)]);
  } else {
    const per = Math.ceil(Math.ceil(m / MR) / t) * MR;
    for (let i = 0; i < m; i += per) parts.push([0, batch, i, Math.min(m, i + per), 0, n]);
  }
  return parts;
}

export function wasmMatmul(engine: Engine, fallback: Kernels['matmul']): Kernels['matmul'] {
  const { exports, arena } = engine;
  return (a: Data, b: Data, out: Data, p: MatmulParams) => {
    const { batch, m, k, n } = p;
    const macs = batch * m * n * k;
    if (!(a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array) || macs < MATMUL_MIN_MACS) {
      return fallback(a, b, out, p);
    }
    const aLen = (batch - 1) * p.aBatchStride + m * k;
    const bLen = (batch - 1) * p.bBatchStride + k * n;
    const cLen = batch * m * n;
    const threads = macs >= MATMUL_THREAD_MACS ? engine.threads : 1;
    const parts = splitGemm(batch, m, n, threads > 1 ? threads * PARTS_PER_THREAD : 1);
    // operands in wasm memory (parameters, pooled intermediates) are read where they are; the
    // others are copied in
    arena.reset();
    const copies = arena.copyBytes([a, aLen], [b, bLen], [out, cLen]);
    if (!arena.reserve(copies + parts.length * engine.gemmWorkBytes, 3 + parts.length)) {
      return fallback(a, b, out, p);
    }
    const aP = arena.place(a, p.aOffset, aLen);
    const bP = arena.place(b, p.bOffset, bLen);
    const cP = arena.room(out, cLen);
    const work = parts.map(() => arena.alloc(engine.gemmWorkBytes));
    // element (i, l) of op(A) is a[i·rsA + l·csA]; (l, j) of op(B) is b[l·rsB + j·csB]
    const [rsA, csA] = p.transA ? [1, m] : [k, 1];
    const [rsB, csB] = p.transB ? [1, k] : [n, 1];
    const head = [aP, bP, cP, m, n, k, rsA, csA, rsB, csB, p.aBatchStride, p.bBatchStride];
    const jobs = parts.map((part, t) => [...head, ...part, work[t]]);
    if (engine.pool && jobs.length > 1) engine.pool.run(GEMM, jobs);
    else for (const args of jobs) exports.gemm(...args);
    arena.unplace(out, cP, cLen);
  };
}
