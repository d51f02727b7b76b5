import { num, parse, report, UsageError, type Command } from '../args.js';
import { getBackend, setBackend, setThreads } from '../../src/backend/index.js';
import { manualSeed, Generator } from '../../src/tensor/random.js';
import { randn } from '../../src/tensor/create.js';
import { noGrad } from '../../src/autograd/engine.js';
import { DataLoader } from '../../src/data/loader.js';
import { TensorDataset } from '../../src/data/dataset.js';
import { loadMnistSplit } from '../../src/data/mnist.js';
import { mlp } from '../../src/models/mlp.js';
import { crossEntropy } from '../../src/nn/loss.js';
import { SGD } from '../../src/optim/sgd.js';
import { fitAsync } from '../../src/train/fit.js';

const help = `Usage: perceptio bench [options]

A quick in-process microbenchmark of Perceptio alone (the side-by-side comparison with
TensorFlow.js and PyTorch lives in bench/):
  GEMM GFLOPS of square float32 matmuls, 64-element add µs per op, and seconds per epoch of the
  MLP 784-256-10 (SGD momentum, batch 64) on the 8,000 training digits of the embedded MNIST split.

Options:
  --sizes <n[,n…]>   GEMM sizes (default 128,256,512,1024)
  --epochs <n>       MLP epochs to time (default 2; 0 skips)
  --backend <name>   js or wasm (default: the automatic choice)
  --threads <n>      worker threads for large ops
  --json             print one JSON object
`;

/** Best time in ms of repeated calls within about budgetMs, after one warm-up call. */
function bestMs(fn: () => unknown, budgetMs: number): number {
  fn();
  let best = Infinity;
  const t0 = performance.now();
  for (let i = 0; i < 3 || (performance.now() - t0 < budgetMs && i < 1000); i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

export const command: Command = {
  summary: 'quick microbenchmark: GEMM GFLOPS, per-op overhead, MLP seconds per epoch',
  help,
  async run(argv) {
    const parsed = parse(argv, { sizes: { type: 'string' }, epochs: { type: 'string' }, backend: { type: 'string' }, threads: { type: 'string' } });
    const values = parsed.values as { sizes?: string; epochs?: string; backend?: string; threads?: string; json?: boolean };
    if (parsed.positionals.length) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
    const sizes = (values.sizes ?? '128,256,512,1024').split(',').map((s) => num(s, 'sizes', NaN));
    if (sizes.some((n) => !(Number.isInteger(n) && n > 0 && n <= 8192))) throw new UsageError(`--sizes expects integers in [1, 8192], got ${values.sizes}`);
    const epochs = num(values.epochs, 'epochs', 2);
    if (!(Number.isInteger(epochs) && epochs >= 0)) throw new UsageError(`--epochs expects a non-negative integer, got ${epochs}`);
    if (values.backend !== undefined) {
      if (values.backend !== 'js' && values.backend !== 'wasm') throw new UsageError(`--backend expects js or wasm, got '${values.backend}'`);
      setBackend(values.backend);
    }
    if (values.threads !== undefined) {
      const t = num(values.threads, 'threads', 1);
      if (!(Number.isInteger(t) && t >= 1)) throw new UsageError(`--threads expects a positive integer, got ${t}`);
      setThreads(t);
    }
    const say = (s: string) => !values.json && process.stdout.write(s + '\n');
    const backend = getBackend();
    say(`backend ${backend.name}, ${backend.threads} thread(s)`);
    const gen = new Generator(1);
    const gemm = sizes.map((n) => {
      const a = randn([n, n], { generator: gen });
      const b = randn([n, n], { generator: gen });
      const ms = bestMs(() => noGrad(() => a.matmul(b)), 400);
      const gflops = (2 * n ** 3) / ms / 1e6;
      say(`GEMM ${n}×${n}: ${gflops.toFixed(1)} GFLOPS`);
      return { n, gflops, ms };
    });
    const x = randn([64], { generator: gen });
    const y = randn([64], { generator: gen });
    const reps = 2000;
    const addMs = bestMs(() => noGrad(() => { for (let i = 0; i < reps; i++) x.add(y); }), 400);
    const addMicros = (addMs * 1000) / reps;
    say(`add of 64 elements: ${addMicros.toFixed(2)} µs/op`);
    let mlpSecondsPerEpoch: number | null = null;
    if (epochs > 0) {
      const split = loadMnistSplit(); // the shared split's order, regenerated from its seeds
      manualSeed(0);
      const model = mlp({ sizes: [784, 256, 10] });
      const train = new DataLoader(new TensorDataset(split.train.images, split.train.labels), { batchSize: 64, order: split.order });
      const { history } = await fitAsync(model, { train, loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 }), epochs });
      mlpSecondsPerEpoch = Math.min(...history.map((h) => h.seconds!));
      say(`MLP 784-256-10, 8,000 digits, batch 64: ${mlpSecondsPerEpoch.toFixed(3)} s/epoch (best of ${epochs})`);
    }
    if (values.json)
      report(true, { backend: backend.name, threads: backend.threads, gemm, addMicros, mlpSecondsPerEpoch }, '');
    return 0;
  },
};
