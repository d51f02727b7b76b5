// Convolution kernels through wasm (assembly/conv.ts): the operands are copied into linear memory
// once per call and the columns are unfolded there, one image group at a time, so they never
// cross into JS. float64 and tiny problems go to the reference kernels.
import type { ConvParams, Data, Kernels } from '../backend.js';
import type { Engine } from './engine.js';

type Fn = (...args: number[]) => number;
interface ConvExports {
  convScratch: Fn;
  convForward: Fn;
  convBackInput: Fn;
  convBackWeight: Fn;
}
type ConvKernel = Kernels['conv2d'];
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
  const call = (name: Name, a: Data, b: Data, out: Data, p: ConvParams, aLen: number, bLen: number, outLen: number, run: (...ptrs: number[]) => void) => {
    const macs = lengths(p).y * lengths(p).w / p.o;
    if (!(a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array) || macs < CONV_MIN_MACS) {
      return fallback[name](a, b, out, p);
    }
    arena.reset();
    if (!arena.reserve(16 * 4, 1)) return fallback[name](a, b, out, p);
    const pP = arena.alloc(16 * 4);
    arena.i32.set(block(p), pP >>> 2);
    const scratch = k.convScratch(pP);
    const tmp = (p.o / p.groups) * (p.c / p.groups) * p.kh * p.kw; // a weight block per group
    const bytes = (aLen + bLen + outLen + scratch + tmp) * 4 + engine.gemmWorkBytes;
    if (!arena.reserve(bytes, 6)) return fallback[name](a, b, out, p);
    const aP = arena.alloc(aLen * 4);
    const bP = arena.alloc(bLen * 4);
    const oP = arena.alloc(outLen * 4);
    const sP = arena.alloc(scratch * 4);
    const tP = arena.alloc(tmp * 4);
    const work = arena.alloc(engine.gemmWorkBytes);
    const f32 = arena.f32;
    f32.set(a.subarray(0, aLen), aP >>> 2);
    f32.set(b.subarray(0, bLen), bP >>> 2);
    run(aP, bP, oP, pP, sP, tP, work);
    out.set(f32.subarray(oP >>> 2, (oP >>> 2) + outLen));
  };
  const conv2d: ConvKernel = (x, w, out, p) => {
    const n = lengths(p);
    call('conv2d', x, w, out, p, n.x, n.w, n.y, (xP, wP, oP, pP, sP, _t, work) => k.convForward(xP, wP, oP, pP, sP, work));
  };
  const conv2dGradInput: ConvKernel = (g, w, dx, p) => {
    const n = lengths(p);
    call('conv2dGradInput', g, w, dx, p, n.y, n.w, n.x, (gP, wP, oP, pP, sP, _t, work) => k.convBackInput(gP, wP, oP, pP, sP, work));
  };
  const conv2dGradWeight: ConvKernel = (x, g, dw, p) => {
    const n = lengths(p);
    call('conv2dGradWeight', x, g, dw, p, n.x, n.y, n.w, (xP, gP, oP, pP, sP, tP, work) => k.convBackWeight(xP, gP, oP, pP, sP, tP, work));
  };
  return { conv2d, conv2dGradInput, conv2dGradWeight };
}
