// conv2d forward + backward (input and weight gradients for a fixed upstream gradient) GFLOPS on
// representative layer shapes, Perceptio side by side with TensorFlow.js (cpu; wasm where it has
// the kernels) and PyTorch, in one run, with ratios to Perceptio.
// Run from the repository root: npm run bench -- conv [--threads 1]
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { F, getBackend, manualSeed, randn, setBackend, setThreads } from '../src/index.js';
import { runTorch, torchAvailable } from './torch.js';

const root = process.cwd();
const { values: args } = parseArgs({ options: { threads: { type: 'string', default: '1' } } });
const THREADS = Number(args.threads);

/** the shapes; FLOPs = 3 × the forward's 2·N·O·OH·OW·(C/groups)·k² (forward, dX, dW) */
export const convShapes = [
  { name: '28×28×1 → 32, 5×5', n: 64, c: 1, h: 28, o: 32, k: 5, groups: 1 },
  { name: '32×32×32 → 64, 3×3', n: 16, c: 32, h: 32, o: 64, k: 3, groups: 1 },
  { name: '16×16×64 → 64, 3×3 depthwise', n: 64, c: 64, h: 16, o: 64, k: 3, groups: 64 },
].map((s) => ({ ...s, flops: 3 * 2 * s.n * s.o * s.h * s.h * (s.c / s.groups) * s.k * s.k }));
type Shape = (typeof convShapes)[number];

interface Row {
  library: string;
  /** per shape; null where the library cannot run it */
  gflops: (number | null)[];
  note?: string;
}

/** Best seconds per call over 5 rounds of 3 calls after a warm-up; 2 single calls when one takes over 0.3 s (TF.js cpu). */
async function best(fn: () => unknown): Promise<number> {
  let t0 = performance.now();
  await fn();
  const slow = performance.now() - t0 > 300;
  let t = Infinity;
  for (let r = 0; r < (slow ? 2 : 5); r++) {
    t0 = performance.now();
    for (let i = 0; i < (slow ? 1 : 3); i++) await fn();
    t = Math.min(t, (performance.now() - t0) / (slow ? 1000 : 3000));
  }
  return t;
}

/** forward and backward, or (forwardOnly) the forward alone: a third of the FLOPs */
async function perceptio(forwardOnly = false): Promise<Row> {
  setBackend('wasm');
  setThreads(THREADS);
  manualSeed(0);
  const gflops: number[] = [];
  for (const s of convShapes) {
    const x = randn([s.n, s.c, s.h, s.h]).requiresGrad_(!forwardOnly);
    const w = randn([s.o, s.c / s.groups, s.k, s.k]).requiresGrad_(!forwardOnly);
    const g = randn([s.n, s.o, s.h, s.h]);
    const conv = () => F.conv2d(x, w, null, { padding: s.k >> 1, groups: s.groups });
    const seconds = await best(forwardOnly ? conv : () => conv().backward(g));
    gflops.push(s.flops / (forwardOnly ? 3 : 1) / seconds / 1e9);
  }
  const library = `Perceptio ${getBackend().name}, ${THREADS} thread${THREADS > 1 ? 's' : ''}`;
  return { library: forwardOnly ? `${library}, forward only` : library, gflops };
}

/**
 * TensorFlow.js forward + backward; TF.js cpu at an eighth of the batch (GFLOPS do not depend on
 * it, and a full batch takes minutes); wasm lacks the weight-gradient kernels, so forward only.
 */
async function tfjs(backend: 'cpu' | 'wasm'): Promise<Row> {
  const forwardOnly = backend === 'wasm';
  const part = backend === 'cpu' ? 8 : 1;
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setThreadsCount?.(THREADS);
  }
  await tf.setBackend(backend);
  await tf.ready();
  const gflops: (number | null)[] = [];
  const notes: string[] = [];
  for (const full of convShapes) {
    const s = { ...full, n: full.n / part, flops: full.flops / part };
    // NHWC, the layout TensorFlow.js convolves in; depthwise as its depthwiseConv2d
    const x = tf.randomNormal([s.n, s.h, s.h, s.c]) as import('@tensorflow/tfjs').Tensor4D;
    const depthwise = s.groups > 1;
    const w = tf.randomNormal(depthwise ? [s.k, s.k, s.c, 1] : [s.k, s.k, s.c, s.o]) as import('@tensorflow/tfjs').Tensor4D;
    const dy = tf.randomNormal([s.n, s.h, s.h, s.o]);
    const f = (a: import('@tensorflow/tfjs').Tensor4D, b: import('@tensorflow/tfjs').Tensor4D) =>
      depthwise ? tf.depthwiseConv2d(a, b, 1, 'same') : tf.conv2d(a, b, 1, 'same');
    const grads = tf.grads(f as never);
    const step = async () => {
      const gs = forwardOnly ? [f(x, w)] : grads([x, w], dy);
      await Promise.all(gs.map((t) => t.data()));
      tf.dispose(gs);
    };
    try {
      gflops.push(s.flops / (forwardOnly ? 3 : 1) / (await best(step)) / 1e9);
    } catch (e) {
      gflops.push(null);
      notes.push(`${s.name}: ${(e as Error).message.split('\n')[0]}`);
    }
    tf.dispose([x, w, dy]);
  }
  const what = forwardOnly ? ', forward only (no Conv2DBackpropFilter kernel)' : part > 1 ? `, batch ÷ ${part}` : '';
  return { library: `TensorFlow.js ${tf.version_core} ${backend}${what}`, gflops, note: notes.join('; ') || undefined };
}

function pytorch(): Row | null {
  if (!torchAvailable()) return null;
  const r = runTorch(join(root, 'bench/torch_conv.py'), resolve(root, '../shared/data/mnist-10k-split'), [THREADS], JSON.stringify(convShapes));
  return { library: `${r.library}, ${THREADS} thread${THREADS > 1 ? 's' : ''}`, gflops: r.gflops };
}

async function main() {
  const rows: Row[] = [];
  const add = (r: Row | null) => {
    if (!r) return;
    rows.push(r);
    console.error(`${r.library}: ${r.gflops.map((v) => v?.toFixed(2) ?? '–').join(', ')} GFLOPS`);
  };
  add(await perceptio());
  add(await perceptio(true));
  add(pytorch());
  add(await tfjs('wasm'));
  add(await tfjs('cpu'));
  const ref = rows[0];
  const fwdRef = rows.find((r) => r.library.endsWith('forward only'))!;
  console.log(`\nconv2d forward + backward (input and weight gradients), GFLOPS; ratio = library / ${ref.library} (forward-only rows: / its forward only)\n`);
  console.log(`| layer | ${rows.map((r) => r.library).join(' | ')} |`);
  console.log(`| --- |${rows.map(() => ' --- |').join('')}`);
  const cell = (r: Row, i: number) => {
    const v = r.gflops[i];
    if (v === null) return 'cannot';
    const base = r.library.includes('forward only') ? fwdRef : ref;
    return r === base ? v.toFixed(2) : `${v.toFixed(2)} (${(v / base.gflops[i]!).toFixed(2)}×)`;
  };
  convShapes.forEach((s: Shape, i) => console.log(`| ${s.name}, batch ${s.n} | ${rows.map((r) => cell(r, i)).join(' | ')} |`));
  for (const r of rows) if (r.note) console.log(`\n${r.library}: ${r.note}`);
  process.exit(0); // worker threads of the wasm backends would keep the process alive
}

main();
