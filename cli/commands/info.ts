import { availableParallelism } from 'node:os';
import { parse, report, UsageError, type Command } from '../args.js';
import { getBackend } from '../../src/backend/index.js';
import { hasRelaxedSimd, hasSharedMemory, hasSimd } from '../../src/backend/wasm/index.js';

const help = `Usage: perceptio info [--json]

Prints the compute backend in use (wasm or js), whether WebAssembly SIMD, its fused multiply-add
(relaxed SIMD) and shared memory (threads) are available, the thread count, the CPU cores and the
Node version. The environment variables PERCEPTIO_BACKEND (js | wasm) and PERCEPTIO_THREADS
override the automatic choice; PERCEPTIO_FMA=0 keeps the kernels without fused multiply-adds.
`;

export const command: Command = {
  summary: 'show the backend, SIMD support, threads and Node version',
  help,
  async run(argv) {
    const { values, positionals } = parse(argv, {});
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const backend = getBackend();
    const info = {
      backend: backend.name,
      simd: hasSimd(),
      fma: hasRelaxedSimd(),
      sharedMemory: hasSharedMemory(),
      threads: backend.threads,
      cores: availableParallelism(),
      node: process.versions.node,
      v8: process.versions.v8,
      platform: `${process.platform}-${process.arch}`,
      env: { PERCEPTIO_BACKEND: process.env.PERCEPTIO_BACKEND ?? null, PERCEPTIO_THREADS: process.env.PERCEPTIO_THREADS ?? null, PERCEPTIO_FMA: process.env.PERCEPTIO_FMA ?? null },
    };
    const yes = (b: boolean) => (b ? 'yes' : 'no');
    report(values.json === true, info, [
      `backend        ${info.backend}`,
      `SIMD           ${yes(info.simd)}`,
      `fused mul-add  ${yes(info.fma)}`,
      `shared memory  ${yes(info.sharedMemory)}`,
      `threads        ${info.threads} (of ${info.cores} cores)`,
      `Node           ${info.node} (V8 ${info.v8}), ${info.platform}`,
    ].join('\n'));
    return 0;
  },
};
