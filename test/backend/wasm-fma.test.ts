// The two builds of the kernels: plain (a product, then a sum) and fused (relaxed SIMD's
// multiply-add in the GEMM and convolution kernels). Node 20 gets the fused one through V8's flag;
// PERCEPTIO_FMA=0 keeps the plain one. Both must compute the same convolutions and products within
// float32 rounding, and the fused one must really fuse (else it is only a second copy).
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { importsFor, moduleBytes } from '../../src/backend/wasm/engine.js';
import { hasRelaxedSimd } from '../../src/backend/wasm/feature-probe.js';
import { jsKernels } from '../../src/backend/js/kernels.js';
import type { ConvParams } from '../../src/backend/backend.js';

type Exports = Record<string, (...args: number[]) => number> & { memory: WebAssembly.Memory };

function instance(fma: boolean): Exports {
  const { imports } = importsFor(false);
  return new WebAssembly.Instance(new WebAssembly.Module(moduleBytes(false, fma)), imports).exports as unknown as Exports;
}

/** Runs one convolution kernel of a module on copies of a and b; returns its output. */
function conv(k: Exports, kind: 'convForward' | 'convBackInput' | 'convBackWeight', p: ConvParams, a: Float32Array, b: Float32Array, outLen: number): Float32Array {
  const base = Math.ceil(k.heapBase() / 64) * 64;
  const block = [p.n, p.c, p.h, p.w, p.o, p.groups, p.kh, p.kw, p.strideH, p.strideW, p.padH, p.padW, p.dilationH, p.dilationW, p.outH, p.outW];
  const need = base + 64 + 4 * (a.length + b.length + outLen + 2 * p.o * p.c * p.kh * p.kw) + 4 * 1024 * 1024 + k.gemmWorkBytes();
  const mem = k.memory;
  if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
  new Int32Array(mem.buffer).set(block, base >>> 2);
  const scratch = k.convScratch(base);
  let at = base + 64;
  const take = (floats: number) => {
    const p0 = at;
    at = Math.ceil((at + floats * 4) / 64) * 64;
    return p0;
  };
  const [aP, bP, oP, cols, tmp, work] = [take(a.length), take(b.length), take(outLen), take(scratch + 16), take(p.o * p.c * p.kh * p.kw), take(k.gemmWorkBytes() / 4)];
  if (at > mem.buffer.byteLength) mem.grow(Math.ceil((at - mem.buffer.byteLength) / 65536));
  const f32 = new Float32Array(mem.buffer);
  f32.set(a, aP >>> 2);
  f32.set(b, bP >>> 2);
  if (kind === 'convForward') k.convForward(aP, bP, 0, oP, base, cols, work);
  else if (kind === 'convBackInput') k.convBackInput(aP, bP, oP, base, cols, work);
  else k.convBackWeight(aP, bP, oP, base, cols, tmp, work);
  return new Float32Array(mem.buffer, oP, outLen).slice();
}

const wave = (n: number, f: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * f + 0.3));

