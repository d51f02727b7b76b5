// One instantiated kernel module with its scratch arena and worker pool.
import { Arena } from './memory.js';
import { CONTROL_BYTES, ThreadPool } from './threads.js';
import * as generated from './module.generated.js';

type Fn = (...args: number[]) => number;

/** Exports callable on worker threads, by index (ThreadPool.run's `fn`). */
export const threadedExports = ['gemm', 'unary', 'convForward', 'convBackInput', 'convBackWeight'] as const;
export const GEMM = 0;
export const UNARY = 1;
export const CONV_FORWARD = 2;
export const CONV_BACK_INPUT = 3;
export const CONV_BACK_WEIGHT = 4;

export interface KernelExports {
  heapBase(): number;
  gemmWorkBytes(): number;
  gemm: Fn;
  unary: Fn;
  convForward: Fn;
  convBackInput: Fn;
  convBackWeight: Fn;
  binary: Fn;
  reduce: Fn;
  copy4: Fn;
  zero: Fn;
  sgd: Fn;
  adam: Fn;
}

/** Persistent arrays (parameters, optimizer state) may fill at most this much shared memory. */
export const MAX_PERSISTENT_BYTES = 1 << 30;

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
    // persistent views need a shared memory: growing an unshared one detaches them
    const persistent = memory.buffer instanceof ArrayBuffer ? 0 : Math.min(MAX_PERSISTENT_BYTES, maxBytes / 4);
    this.arena = new Arena(memory, base + Math.ceil(CONTROL_BYTES / 64) * 64, maxBytes, persistent);
    this.gemmWorkBytes = exports.gemmWorkBytes();
  }

  get threads(): number {
    return this.pool?.size ?? 1;
  }

  /**
   * Runs each kernel once on a mid-sized input. V8 first runs wasm in its baseline compiler
   * (about a third of the speed for SIMD here) and optimises a function once it has done enough
   * work, so without this the first few hundred milliseconds of real work run slowly.
   */
  warmUp(): void {
    const n = 1 << 16;
    const { arena, exports: k } = this;
    arena.reset();
    if (!arena.reserve(3 * n * 4 + this.gemmWorkBytes, 4)) return;
    const x = arena.alloc(n * 4);
    const y = arena.alloc(n * 4);
    const z = arena.alloc(n * 4);
    const work = arena.alloc(this.gemmWorkBytes);
    arena.f32.fill(0.5, x >>> 2, (z >>> 2) + n);
    k.unary(0, x, z, n);
    k.binary(0, x, y, z, 1, n, 0, 0, 1, 1);
    k.reduce(0, x, z, 1, n, 1);
    k.reduce(1, x, z, 1, n, 1);
    // 96×96·96×96, from x and y into z
    k.gemm(x, y, z, 96, 96, 96, 96, 1, 96, 1, 0, 0, 0, 1, 0, 96, 0, 96, work);
  }
}

const { maxSharedPages } = generated;

/** The kernel module's bytes: for a shared memory or its own, with fused multiply-adds or not. */
export function moduleBytes(shared: boolean, fma = false): Uint8Array<ArrayBuffer> {
  const bin = atob(generated[`${shared ? 'shared' : 'single'}${fma ? 'Fma' : ''}ModuleBase64`]);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Imports for the module: a fresh shared memory for the threaded variant, nothing otherwise. */
export function importsFor(shared: boolean): { imports: WebAssembly.Imports; memory: WebAssembly.Memory | null } {
  if (!shared) return { imports: {}, memory: null };
  const memory = new WebAssembly.Memory({ initial: 32, maximum: maxSharedPages, shared: true });
  return { imports: { env: { memory } }, memory };
}

/** Wraps an instance; `shared` is the memory it imported (then workers can join), or null. */
export function engineFor(inst: WebAssembly.Instance, module: WebAssembly.Module, shared: WebAssembly.Memory | null): Engine {
  const exports = inst.exports as unknown as KernelExports;
  if (shared) return new Engine(exports, shared, module, maxSharedPages * 65536);
  return new Engine(exports, inst.exports.memory as WebAssembly.Memory, null, 65536 * 65536);
}
