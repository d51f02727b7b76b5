// One instantiated kernel module with its scratch arena and worker pool.
import { Arena } from './memory.js';
import { CONTROL_BYTES, ThreadPool } from './threads.js';
import { maxSharedPages, sharedModuleBase64, singleModuleBase64 } from './module.generated.js';

type Fn = (...args: number[]) => number;

/** Exports callable on worker threads, by index (ThreadPool.run's `fn`). */
export const threadedExports = ['gemm', 'unary'] as const;
export const GEMM = 0;
export const UNARY = 1;

export interface KernelExports {
  heapBase(): number;
  gemmWorkBytes(): number;
  gemm: Fn;
  unary: Fn;
  binary: Fn;
  reduce: Fn;
}

export class Engine {
  readonly arena: Arena;
  readonly pool: ThreadPool | null;
  readonly gemmWorkBytes: number;

  constructor(
    readonly exports: KernelExports,
    memory: WebAssembly.Memory,
    module: WebAssembly.Module | null,
    maxBytes: number,
  ) {
    const base = Math.ceil(exports.heapBase() / 64) * 64;
    const fns = threadedExports.map((n) => exports[n]);
    this.pool = module ? new ThreadPool(module, memory, base, threadedExports, fns) : null;
    this.arena = new Arena(memory, base + Math.ceil(CONTROL_BYTES / 64) * 64, maxBytes);
    this.gemmWorkBytes = exports.gemmWorkBytes();
  }

  get threads(): number {
    return this.pool?.size ?? 1;
  }
}

export function moduleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const bin = atob(shared ? sharedModuleBase64 : singleModuleBase64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Instantiates a compiled module: with shared memory (threads possible) or its own memory. */
export function instantiate(module: WebAssembly.Module, shared: boolean): Engine {
  if (shared) {
    const memory = new WebAssembly.Memory({ initial: 32, maximum: maxSharedPages, shared: true });
    const inst = new WebAssembly.Instance(module, { env: { memory } });
    return new Engine(inst.exports as unknown as KernelExports, memory, module, maxSharedPages * 65536);
  }
  const inst = new WebAssembly.Instance(module, {});
  const memory = inst.exports.memory as WebAssembly.Memory;
  return new Engine(inst.exports as unknown as KernelExports, memory, null, 65536 * 65536);
}
