// Elementwise and reduction kernels: wasm SIMD backend vs the reference (js) kernels, same data,
// best of N, copies into and out of wasm memory included. Prints µs per call and the speedup.
// Run: npm run bench -- wasm-kernels
import type { Kernels, Strided } from '../src/backend/backend.js';
import { jsKernels } from '../src/backend/js/kernels.js';
import { createWasmBackendSync } from '../src/backend/wasm/index.js';

function bestUs(f: () => void, budgetMs = 200): number {
  for (let i = 0; i < 3; i++) f();
  let best = Infinity;
  const t0 = performance.now();
  for (let i = 0; i < 5 || (performance.now() - t0 < budgetMs && i < 5000); i++) {
    const t = performance.now();
    f();
    best = Math.min(best, performance.now() - t);
  }
  return best * 1000;
}

type Case = [string, (k: Kernels) => void];

function cases(n: number): Case[] {
  const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 3);
  const y = Float32Array.from({ length: n }, (_, i) => Math.cos(i) * 3);
  const out = new Float32Array(n);
  const v = (data: Float32Array, strides: number[]): Strided => ({ data, offset: 0, strides });
  const cols = 256;
  const rows = n / cols;
  const red = new Float32Array(Math.max(rows, cols));
  return [
    ['relu', (k) => k.relu(x, out)],
    ['exp', (k) => k.exp(x, out)],
    ['tanh', (k) => k.tanh(x, out)],
    ['sigmoid', (k) => k.sigmoid(x, out)],
    ['add', (k) => k.add(v(x, [cols, 1]), v(y, [cols, 1]), out, [rows, cols])],
    ['add bias [n/256,256]+[256]', (k) => k.add(v(x, [cols, 1]), v(y, [0, 1]), out, [rows, cols])],
    ['mul scalar', (k) => k.mul(v(x, [1]), v(y, [0]), out, [n])],
    ['sum all', (k) => k.sum(x, red, 1, n, 1)],
    ['sum rows (axis 1)', (k) => k.sum(x, red, rows, cols, 1)],
    ['sum cols (axis 0)', (k) => k.sum(x, red, 1, rows, cols)],
    ['amax all', (k) => k.amax(x, red, 1, n, 1)],
  ];
}

export function runKernelBench(): void {
  const wasm = createWasmBackendSync({ threads: 1 });
  if (!wasm) throw new Error('bench/wasm-kernels: WebAssembly SIMD is not available');
  console.log('float32 kernels, µs per call (best of N): js reference vs wasm SIMD (1 and 2 threads)');
  console.log(['op'.padEnd(28), 'n'.padStart(8), 'js'.padStart(9), 'wasm 1T'.padStart(9), 'wasm 2T'.padStart(9), 'speedup'.padStart(8)].join(' '));
  for (const n of [4096, 65536, 1 << 20]) {
    for (const [name, run] of cases(n)) {
      const js = bestUs(() => run(jsKernels));
      wasm.setThreads!(1);
      const w1 = bestUs(() => run(wasm.kernels));
      wasm.setThreads!(2);
      const w2 = bestUs(() => run(wasm.kernels));
      const w = Math.min(w1, w2);
      console.log([name.padEnd(28), String(n).padStart(8), js.toFixed(1).padStart(9), w1.toFixed(1).padStart(9), w2.toFixed(1).padStart(9), `${(js / w).toFixed(1)}×`.padStart(8)].join(' '));
    }
  }
  wasm.setThreads!(1);
}

runKernelBench();
process.exit(0);
