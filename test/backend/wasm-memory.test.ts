import { describe, expect, test } from 'vitest';
import type { MatmulParams } from '../../src/backend/backend.js';
import { jsKernels } from '../../src/backend/js/kernels.js';
import { createWasmBackendSync } from '../../src/backend/wasm/index.js';
import { Arena } from '../../src/backend/wasm/memory.js';
import { setBackend } from '../../src/index.js';
import { allocPersistent, release, alloc } from '../../src/tensor/storage.js';

// Persistent arrays live in the wasm memory below the scratch arena: they must stay valid while
// memory grows, never overlap each other or the arena, and give their blocks back for reuse.

const shared = () => new WebAssembly.Memory({ initial: 1, maximum: 64, shared: true });

describe('Arena persistent blocks', () => {
  test('are zeroed, disjoint views of the memory, below the arena, and survive growth', () => {
    const arena = new Arena(shared(), 1024, 64 * 65536, 1 << 20);
    const a = arena.persistent(1000)!;
    const b = arena.persistent(3)!;
    expect(a.length).toBe(1000);
    expect(Array.from(b)).toEqual([0, 0, 0]);
    expect(arena.addressOf(a)).toBe(1024);
    expect(arena.addressOf(b)).toBeGreaterThanOrEqual(1024 + 4000);
    expect(arena.addressOf(a.subarray(10))).toBe(1024 + 40);
    expect(arena.addressOf(new Float32Array(4))).toBe(-1);
    a.fill(1);
    b.fill(2);
    // the arena starts above both and grows the memory; the views still read their blocks
    arena.reset();
    expect(arena.reserve(40 * 65536)).toBe(true);
    const s = arena.alloc(40 * 65536);
    expect(s).toBeGreaterThanOrEqual(arena.addressOf(b) + 12);
    arena.f32.fill(7, s >>> 2, (s >>> 2) + 10 * 65536);
    expect(a.every((x) => x === 1)).toBe(true);
    expect(Array.from(b)).toEqual([2, 2, 2]);
    expect(arena.persistentInUse).toBe(4032 + 64);
  });

  test('freed blocks are reused (merged with neighbours), and the last one returns to the arena', () => {
    const arena = new Arena(shared(), 0, 64 * 65536, 1 << 20);
    const blocks = [1, 2, 3].map(() => arena.persistent(16)!);
    const at = blocks.map((x) => arena.addressOf(x));
    expect(at).toEqual([0, 64, 128]);
    arena.reclaim({ at: 0, bytes: 64 });
    arena.reclaim({ at: 64, bytes: 64 });
    // a 32-element block fits the merged hole at 0
    expect(arena.addressOf(arena.persistent(32)!)).toBe(0);
    arena.reclaim({ at: 128, bytes: 64 });
    arena.reset();
    expect(arena.alloc(4)).toBe(128); // the arena moved down over the freed last block
  });

  test("the storage pool's blocks are counted apart, until their arrays are collected", () => {
    const arena = new Arena(shared(), 0, 64 * 65536, 1 << 20);
    arena.persistent(1000);
    arena.persistent(1000, true);
    expect([arena.persistentInUse, arena.pooledInUse]).toEqual([8064, 4032]);
    arena.reclaim({ at: 4032, bytes: 4032, pooled: true });
    expect([arena.persistentInUse, arena.pooledInUse]).toEqual([4032, 0]);
  });

  test('none without a budget (unshared memory), or past the budget', () => {
    expect(new Arena(new WebAssembly.Memory({ initial: 1 }), 0, 65536, 0).persistent(10)).toBeNull();
    const arena = new Arena(shared(), 0, 64 * 65536, 4096);
    expect(arena.persistent(1024)).not.toBeNull();
    expect(arena.persistent(1)).toBeNull();
  });
});

describe('the wasm backend and persistent tensors', () => {
  const wasm = createWasmBackendSync({ threads: 2 })!;

  test('matmul reads persistent operands and writes a persistent output in place', () => {
    const p: MatmulParams = { batch: 1, m: 67, k: 130, n: 45, aBatchStride: 0, bBatchStride: 0, transA: false, transB: true, aOffset: 3, bOffset: 0 };
    const a = wasm.persistent!(3 + 67 * 130)!;
    const b = Float32Array.from({ length: 45 * 130 }, (_, i) => Math.sin(i));
    a.forEach((_, i) => (a[i] = Math.cos(i)));
    const out = wasm.persistent!(67 * 45)!;
    const expected = new Float32Array(67 * 45);
    jsKernels.matmul(a, b, expected, p);
    wasm.kernels.matmul(a, b, out, p);
    expect(out).toBeAllClose(expected, { rtol: 1e-5, atol: 1e-5 });
  });

  test('int32 arrays the pool takes back (max pooling indices) get int32 stand-ins there, zeroed when handed out', () => {
    setBackend('wasm'); // the storage pool asks the current backend
    const plain = new Int32Array(5003).fill(7);
    release(plain);
    const back = alloc('int32', 5003);
    expect(back).toBeInstanceOf(Int32Array);
    expect(back).not.toBe(plain);
    expect(back.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(back.every((v) => v === 0)).toBe(true);
  });

  test('the pool makes wasm-memory stand-ins for the arrays it takes back, up to its budget', () => {
    const made: (Float32Array | Int32Array)[] = [];
    for (let a = wasm.poolArray!(1 << 20); a; a = wasm.poolArray!(1 << 20)) made.push(a);
    // 32 MiB at most, whatever the pool already holds
    expect(made.length).toBeGreaterThan(0);
    expect(made.length).toBeLessThanOrEqual(8);
    expect(made.every((a) => a.buffer instanceof SharedArrayBuffer)).toBe(true);
  });

  test('allocPersistent gives float32 tensors shared memory; the pool never takes it', () => {
    const x = allocPersistent('float32', 20_000);
    expect(x.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(allocPersistent('float64', 20_000)).toBeInstanceOf(Float64Array);
    release(x);
    expect(alloc('float32', 20_000)).not.toBe(x);
  });
});

test('the backend zeroes its own arrays in wasm (a fill on shared memory is slow in V8), and declines others', () => {
  const backend = createWasmBackendSync({ threads: 1 })!;
  const own = backend.persistent!(1031)!; // Node has shared memory, so persistent arrays
  own.fill(3);
  const neighbour = backend.persistent!(1031)!;
  neighbour.fill(5);
  expect(backend.zero!(own.subarray(2, 1029))).toBe(true);
  expect([own[0], own[1], own[1029], own[1030]]).toEqual([3, 3, 3, 3]);
  expect(own.subarray(2, 1029).every((x) => x === 0)).toBe(true);
  expect(neighbour.every((x) => x === 5)).toBe(true);
  const plain = new Float32Array(8).fill(1);
  expect(backend.zero!(plain)).toBe(false);
  expect(plain.every((x) => x === 1)).toBe(true);
});
