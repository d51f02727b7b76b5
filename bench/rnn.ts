// LSTM forward + backward, steps per second: Perceptio vs TensorFlow.js (cpu and wasm backends) vs
// PyTorch where Debian's python3-torch is installed, on the same shapes in one run.
// Run from the repository root: npm run bench -- rnn [--steps 5] [--tfjs-steps 1]
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getBackend, manualSeed, randn, setBackend, setThreads } from '../src/index.js';
import { LSTM } from '../src/nn/index.js';
import { torchAvailable } from './torch.js';

const require = createRequire(import.meta.url);
const { values: args } = parseArgs({
  options: { steps: { type: 'string', default: '5' }, 'tfjs-steps': { type: 'string', default: '1' } },
  allowPositionals: true,
});
const STEPS = Number(args.steps);
const TFJS_STEPS = Number(args['tfjs-steps']);
/** the shape: input 128, hidden 256, batch 32, 64 time steps */
const [I, H, N, T] = [128, 256, 32, 64];

interface Row {
  library: string;
  secondsPerStep: number;
  note: string;
}

/** Best seconds per call over 3 rounds of n calls, after one warm-up call. */
async function best(fn: () => void, n: number): Promise<number> {
  fn();
  let s = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    s = Math.min(s, (performance.now() - t0) / 1000 / n);
    await new Promise(setImmediate);
  }
  return s;
}

async function perceptio(threads: number): Promise<Row> {
  setBackend('wasm');
  setThreads(threads);
  manualSeed(0);
  const lstm = new LSTM(I, H);
  const x = randn([T, N, I]).requiresGrad_();
  const step = () => {
    lstm.zeroGrad();
    lstm.forward(x)[0].sum().backward();
  };
  const s = await best(step, STEPS);
  return { library: `Perceptio ${getBackend().name}, ${threads} thread${threads > 1 ? 's' : ''}`, secondsPerStep: s, note: `best of 3 × ${STEPS}` };
}

async function tfjs(backend: 'cpu' | 'wasm'): Promise<Row> {
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/');
  }
  await tf.setBackend(backend);
  await tf.ready();
  const layer = tf.layers.lstm({ units: H, returnSequences: true });
  const x = tf.randomNormal([N, T, I]); // tf.layers are batch-major
  layer.apply(x); // builds the weights
  const step = () => tf.tidy(() => void tf.variableGrads(() => (layer.apply(x) as import('@tensorflow/tfjs').Tensor).sum() as never));
  const s = await best(step, TFJS_STEPS);
  tf.disposeVariables();
  return { library: `TensorFlow.js ${tf.version_core} ${backend}`, secondsPerStep: s, note: `best of 3 × ${TFJS_STEPS}` };
}

function pytorch(threads: number): Row | null {
  if (!torchAvailable()) return null;
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE; // as bench/torch.ts: these slow a current OpenBLAS; cleared for the peer only
  delete env.OPENBLAS_L2_SIZE;
  const out = execFileSync('/usr/bin/python3', [join(resolve('.'), 'bench/torch_rnn.py'), I, H, N, T, STEPS, threads].map(String), { env, encoding: 'utf8' });
  const r = JSON.parse(out);
  return { library: `${r.library}, ${threads} thread${threads > 1 ? 's' : ''}`, secondsPerStep: r.secondsPerStep, note: `best of 3 × ${STEPS}` };
}

async function main() {
  const rows: Row[] = [await perceptio(1), await perceptio(2)];
  const torch = [pytorch(1), pytorch(2)].filter((r): r is Row => r !== null);
  rows.push(...torch);
  rows.push(await tfjs('wasm'), await tfjs('cpu'));
  const ref = rows[0];
  console.log(`\nLSTM input ${I}, hidden ${H}, batch ${N}, ${T} steps: forward + backward (all weight and input gradients); ratio = time / ${ref.library}\n`);
  console.log('| library | steps/s | ms/step | ratio | measured |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows)
    console.log(`| ${r.library} | ${(1 / r.secondsPerStep).toFixed(2)} | ${(1000 * r.secondsPerStep).toFixed(1)} | ${(r.secondsPerStep / ref.secondsPerStep).toFixed(2)}× | ${r.note} |`);
  if (!torch.length) console.log('\nPyTorch: not installed here (/usr/bin/python3 cannot import torch), so no PyTorch row.');
  process.exit(0); // worker threads of the wasm backends would keep the process alive
}

main();
