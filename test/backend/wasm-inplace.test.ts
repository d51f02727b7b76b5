// Kernels read and write operands that lie in wasm memory (parameters, the storage pool's arrays)
// in place. Each case runs a kernel twice, on plain arrays (copied in and out) and on the same
// values in wasm memory: the results must be identical and the inputs untouched.
import { beforeAll, describe, expect, test } from 'vitest';
import type { Backend, ConvParams, Kernels, Strided } from '../../src/backend/backend.js';
import { jsKernels } from '../../src/backend/js/kernels.js';
import { createWasmBackendSync } from '../../src/backend/wasm/index.js';
import { Generator } from '../../src/tensor/random.js';

let wasm: Backend;
beforeAll(() => {
  wasm = createWasmBackendSync({ threads: 1 })!;
});

const gen = new Generator(7);
const values = (n: number) => Float32Array.from({ length: n }, () => gen.normal());

/** A copy of `src` in wasm memory. */
function inWasm(src: Float32Array): Float32Array {
  const a = wasm.persistent!(src.length)!;
  a.set(src);
  return a;
}

/**
 * Runs `run(k, inputs, outputs)` on plain arrays and on wasm-memory copies; compares outputs and
 * checks that no input changed.
 */
function same(inputs: Float32Array[], outLens: number[], run: (k: Kernels, ins: Float32Array[], outs: Float32Array[]) => void): void {
  const k = wasm.kernels;
  const plainOut = outLens.map((n) => new Float32Array(n));
  run(k, inputs, plainOut);
  const ins = inputs.map(inWasm);
  const outs = outLens.map((n) => wasm.persistent!(n)!);
  for (const o of outs) o.fill(123); // stale values must not leak into the results
  run(k, ins, outs);
  outs.forEach((o, i) => expect(Array.from(o)).toEqual(Array.from(plainOut[i])));
  ins.forEach((x, i) => expect(Array.from(x)).toEqual(Array.from(inputs[i])));
}

const conv: ConvParams = {
  n: 3, c: 6, h: 14, w: 14, o: 16, groups: 1, kh: 5, kw: 5, strideH: 1, strideW: 1, padH: 1, padW: 1,
  dilationH: 1, dilationW: 1, outH: 12, outW: 12, padValue: 0,
};
const [X, W, Y] = [3 * 6 * 14 * 14, 16 * 6 * 25, 3 * 16 * 12 * 12];

describe('wasm kernels on operands in wasm memory', () => {
  test('conv2d with bias, and its input and weight gradients', () => {
    same([values(X), values(W), values(16)], [Y], (k, [x, w, b], [y]) => k.conv2d(x, w, b, y, conv));
    same([values(Y), values(W)], [X], (k, [g, w], [dx]) => k.conv2dGradInput(g, w, dx, conv));
    same([values(X), values(Y)], [W], (k, [x, g], [dw]) => k.conv2dGradWeight(x, g, dw, conv));
  });

  test('matmul (A transposed, an offset into B), unary, reduce', () => {
    const p = { batch: 1, m: 37, k: 53, n: 41, aBatchStride: 0, bBatchStride: 0, transA: true, transB: false, aOffset: 0, bOffset: 5 };
    same([values(37 * 53), values(53 * 41 + 5)], [37 * 41], (k, [a, b], [c]) => k.matmul(a, b, c, p));
    same([values(5003)], [5003], (k, [x], [y]) => k.relu(x, y));
    same([values(5003)], [5003], (k, [x], [y]) => k.exp(x, y));
    same([values(61 * 103)], [61], (k, [x], [y]) => k.sum(x, y, 61, 103, 1));
  });

  test('binary ops with broadcasting, an offset and a transposed view; a strided copy', () => {
    const view = (data: Float32Array, offset: number, strides: number[]): Strided => ({ data, offset, strides });
    same([values(64 * 257), values(257 + 3)], [64 * 257], (k, [a, b], [o]) => k.add(view(a, 0, [257, 1]), view(b, 3, [0, 1]), o, [64, 257]));
    same([values(70 * 90), values(70 * 90)], [70 * 90], (k, [a, b], [o]) => k.reluMask(view(a, 0, [1, 70]), view(b, 0, [90, 1]), o, [70, 90]));
    same([values(70 * 90)], [70 * 90], (k, [a], [o]) => k.copy(view(a, 0, [1, 70]), view(o, 0, [90, 1]), [70, 90]));
  });

  test('max pooling and its adjoint', () => {
    const p = { n: 3, c: 5, h: 28, w: 28, kh: 2, kw: 2, strideH: 2, strideW: 2, padH: 0, padW: 0, dilationH: 1, dilationW: 1, outH: 14, outW: 14, padValue: 0 };
    const index = new Int32Array(15 * 196);
    same([values(15 * 784)], [15 * 196], (k, [x], [o]) => k.maxPool2d(x, o, index, p));
    same([values(15 * 196)], [15 * 784], (k, [g], [o]) => k.maxUnpool2d(g, index, o, 15, 784, 196));
    // and the wasm scatter agrees with the reference, ties of overlapping windows added up
    const g = values(15 * 196);
    index.forEach((_, j) => (index[j] = (j * 7) % 784));
    const [expected, actual] = [new Float32Array(15 * 784), new Float32Array(15 * 784)];
    jsKernels.maxUnpool2d(g, index, expected, 15, 784, 196);
    wasm.kernels.maxUnpool2d(g, index, actual, 15, 784, 196);
    expect(Array.from(actual)).toEqual(Array.from(expected));
  });
});
