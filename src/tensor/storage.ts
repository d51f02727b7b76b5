import type { Data } from '../backend/backend.js';
import { getBackend } from '../backend/index.js';
import { arrayTypes, type DType } from './dtype.js';

// Fresh typed arrays cost ~0.5–2.5 ms per MiB here (zero-filled pages), and in Chromium even a
// 4 KiB one costs 30–60 µs (its allocator hands freed pages back, so new ones fault in again), so
// arrays too big for the slab below that the engine knows are dead (backward's intermediate
// gradients) are kept for reuse: a small MLP's step then allocates 6 fresh arrays, not 22.
// NOTE: no FinalizationRegistry: its callbacks run only between tasks, so in a synchronous
// training loop it would hold every dead array alive until the loop ends.
const POOL_MIN = 256;
const POOL_MAX_PER_SIZE = 8;
// by element type, then length (no key strings to build and hash on every allocation)
const pool = new Map<object, Map<number, Data[]>>();

function pooled(Ctor: object, n: number): Data[] {
  let sizes = pool.get(Ctor);
  if (!sizes) pool.set(Ctor, (sizes = new Map()));
  let list = sizes.get(n);
  if (!list) sizes.set(n, (list = []));
  return list;
}

// Above V8's 64-byte on-heap limit every fresh typed array gets its own off-heap backing store,
// ~2–3 µs each here and more in Chromium: most of a small op's time. Small arrays are cut from a
// shared zeroed slab instead (~0.2 µs); a slab is freed with its last array, so a long-lived small
// tensor pins at most SLAB_BYTES. Slab arrays are never pooled (the pool holds only large ones).
const SLAB_BYTES = 8192;
const SLAB_MAX_BYTES = 1024;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

function fromSlab(Ctor: (typeof arrayTypes)[DType], n: number): Data {
  const bytes = (n * Ctor.BYTES_PER_ELEMENT + 15) & ~15; // 16-byte aligned for every dtype
  if (slabUsed + bytes > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const out = new Ctor(slab, slabUsed, n);
  slabUsed += bytes;
  return out;
}

// V8 frees typed arrays through malloc. glibc hands a freed block over 128 KiB back to the OS, and
// trims its heap once 128 KiB lie free at the top, so a fresh tensor (a minibatch, an output a
// user keeps) faults its zeroed pages in again: 1.5–20 µs per 4 KiB page on this VM. Freeing one
// block of ~30 MiB makes glibc raise both thresholds to its size and twice that (its documented
// dynamic threshold, mallopt(3)), so freed tensor memory is reused instead. The block is never
// touched, so it costs no resident memory; elsewhere (browsers, other allocators) it is inert.
let allocatorPrimed = false;
function primeAllocator(): void {
  allocatorPrimed = true;
  if (typeof process === 'object' && process.platform === 'linux') void new ArrayBuffer(30 << 20);
}

/** A typed array of n elements; zeroed unless the caller overwrites every element anyway. */
export function alloc(dtype: DType, n: number, zero = true): Data {
  if (!allocatorPrimed && n >= POOL_MIN) primeAllocator();
  const Ctor = arrayTypes[dtype];
  const o = offered.length ? offered.findIndex((d) => d.length === n && d.constructor === Ctor) : -1;
  if (o >= 0) {
    const out = offered[o];
    offered = offered.filter((_, i) => i !== o); // zeroed by its owner; handed out once
    tracked?.push(out);
    return out;
  }
  if (n * Ctor.BYTES_PER_ELEMENT <= SLAB_MAX_BYTES && n * Ctor.BYTES_PER_ELEMENT > 64) return fromSlab(Ctor, n);
  if (n < POOL_MIN) return new Ctor(n);
  const reused = pooled(Ctor, n).pop();
  if (reused && zero && !getBackend().zero?.(reused)) reused.fill(0);
  const out = reused ?? new Ctor(n);
  tracked?.push(out);
  return out;
}

let tracked: Data[] | null = null;
let offered: readonly Data[] = [];

/**
 * Runs fn and lists the poolable arrays allocated meanwhile (backward's view of a rule's scratch).
 * Each array of `offers` (zeroed) is handed out once, to the first allocation of its size and
 * type within fn.
 */
export function trackAllocations<T>(fn: () => T, offers: readonly Data[] = []): [T, Data[]] {
  const outer = tracked;
  const outerOffer = offered;
  const mine: Data[] = (tracked = []);
  offered = offers;
  try {
    return [fn(), mine];
  } finally {
    tracked = outer;
    offered = outerOffer;
    outer?.push(...mine);
  }
}

// Arrays handed to tensor() by the caller stay the caller's (they may keep using them, or wrap
// them twice): they are never pooled, or a later alloc would hand out memory still in use.
const foreign = new WeakSet<Data>();
export function disown(data: Data): void {
  foreign.add(data);
}

/** Whether release() would keep this array (large, ours, not a parameter's persistent storage). */
export function poolable(data: Data): boolean {
  return data.length >= POOL_MIN && !foreign.has(data) && (!isPersistent(data) || pooledInBackend.has(data));
}

// Pooled float32 and int32 arrays of this size or more live in the backend's memory where it has one:
// its kernels then read and write them in place instead of copying them in and out on every call
// (a 1 MB operand costs ~50 µs each way here). Each is made once, when a plain array of its size
// first comes back, and then circulates; one a tensor keeps is freed with that tensor.
const BACKEND_POOL_MIN = 4096;
const pooledInBackend = new WeakSet<Data>();

/** Returns a dead array to the pool; the caller guarantees nothing reads or writes it any more. */
export function release(data: Data): void {
  // persistent arrays (views of the backend's memory) that the pool did not make are never pooled:
  // they may be a parameter's storage, and their memory returns through the backend's bookkeeping
  if (!poolable(data)) return;
  const list = pooled(data.constructor, data.length);
  if (list.length < POOL_MAX_PER_SIZE && !list.includes(data)) list.push(inBackend(data));
}

/** A backend-memory array standing in for a plain float32 or int32 one (its contents do not matter). */
function inBackend(data: Data): Data {
  const int32 = data instanceof Int32Array;
  if (!(int32 || data instanceof Float32Array) || data.length < BACKEND_POOL_MIN || isPersistent(data)) return data;
  const b = getBackend().poolArray?.(data.length, int32 ? 'int32' : 'float32');
  if (!b) return data;
  pooledInBackend.add(b);
  return b;
}

/** Below this, a persistent array saves less in copies than its bookkeeping costs. */
const PERSISTENT_MIN = 1024;

/**
 * A zeroed array for a tensor that lives across many steps (parameters, optimizer state): in the
 * backend's own memory where it has one, so its kernels update it in place instead of copying it
 * in and out on every call; otherwise a plain array. The garbage collector frees both.
 */
export function allocPersistent(dtype: DType, n: number): Data {
  return (dtype === 'float32' && n >= PERSISTENT_MIN && getBackend().persistent?.(n)) || alloc(dtype, n);
}

/** A persistent copy of `src` (see allocPersistent). */
export function persistentCopy(dtype: DType, src: Data): Data {
  const out = allocPersistent(dtype, src.length);
  out.set(src);
  return out;
}

/** Whether an array is persistent (a view of the backend's shared memory). */
export function isPersistent(data: Data): boolean {
  return typeof SharedArrayBuffer === 'function' && data.buffer instanceof SharedArrayBuffer;
}