describe('the fused (FMA) and plain kernel builds', () => {
  const env = process.env.PERCEPTIO_FMA;
  afterEach(() => {
    if (env === undefined) delete process.env.PERCEPTIO_FMA;
    else process.env.PERCEPTIO_FMA = env;
  });

  test('relaxed SIMD is found in this Node (V8 flag turned on where needed), and PERCEPTIO_FMA=0 declines it', () => {
    delete process.env.PERCEPTIO_FMA;
    expect(hasRelaxedSimd()).toBe(true);
    process.env.PERCEPTIO_FMA = '0';
    expect(hasRelaxedSimd()).toBe(false);
  });

  // LeNet's layers (pixels in the lanes, channels in the lanes) and an odd strided, dilated one
  const layers: [string, ConvParams][] = [
    ['LeNet conv1', { n: 3, c: 1, h: 28, w: 28, o: 6, groups: 1, kh: 5, kw: 5, strideH: 1, strideW: 1, padH: 2, padW: 2, dilationH: 1, dilationW: 1, outH: 28, outW: 28, padValue: 0 }],
    ['LeNet conv2', { n: 3, c: 6, h: 14, w: 14, o: 16, groups: 1, kh: 5, kw: 5, strideH: 1, strideW: 1, padH: 0, padW: 0, dilationH: 1, dilationW: 1, outH: 10, outW: 10, padValue: 0 }],
    ['strided, dilated, grouped', { n: 2, c: 6, h: 13, w: 11, o: 34, groups: 2, kh: 3, kw: 3, strideH: 2, strideW: 1, padH: 1, padW: 2, dilationH: 2, dilationW: 1, outH: 5, outW: 11, padValue: 0 }],
  ];
  let plain: Exports;
  let fused: Exports;
  beforeAll(() => {
    delete process.env.PERCEPTIO_FMA;
    hasRelaxedSimd(); // Node 20: turns V8's flag on before the fused module compiles
    [plain, fused] = [instance(false), instance(true)];
  });

  test.each(layers)('%s: forward, input and weight gradients agree with the reference in both builds, and the fused one rounds differently', (_, p) => {
    const x = wave(p.n * p.c * p.h * p.w, 0.37);
    const w = wave(p.o * (p.c / p.groups) * p.kh * p.kw, 0.91);
    const g = wave(p.n * p.o * p.outH * p.outW, 0.53);
    const ref = {
      convForward: new Float32Array(g.length),
      convBackInput: new Float32Array(x.length),
      convBackWeight: new Float32Array(w.length),
    };
    jsKernels.conv2d(x, w, null, ref.convForward, p);
    jsKernels.conv2dGradInput(g, w, ref.convBackInput, p);
    jsKernels.conv2dGradWeight(x, g, ref.convBackWeight, p);
    let differ = 0;
    for (const kind of ['convForward', 'convBackInput', 'convBackWeight'] as const) {
      const [a, b] = kind === 'convForward' ? [x, w] : kind === 'convBackInput' ? [g, w] : [x, g];
      const outs = [plain, fused].map((k) => conv(k, kind, p, a, b, ref[kind].length));
      for (const out of outs) expect(out).toBeAllClose(ref[kind], { rtol: 1e-4, atol: 1e-4 });
      differ += outs[0].filter((v, i) => v !== outs[1][i]).length;
    }
    expect(differ).toBeGreaterThan(0);
  });

  test('GEMM (73×130 · 130×45) agrees with the reference in both builds', () => {
    const [m, k, n] = [73, 130, 45];
    const a = wave(m * k, 0.77);
    const b = wave(k * n, 0.29);
    const ref = new Float32Array(m * n);
    jsKernels.matmul(a, b, ref, { batch: 1, m, k, n, aBatchStride: 0, bBatchStride: 0, transA: false, transB: false, aOffset: 0, bOffset: 0 });
    const outs = [plain, fused].map((e) => {
      const base = Math.ceil(e.heapBase() / 64) * 64;
      const [aP, bP, cP, work] = [base, base + 4 * m * k, base + 4 * (m * k + k * n), base + 4 * (m * k + k * n + m * n + 16)];
      const need = work + e.gemmWorkBytes();
      if (e.memory.buffer.byteLength < need) e.memory.grow(Math.ceil((need - e.memory.buffer.byteLength) / 65536));
      const f32 = new Float32Array(e.memory.buffer);
      f32.set(a, aP >>> 2);
      f32.set(b, bP >>> 2);
      e.gemm(aP, bP, cP, m, n, k, k, 1, n, 1, 0, 0, 0, 1, 0, m, 0, n, work);
      return new Float32Array(e.memory.buffer, cP, m * n).slice();
    });
    for (const out of outs) expect(out).toBeAllClose(ref, { rtol: 1e-4, atol: 1e-4 });
    expect(outs[0].filter((v, i) => v !== outs[1][i]).length).toBeGreaterThan(0);
  });
});
