// The worker pool on its own: jobs beyond the thread count are claimed by whichever thread is
// free, every job runs exactly once, a trap on any thread surfaces as an error and the pool
// keeps working afterwards.
import { afterAll, describe, expect, test } from 'vitest';
import { importsFor, moduleBytes } from '../../src/backend/wasm/engine.js';
import { CONTROL_BYTES, MAX_JOBS, ThreadPool } from '../../src/backend/wasm/threads.js';

const module = new WebAssembly.Module(moduleBytes(true));
const { imports, memory } = importsFor(true);
const { exports } = new WebAssembly.Instance(module, imports);
const copy4 = exports.copy4 as (...args: number[]) => number;
const control = Math.ceil((exports.heapBase as () => number)() / 64) * 64;
const pool = new ThreadPool(module, memory!, control, ['copy4'], [copy4]);
afterAll(() => pool.close());

const BLOCK = 1000; // floats per job
const src = control + CONTROL_BYTES + 64;
memory!.grow(64);

/** Jobs that each copy one block of `src` to the same block of `dst`. */
function copyJobs(count: number, dst: number): number[][] {
  return Array.from({ length: count }, (_, j) => [src + j * BLOCK * 4, dst + j * BLOCK * 4, 1, 1, 1, BLOCK, 0, 0, 0, 1, 0, 0, 0, 1]);
}

describe.each([1, 2, 3])('ThreadPool with %i threads', (threads) => {
  test.each([2, 7, MAX_JOBS + 5])('%i jobs each run once, claimed by whichever thread is free', (count) => {
    pool.resize(threads);
    expect(pool.size).toBe(threads);
    const f32 = new Float32Array(memory!.buffer);
    const dst = src + count * BLOCK * 4;
    for (let i = 0; i < count * BLOCK; i++) f32[(src >>> 2) + i] = i + 1;
    f32.fill(0, dst >>> 2, (dst >>> 2) + count * BLOCK);
    for (let rep = 0; rep < 20; rep++) pool.run(0, copyJobs(count, dst));
    const out = new Float32Array(memory!.buffer, dst, count * BLOCK);
    expect(out.every((v, i) => v === i + 1)).toBe(true);
  });

  test('a kernel trap surfaces as an error, and the next run works', () => {
    pool.resize(threads);
    const dst = src + 16 * BLOCK * 4;
    const jobs = copyJobs(8, dst);
    jobs[5] = [0xfffffff0, dst, 1, 1, 1, BLOCK, 0, 0, 0, 1, 0, 0, 0, 1]; // reads past the memory
    expect(() => pool.run(0, jobs)).toThrow();
    expect(() => pool.run(0, copyJobs(8, dst))).not.toThrow();
  });
});
