// Convolution kernels through wasm (assembly/conv.ts): operands that are not views of linear
// memory are copied in once per call, and the columns are unfolded there, one image group at a
// time, so they never cross into JS. float64 and tiny problems go to the reference kernels.
import type { ConvParams, Data, Kernels } from '../backend.js';
import type { Engine } from './engine.js';

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

export function wasmConv(engine: Engine, fallback: Pick<Kernels, Name>): Pick<Kernels, Name> {
  const { arena } = engine;
  const k = engine.exports as unknown as ConvExports;
  const lengths = (p: ConvParams) => ({
    x: p.n * p.c * p.h * p.w,
    w: p.o * (p.c / p.groups) * p.kh * p.kw,
    y: p.n * p.o * p.outH * p.outW,
  });
  /**
   * Runs one kernel: a and b are copied in, the output (`outLen` floats) copied out.
   * `run` gets the byte addresses of a, b, out, the parameter block and the scratch.
   */
  const call = (a: Data, b: Data, bias: Data | null, out: Data, p: ConvParams, aLen: number, bLen: number, outLen: number, run: (...ptrs: number[]) => void): boolean => {
    const macs = (lengths(p).y * lengths(p).w) / p.o;
    const f32 = (d: Data | null) => d === null || d instanceof Float32Array;
    if (!(f32(a) && f32(b) && f32(bias) && f32(out)) || macs < CONV_MIN_MACS) return false;
    arena.reset();
    if (!arena.reserve(16 * 4, 1)) return false;
    const pP = arena.alloc(16 * 4);
    arena.i32.set(block(p), pP >>> 2);
    const scratch = k.convScratch(pP);
    const tmp = (p.o / p.groups) * (p.c / p.groups) * p.kh * p.kw; // a weight block per group
    const biasLen = bias ? p.o : 0;
    const copies = arena.copyBytes([a, aLen], [b, bLen], [out, outLen]) + biasLen * 4;
    if (!arena.reserve(copies + (scratch + tmp) * 4 + engine.gemmWorkBytes, 7)) return false;
    // operands that lie in wasm memory (parameters, pooled intermediates) are used in place
    const aP = arena.place(a as Float32Array, 0, aLen);
    const bP = arena.place(b as Float32Array, 0, bLen);
    const biasP = bias ? arena.place(bias as Float32Array, 0, biasLen) : 0; // 0: no bias
    const oP = arena.room(out as Float32Array, outLen);
    const sP = arena.alloc(scratch * 4);
    const tP = arena.alloc(tmp * 4);
    const work = arena.alloc(engine.gemmWorkBytes);
    run(aP, bP, oP, pP, sP, tP, work, biasP);
    arena.unplace(out as Float32Array, oP, outLen);
    return true;
  };
  const conv2d: Kernels['conv2d'] = (x, w, bias, out, p) => {
    const n = lengths(p);
    const run = (xP: number, wP: number, oP: number, pP: number, sP: number, _t: number, work: number, bP: number) => k.convForward(xP, wP, bP, oP, pP, sP, work);
    if (!call(x, w, bias, out, p, n.x, n.w, n.y, run)) fallback.conv2d(x, w, bias, out, p);
  };
  const conv2dGradInput: ConvKernel = (g, w, dx, p) => {
    const n = lengths(p);
    const run = (gP: number, wP: number, oP: number, pP: number, sP: number, _t: number, work: number) => k.convBackInput(gP, wP, oP, pP, sP, work);
    if (!call(g, w, null, dx, p, n.y, n.w, n.x, run)) fallback.conv2dGradInput(g, w, dx, p);
  };
  const conv2dGradWeight: ConvKernel = (x, g, dw, p) => {
    const n = lengths(p);
    const run = (xP: number, gP: number, oP: number, pP: number, sP: number, tP: number, work: number) => k.convBackWeight(xP, gP, oP, pP, sP, tP, work);
    if (!call(x, g, null, dw, p, n.x, n.y, n.w, run)) fallback.conv2dGradWeight(x, g, dw, p);
  };
  return { conv2d, conv2dGradInput, conv2dGradWeight };
}
