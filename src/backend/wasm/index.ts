// The WebAssembly SIMD backend: kernels compiled from assembly/ by scripts/build-wasm.mjs and
// embedded in the package (never downloaded). Kernels not in wasm, and dtypes or sizes where
// copying into linear memory costs more than it saves, fall back to the reference kernels;
// tests compare the two.
import { binaryOps, reduceOps, unaryOps, type Backend, type Kernels } from '../backend.js';
import { jsKernels } from '../js/kernels.js';
import { wasmConv } from './conv.js';
import { rowIndexSelect, wasmCopy } from './copy.js';
import { wasmBinary, wasmReduce, wasmUnary } from './elementwise.js';
import { engineFor, importsFor, moduleBytes, type Engine } from './engine.js';
import { defaultThreads, hasRelaxedSimd, hasSharedMemory, hasSimd } from './feature-probe.js';
import { wasmMatmul } from './matmul.js';
import { wasmMaxPool, wasmMaxUnpool } from './pool.js';
import { wasmOptim } from './optim.js';

export { hasSimd, hasSharedMemory, hasRelaxedSimd } from './feature-probe.js';

// One module instance per process (per realm): its memory and workers are reused by every
// backend handle, so setBackend('wasm') after setBackend('js') costs nothing.
let engine: Engine | null = null;
let backend: Backend | null = null;
let threadsChosen = false;
/** Bytes of wasm memory the storage pool's arrays may hold at a time (see poolArray). */
const MAX_POOLED_BYTES = 32 << 20;

function makeBackend(e: Engine): Backend {
  const k: Partial<Kernels> = {};
  for (const op of unaryOps) Object.assign(k, { [op]: wasmUnary(e, op, jsKernels[op]) });
  for (const op of binaryOps) if (op !== 'pow') Object.assign(k, { [op]: wasmBinary(e, op, jsKernels[op]) });
  for (const op of reduceOps) Object.assign(k, { [op]: wasmReduce(e, op, jsKernels[op]) });
  const kernels: Kernels = {
    ...jsKernels, ...k, matmul: wasmMatmul(e, jsKernels.matmul), copy: wasmCopy(e, jsKernels.copy),
    indexSelect: rowIndexSelect(jsKernels.indexSelect),
    ...wasmOptim(e, jsKernels),
    ...wasmConv(e, jsKernels),
    maxPool2d: wasmMaxPool(e, jsKernels.maxPool2d),
    maxUnpool2d: wasmMaxUnpool(e, jsKernels.maxUnpool2d),
  };
  return {
    name: 'wasm',
    kernels,
    get threads() {
      return e.threads;
    },
    setThreads(n: number) {
      if (!Number.isInteger(n) || n < 1) throw new Error(`setThreads: expected a positive integer, got ${n}`);
      threadsChosen = true;
      e.pool?.resize(n);
    },
    persistent: (n: number) => e.arena.persistent(n),
    // a pooled array that a tensor keeps (a gradient the user drops, say) is freed only with it,
    // by a finalizer that runs between tasks, so a long synchronous loop strands such arrays:
    // the pool makes at most MAX_POOLED_BYTES of them at a time, then keeps plain ones
    poolArray: (n: number, dtype = 'float32') => {
      if (e.arena.pooledInUse + 4 * n > MAX_POOLED_BYTES) return null;
      return dtype === 'int32' ? e.arena.persistent(n, true, true) : e.arena.persistent(n, true);
    },
    zero(data) {
      const at = e.arena.addressOf(data);
      if (at < 0) return false;
      e.exports.zero(at, data.byteLength);
      return true;
    },
  };
}

function adopt(e: Engine): void {
  e.warmUp();
  engine = e;
  backend = makeBackend(e);
}

// an explicit count always applies; otherwise the default, once
function withThreads(threads: number | undefined): Backend {
  if (threads !== undefined || !threadsChosen) backend!.setThreads!(threads ?? defaultThreads());
  return backend!;
}

/**
 * The wasm backend, compiled synchronously (fine in Node and workers; browsers' main threads
 * should use createWasmBackend). Null when WebAssembly SIMD is missing.
 * Example: const b = createWasmBackendSync({ threads: 2 }); b?.kernels.matmul(a, w, out, params);
 */
export function createWasmBackendSync(opts: { threads?: number } = {}): Backend | null {
  if (!hasSimd()) return null;
  if (!engine) {
    const shared = hasSharedMemory();
    const module = new WebAssembly.Module(moduleBytes(shared, hasRelaxedSimd()));
    const { imports, memory } = importsFor(shared);
    adopt(engineFor(new WebAssembly.Instance(module, imports), module, memory));
  }
  return withThreads(opts.threads);
}

/**
 * The wasm backend, compiled asynchronously; with shared memory (Node, cross-origin isolated
 * pages) large ops run on `threads` threads (default: the usable cores). Null without SIMD.
 * Example: const b = await createWasmBackend(); console.log(b?.threads);
 */
export async function createWasmBackend(opts: { threads?: number } = {}): Promise<Backend | null> {
  if (!hasSimd()) return null;
  if (!engine) {
    // asynchronous compile and instantiate: browsers refuse both synchronously on the main thread
    const shared = hasSharedMemory();
    const module = await WebAssembly.compile(moduleBytes(shared, hasRelaxedSimd()));
    const { imports, memory } = importsFor(shared);
    const inst = await WebAssembly.instantiate(module, imports);
    if (!engine) adopt(engineFor(inst, module, memory));
  }
  const b = withThreads(opts.threads);
  await engine!.pool?.ready(); // browsers cannot block until workers are up
  return b;
}
