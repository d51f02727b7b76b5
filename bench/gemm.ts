// GEMM GFLOPS: Perceptio's wasm kernel (1 and 2 threads) vs TensorFlow.js (wasm and cpu backends)
// and PyTorch (1 and 2 threads), on the same shapes in one run; best of N, since the machine is
// shared. Run: npx tsc -p tsconfig.build.json && node dist/bench/gemm.js
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Backend, MatmulParams } from '../src/backend/backend.js';
import { createWasmBackendSync } from '../src/backend/wasm/index.js';

interface Shape {
  label: string;
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
}

const square = (n: number): Shape => ({ label: `${n}`, m: n, k: n, n, transA: false, transB: false });
/** Square sizes, then the MLP 784-256-10 at batch 64: forward x·Wᵀ, weight gradient gᵀ·x, input gradient g·W. */
export const shapes: Shape[] = [
  ...[128, 256, 512, 1024, 2048].map(square),
  { label: 'MLP x·W1ᵀ 64×784·(256×784)ᵀ', m: 64, k: 784, n: 256, transA: false, transB: true },
  { label: 'MLP gᵀ·x (64×256)ᵀ·64×784', m: 256, k: 64, n: 784, transA: true, transB: false },
  { label: 'MLP g·W1 64×256·256×784', m: 64, k: 256, n: 784, transA: false, transB: false },
];

const flops = (s: Shape) => 2 * s.m * s.n * s.k;

/** Best GFLOPS of repeated runs, after a warm-up, within about `budgetMs`. */
async function best(s: Shape, run: () => unknown, budgetMs = 600): Promise<number> {
  await run();
  let bestMs = Infinity;
  const t0 = performance.now();
  for (let i = 0; i < 2 || (performance.now() - t0 < budgetMs && i < 200); i++) {
    const t = performance.now();
    await run();
    bestMs = Math.min(bestMs, performance.now() - t);
  }
  return flops(s) / bestMs / 1e6;
}

function rand(n: number): Float32Array {
  let x = 12345;
  return Float32Array.from({ length: n }, () => ((x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) - 0.5);
}

async function perceptio(backend: Backend, s: Shape): Promise<number> {
  const a = rand(s.m * s.k);
  const b = rand(s.k * s.n);
  const out = new Float32Array(s.m * s.n);
  const p: MatmulParams = { batch: 1, m: s.m, k: s.k, n: s.n, aBatchStride: 0, bBatchStride: 0, transA: s.transA, transB: s.transB, aOffset: 0, bOffset: 0 };
  return best(s, () => backend.kernels.matmul(a, b, out, p));
}

type Tf = typeof import('@tensorflow/tfjs');

async function tfjs(tf: Tf, s: Shape): Promise<number> {
  const a = tf.tensor2d(rand(s.m * s.k), s.transA ? [s.k, s.m] : [s.m, s.k]);
  const b = tf.tensor2d(rand(s.k * s.n), s.transB ? [s.n, s.k] : [s.k, s.n]);
  const g = await best(s, () => {
    const c = tf.matMul(a, b, s.transA, s.transB);
    c.dataSync();
    c.dispose();
  }, tf.getBackend() === 'cpu' ? 300 : 600);
  a.dispose();
  b.dispose();
  return g;
}

function pytorch(list: Shape[], threads: number): Record<string, number> | null {
  const script = `
import json, sys, time, torch
torch.set_num_threads(${threads})
res = {}
for s in json.loads(sys.argv[1]):
    m, k, n = s['m'], s['k'], s['n']
    a = torch.rand(k, m) if s['transA'] else torch.rand(m, k)
    b = torch.rand(n, k) if s['transB'] else torch.rand(k, n)
    A = a.t() if s['transA'] else a
    B = b.t() if s['transB'] else b
    torch.mm(A, B)
    best, t0, i = 1e9, time.perf_counter(), 0
    while i < 3 or (time.perf_counter() - t0 < 0.6 and i < 200):
        t1 = time.perf_counter(); torch.mm(A, B); best = min(best, time.perf_counter() - t1); i += 1
    res[s['label']] = 2 * m * n * k / best / 1e9
print(json.dumps(res))
`;
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE; // let OpenBLAS pick its own kernels for this CPU
  delete env.OPENBLAS_L2_SIZE;
  // the BLAS keeps its own thread pool: cap it too, or "1 thread" runs on every core
  for (const v of ['OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS']) env[v] = String(threads);
  try {
    const out = execFileSync('/usr/bin/python3', ['-c', script, JSON.stringify(list)], { env, encoding: 'utf8', timeout: 300_000 });
    return JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
  } catch {
    return null;
  }
}

const fmt = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(1));
const ratio = (x: number | undefined, y: number | undefined) => (x && y ? `${(x / y).toFixed(2)}×` : '—');

/** Runs every engine on every shape and prints one table (GFLOPS and ratios). */
export async function runGemmBench(): Promise<void> {
  const wasm = createWasmBackendSync({ threads: 1 });
  if (!wasm) throw new Error('bench/gemm: WebAssembly SIMD is not available');
  const rows: Record<string, Record<string, number>> = {};
  for (const s of shapes) rows[s.label] = {};
  for (const t of [1, 2]) {
    wasm.setThreads!(t);
    for (const s of shapes) rows[s.label][`perceptio/${t}`] = await perceptio(wasm, s);
  }
  wasm.setThreads!(1);

  const tf: Tf = await import('@tensorflow/tfjs');
  const tfWasm = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  // a file path, so the backend reads its .wasm from node_modules instead of fetching it
  tfWasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    await tf.ready();
    for (const s of shapes) {
      if (backend === 'cpu' && flops(s) > 2 * 512 ** 3) continue; // tens of seconds per product
      rows[s.label][`tfjs-${backend}`] = await tfjs(tf, s);
    }
  }

  const torch = [1, 2].map((t) => pytorch(shapes, t));
  for (const s of shapes) {
    for (const t of [1, 2]) {
      const r = torch[t - 1]?.[s.label];
      if (r) rows[s.label][`torch/${t}`] = r;
    }
  }

  const head = ['shape', 'P 1T', 'P 2T', 'tfjs-wasm', 'tfjs-cpu', 'torch 1T', 'torch 2T', 'P1/tfjs-wasm', 'P1/tfjs-cpu', 'P1/torch1', 'P2/torch2', 'P2/P1'];
  const table = shapes.map((s) => {
    const r = rows[s.label];
    return [
      s.label, fmt(r['perceptio/1']), fmt(r['perceptio/2']), fmt(r['tfjs-wasm']), fmt(r['tfjs-cpu']),
      fmt(r['torch/1']), fmt(r['torch/2']),
      ratio(r['perceptio/1'], r['tfjs-wasm']), ratio(r['perceptio/1'], r['tfjs-cpu']),
      ratio(r['perceptio/1'], r['torch/1']), ratio(r['perceptio/2'], r['torch/2']), ratio(r['perceptio/2'], r['perceptio/1']),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log('GEMM GFLOPS (float32, best of N; P = Perceptio wasm, T = threads)');
  console.log(line(head));
  for (const r of table) console.log(line(r));
  if (!torch[0]) console.log('PyTorch: not available (/usr/bin/python3 -c "import torch" failed)');
}

await runGemmBench();
process.exit(0);
