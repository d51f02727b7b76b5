import { beforeAll, expect, test } from 'vitest';
import type { Backend, ConvParams } from '../../src/backend/backend.js';
import { jsKernels } from '../../src/backend/js/kernels.js';
import { createWasmBackendSync } from '../../src/backend/wasm/index.js';

// The wasm convolution kernels (im2col + GEMM, direct with channels or pixels in the lanes,
// depthwise) must agree with the reference on every path they choose: odd channel counts and
// more than 16 (partial lane blocks), planes that are not whole tiles, strides, dilations,
// padding and groups.

let wasm: Backend;
beforeAll(() => {
  const b = createWasmBackendSync({ threads: 1 });
  if (!b) throw new Error('WebAssembly SIMD is missing in this Node');
  wasm = b;
});

function rand(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

interface Shape {
  n: number;
  c: number;
  h: number;
  w: number;
  o: number;
  k: [number, number];
  stride?: number;
  pad?: [number, number];
  dil?: number;
  groups?: number;
}

const shapes: Shape[] = [
  { n: 3, c: 1, h: 28, w: 28, o: 6, k: [5, 5], pad: [2, 2] }, // LeNet conv1: pixels in lanes
  { n: 3, c: 6, h: 14, w: 14, o: 16, k: [5, 5] }, // LeNet conv2: channels in lanes
  { n: 2, c: 3, h: 9, w: 11, o: 5, k: [3, 2], pad: [1, 0] }, // odd channels, pixels in lanes
  { n: 2, c: 3, h: 7, w: 10, o: 4, k: [3, 3], pad: [1, 0] }, // rows of whole vectors, a part tile
  { n: 2, c: 4, h: 7, w: 6, o: 21, k: [3, 3], stride: 2, pad: [1, 1] }, // > 16 channels, strided
  { n: 2, c: 5, h: 12, w: 10, o: 16, k: [3, 3], dil: 2, pad: [2, 1] }, // dilated
  { n: 2, c: 4, h: 10, w: 9, o: 14, k: [3, 3], pad: [1, 1], groups: 2 }, // grouped
  { n: 2, c: 2, h: 40, w: 3, o: 3, k: [3, 3], pad: [0, 1] }, // narrow: the im2col path
  { n: 2, c: 8, h: 9, w: 9, o: 8, k: [3, 3], pad: [1, 1], groups: 8 }, // depthwise
  { n: 2, c: 3, h: 9, w: 37, o: 3, k: [3, 5], dil: 2, pad: [3, 1], groups: 3 }, // depthwise: 16-wide steps, dilated
  { n: 2, c: 8, h: 9, w: 9, o: 12, k: [1, 1] }, // pointwise
];

function params(s: Shape): ConvParams {
  const [kh, kw] = s.k;
  const st = s.stride ?? 1;
  const d = s.dil ?? 1;
  const [ph, pw] = s.pad ?? [0, 0];
  const outH = Math.floor((s.h + 2 * ph - d * (kh - 1) - 1) / st) + 1;
  const outW = Math.floor((s.w + 2 * pw - d * (kw - 1) - 1) / st) + 1;
  return { n: s.n, c: s.c, h: s.h, w: s.w, o: s.o, groups: s.groups ?? 1, kh, kw, strideH: st, strideW: st, padH: ph, padW: pw, dilationH: d, dilationW: d, outH, outW, padValue: 0 };
}

test.each(shapes.map((s) => [JSON.stringify(s), s] as const))('conv2d and its gradients agree with the reference: %s', (_, s) => {
  const p = params(s);
  const xs = s.n * s.c * s.h * s.w;
  const ws = s.o * (s.c / p.groups) * p.kh * p.kw;
  const ys = s.n * s.o * p.outH * p.outW;
  const [x, w, b, g] = [rand(xs, 1), rand(ws, 2), rand(s.o, 3), rand(ys, 4)];
  const both = (f: (k: Backend['kernels'], out: Float32Array) => void, len: number) => {
    const [a, r] = [new Float32Array(len), new Float32Array(len)];
    f(wasm.kernels, a);
    f(jsKernels, r);
    return [a, r];
  };
  const [y, yRef] = both((k, out) => k.conv2d(x, w, b, out, p), ys);
  expect(y).toBeAllClose(yRef, { rtol: 1e-4, atol: 1e-4 });
  const [y0, y0Ref] = both((k, out) => k.conv2d(x, w, null, out, p), ys);
  expect(y0).toBeAllClose(y0Ref, { rtol: 1e-4, atol: 1e-4 });
  const [dx, dxRef] = both((k, out) => k.conv2dGradInput(g, w, out, p), xs);
  expect(dx).toBeAllClose(dxRef, { rtol: 1e-4, atol: 1e-4 });
  const [dw, dwRef] = both((k, out) => k.conv2dGradWeight(x, g, out, p), ws);
  expect(dw).toBeAllClose(dwRef, { rtol: 1e-4, atol: 1e-3 });
});

test.each(shapes.map((s) => [JSON.stringify(s), s] as const))('on two threads (the forward pass split by images), bit for bit the same: %s', (_, s) => {
  // a batch large enough to split (≥ 2²¹ multiply-adds), in slices that are not all equal
  const one = params({ ...s, n: 1 });
  const perImage = s.o * one.outH * one.outW * (s.c / one.groups) * one.kh * one.kw;
  const p = params({ ...s, n: Math.ceil(2 ** 21 / perImage) + 1 });
  const xs = p.n * s.c * s.h * s.w;
  const ws = s.o * (s.c / p.groups) * p.kh * p.kw;
  const ys = p.n * s.o * p.outH * p.outW;
  const [x, w, b, g] = [rand(xs, 1), rand(ws, 2), rand(s.o, 3), rand(ys, 4)];
  const run = (threads: number) => {
    wasm.setThreads!(threads);
    const [y, dx, dw] = [new Float32Array(ys), new Float32Array(xs), new Float32Array(ws)];
    wasm.kernels.conv2d(x, w, b, y, p);
    wasm.kernels.conv2dGradInput(g, w, dx, p);
    wasm.kernels.conv2dGradWeight(x, g, dw, p);
    return [y, dx, dw];
  };
  const [split, whole] = [run(2), run(1)];
  // images are independent in the forward pass: the same arithmetic per image; the gradients
  // stay whole (conv.ts says why)
  const differing = (a: Float32Array, b: Float32Array) => a.reduce((n, v, i) => n + (Object.is(v, b[i]) ? 0 : 1), 0);
  split.forEach((a, i) => expect(differing(a, whole[i])).toBe(0));
});
