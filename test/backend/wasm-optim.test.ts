import { beforeAll, describe, expect, test } from 'vitest';
import type { AdamParams, Backend, SgdParams } from '../../src/backend/backend.js';
import { jsKernels } from '../../src/backend/js/kernels.js';
import { createWasmBackendSync } from '../../src/backend/wasm/index.js';

// The wasm optimizer updates agree with the reference on every option, on lengths that are not
// multiples of 4 (tails), on plain arrays (copied in and out) and on persistent ones (updated in
// place), and never write past the end of a persistent view.

let wasm: Backend;
beforeAll(() => {
  wasm = createWasmBackendSync({ threads: 1 })!;
});

function rand(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + ((hi - lo) * s) / 2 ** 32;
  });
}

/** Copies of `src` for the two runs; `persistent` puts the wasm run's copy inside a larger persistent array between sentinels. */
function twin(src: Float32Array, persistent: boolean): { ref: Float32Array; x: Float32Array; around: Float32Array | null } {
  const ref = src.slice();
  if (!persistent) return { ref, x: src.slice(), around: null };
  const around = wasm.persistent!(src.length + 10)!;
  expect(around).not.toBeNull();
  around.fill(-9);
  const x = around.subarray(5, 5 + src.length);
  x.set(src);
  return { ref, x, around };
}

function sentinelsIntact(around: Float32Array | null, n: number): void {
  if (!around) return;
  expect(Array.from(around.subarray(0, 5))).toEqual([-9, -9, -9, -9, -9]);
  expect(Array.from(around.subarray(5 + n))).toEqual([-9, -9, -9, -9, -9]);
}

const sgdBase: SgdParams = { lr: 0.05, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, first: false };
const sgdCases: [string, Partial<SgdParams>][] = [
  ['plain (no momentum)', { momentum: 0 }],
  ['momentum, first step', { first: true }],
  ['momentum, later step', {}],
  ['Nesterov', { nesterov: true }],
  ['weight decay and dampening', { weightDecay: 0.01, dampening: 0.3 }],
  ['maximize', { maximize: true, weightDecay: 0.1 }],
];

describe.each([false, true])('sgd (persistent operands: %s)', (persistent) => {
  test.each(sgdCases.flatMap(([name, o]) => [7, 1003, 20_001].map((n) => [name, n, o] as const)))('%s, n = %i', (_, n, o) => {
    const p = { ...sgdBase, ...o };
    const w = twin(rand(n, 1), persistent);
    const b = twin(rand(n, 2), persistent);
    const g = rand(n, 3);
    jsKernels.sgd(w.ref, g, p.momentum ? b.ref : null, p);
    wasm.kernels.sgd(w.x, g, p.momentum ? b.x : null, p);
    expect(w.x).toBeAllClose(w.ref, { rtol: 1e-6, atol: 1e-7 });
    expect(b.x).toBeAllClose(b.ref, { rtol: 1e-6, atol: 1e-7 });
    sentinelsIntact(w.around, n);
    sentinelsIntact(b.around, n);
  });
});

const adamBase: AdamParams = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, amsgrad: false, maximize: false, step: 3 };
const adamCases: [string, Partial<AdamParams>][] = [
  ['Adam', {}],
  ['first step', { step: 1 }],
  ['L2 weight decay, maximize', { weightDecay: 0.01, maximize: true }],
  ['AdamW', { weightDecay: 0.05, decoupled: true }],
  ['amsgrad', { amsgrad: true }],
];

describe.each([false, true])('adam (persistent operands: %s)', (persistent) => {
  test.each(adamCases.flatMap(([name, o]) => [5, 1003, 10_002].map((n) => [name, n, o] as const)))('%s, n = %i', (_, n, o) => {
    const p = { ...adamBase, ...o };
    const w = twin(rand(n, 4), persistent);
    const m = twin(rand(n, 5, -0.1, 0.1), persistent);
    const v = twin(rand(n, 6, 0, 0.01), persistent);
    const vmax = twin(rand(n, 7, 0, 0.01), persistent);
    const g = rand(n, 8);
    jsKernels.adam(w.ref, g, m.ref, v.ref, p.amsgrad ? vmax.ref : null, p);
    wasm.kernels.adam(w.x, g, m.x, v.x, p.amsgrad ? vmax.x : null, p);
    for (const t of [w, m, v, vmax]) {
      expect(t.x).toBeAllClose(t.ref, { rtol: 2e-6, atol: 1e-7 });
      sentinelsIntact(t.around, n);
    }
  });
});

test('float64 parameters take the reference path unchanged', () => {
  const w = Float64Array.from(rand(1001, 9));
  const g = Float64Array.from(rand(1001, 10));
  const [w1, w2] = [w.slice(), w.slice()];
  jsKernels.sgd(w1, g, null, { ...sgdBase, momentum: 0 });
  wasm.kernels.sgd(w2, g, null, { ...sgdBase, momentum: 0 });
  expect(Array.from(w2)).toEqual(Array.from(w1));
});
