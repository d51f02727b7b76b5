import type { Data } from '../backend/backend.js';
import { arrayTypes, type DType } from './dtype.js';

// Fresh large typed arrays cost ~2.5 ms per MiB here (zero-filled pages), so arrays of at least
// POOL_MIN elements return to a pool when the tensor owning them is collected, and are reused.
const POOL_MIN = 16384;
const POOL_MAX_PER_SIZE = 8;
const pool = new Map<string, Data[]>();
function recycle(data: Data): void {
  const key = `${data.constructor.name}:${data.length}`;
  const list = pool.get(key) ?? [];
  if (list.length < POOL_MAX_PER_SIZE) list.push(data);
  pool.set(key, list);
}
// NOTE: finalizers run only between tasks, never inside a synchronous training loop; the engine
// also returns the arrays it knows are dead (backward's intermediate gradients) through release()
const registry = new FinalizationRegistry<Data>(recycle);

/**
 * A typed array of n elements; zeroed unless the caller overwrites every element anyway.
 * `owner` is the object whose collection returns the array to the pool.
 */
export function alloc(dtype: DType, n: number, zero = true): Data {
  const Ctor = arrayTypes[dtype];
  if (n >= POOL_MIN) {
    const reused = pool.get(`${Ctor.name}:${n}`)?.pop();
    if (reused) {
      if (zero) reused.fill(0);
      return reused;
    }
  }
  return new Ctor(n);
}

// Arrays handed to tensor() by the caller stay the caller's (they may keep using them, or wrap
// them twice): they are never pooled, or a later alloc would hand out memory still in use.
const foreign = new WeakSet<Data>();
export function disown(data: Data): void {
  foreign.add(data);
}

/** Marks `owner` as the sole owner of a pooled-size array: when it is collected the array is reused. */
export function adopt(owner: object, data: Data): void {
  if (data.length >= POOL_MIN && !foreign.has(data)) registry.register(owner, data, owner);
}

/** Returns an owner's array to the pool now; the caller guarantees nothing reads it any more. */
export function release(owner: object, data: Data): void {
  if (data.length >= POOL_MIN && registry.unregister(owner)) recycle(data);
}
