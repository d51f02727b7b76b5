// Convolution kernels through wasm (assembly/conv.ts): operands that are not views of linear
// memory are copied in once per call, and the columns are unfolded there, one image group at a
// time, so they never cross into JS; a large forward pass splits its batch over worker threads. float64 and
// tiny problems go to the reference kernels.
import type { ConvParams, Data, Kernels } from '../backend.js';
import { CONV_BACK_INPUT, CONV_BACK_WEIGHT, CONV_FORWARD, type Engine } from './engine.js';

type Fn = (...args: number[]) => number;
interface ConvExports {
  convScratch: Fn;
  convForward: Fn;
  convBackInput: Fn;
  convBackWeight: Fn;
}
type ConvKernel = Kernels['conv2dGradInput'];
type Name = 'conv2d' | 'conv2dGradInput' | 'conv2dGradWeight';

/** Below this many multiply-adds the reference wins (copies and call overhead). */
const CONV_MIN_MACS = 2048;

/** The parameter block of assembly/conv.ts readParams. */
const block = (p: ConvParams) => [p.n, p.c, p.h, p.w, p.o, p.groups, p.kh, p.kw, p.strideH, p.strideW, p.padH, p.padW, p.dilationH, p.dilationW, p.outH, p.outW];

/** From this many multiply-adds on, the forward pass splits its images over threads. */
const CONV_THREAD_MACS = 1 << 21;
/** Slices of the batch per thread: threads claim them in turn, so a core that runs late does fewer. */
const PARTS_PER_THREAD = 2;

type Kind = 'forward' | 'input' | 'weight';
const exportOf: Record<Kind, number> = { forward: CONV_FORWARD, input: CONV_BACK_INPUT, weight: CONV_BACK_WEIGHT };

export function wasmConv(engine: Engine, fallback: Pick<Kernels, Name>): Pick<Kernels, Name> {
  const { arena } = engine;
  const k = engine.exports as unknown as ConvExports;
  const fns = [k.convForward, k.convBackInput, k.convBackWeight];
  /**
   * Runs one kernel on a (x or g) and b (w or g), writing out: operands in wasm memory are used
   * in place, the others copied in (and out). Large problems split the batch into slices that
   * threads claim.
   */
  const call = (kind: Kind, a: Data, b: Data, bias: Data | null, out: Data, p: ConvParams): boolean => {
    const perX = p.c * p.h * p.w;
    const perY = p.o * p.outH * p.outW;
    const wLen = p.o * (p.c / p.groups) * p.kh * p.kw;
    const [aLen, bLen, outLen] = kind === 'forward' ? [p.n * perX, wLen, p.n * perY] : kind === 'input' ? [p.n * perY, wLen, p.n * perX] : [p.n * perX, p.n * perY, wLen];
    const macs = (p.n * perY * wLen) / p.o;
    const f32 = (d: Data | null) => d === null || d instanceof Float32Array;
    if (!(f32(a) && f32(b) && f32(bias) && f32(out)) || macs < CONV_MIN_MACS) return false;
    const threads = engine.pool && macs >= CONV_THREAD_MACS ? engine.threads : 1;
    // Only the forward pass splits its images (the same bits for any split). The weight gradient
    // sums over images: summed slices would round differently with each thread count, and change
    // a run's trajectory. The stride-1 input gradient adds whole vectors into dx, zeros past each
    // image's end: harmless in one thread, a lost update where the next image is another thread's.
    const parts = kind === 'forward' ? Math.min(p.n, threads > 1 ? threads * PARTS_PER_THREAD : 1) : 1;
    arena.reset();
    if (!arena.reserve(16 * 4, 1)) return false;
    const pP = arena.alloc(16 * 4);
    arena.i32.set(block(p), pP >>> 2);
    const scratch = k.convScratch(pP); // per image group: the same for any slice of the batch
    const tmp = (p.o / p.groups) * (p.c / p.groups) * p.kh * p.kw; // a weight block per group
    const biasLen = bias ? p.o : 0;
    const perPart = 16 * 4 + (scratch + tmp) * 4 + engine.gemmWorkBytes;
    const copies = arena.copyBytes([a, aLen], [b, bLen], [out, outLen]) + biasLen * 4;
    if (!arena.reserve(copies + parts * perPart, 4 + 4 * parts)) return false;
    const aP = arena.place(a as Float32Array, 0, aLen);
    const bP = arena.place(b as Float32Array, 0, bLen);
    const biasP = bias ? arena.place(bias as Float32Array, 0, biasLen) : 0; // 0: no bias
    const oP = arena.room(out as Float32Array, outLen);
    const jobs: number[][] = [];
    for (let t = 0; t < parts; t++) {
      const n0 = Math.floor((p.n * t) / parts);
      const n1 = Math.floor((p.n * (t + 1)) / parts);
      const pT = arena.alloc(16 * 4);
      arena.i32.set(block({ ...p, n: n1 - n0 }), pT >>> 2);
      const [sP, tP, work] = [arena.alloc(scratch * 4), arena.alloc(tmp * 4), arena.alloc(engine.gemmWorkBytes)];
      if (kind === 'forward') jobs.push([aP + n0 * perX * 4, bP, biasP, oP + n0 * perY * 4, pT, sP, work]);
      else if (kind === 'input') jobs.push([aP + n0 * perY * 4, bP, oP + n0 * perX * 4, pT, sP, work]);
      else jobs.push([aP, bP, oP, pT, sP, tP, work]);
    }
    if (threads > 1 && jobs.length > 1) engine.pool!.run(exportOf[kind], jobs);
    else for (const job of jobs) fns[exportOf[kind] - CONV_FORWARD](...job);
    arena.unplace(out as Float32Array, oP, outLen);
    return true;
  };
  const conv2d: Kernels['conv2d'] = (x, w, bias, out, p) => {
    if (!call('forward', x, w, bias, out, p)) fallback.conv2d(x, w, bias, out, p);
  };
  const conv2dGradInput: ConvKernel = (g, w, dx, p) => {
    if (!call('input', g, w, null, dx, p)) fallback.conv2dGradInput(g, w, dx, p);
  };
  const conv2dGradWeight: ConvKernel = (x, g, dw, p) => {
    if (!call('weight', x, g, null, dw, p)) fallback.conv2dGradWeight(x, g, dw, p);
  };
  return { conv2d, conv2dGradInput, conv2dGradWeight };
}
