import { describe, expect, test } from 'vitest';
import { binMatrix, fitBins } from '../../src/boost/binning.js';
import { mulberry32, train } from '../../src/boost/index.js';
import { buildHistogram, buildPackedHistogram } from '../../src/boost/histogram.js';
import { createWorkspace, spread } from '../../src/boost/workspace.js';

// 10,000 rows × 30 features: levels of ≥ 2,200 rows have the 2^16 slot updates that are shared by
// two threads, nodes of > 8,738 rows the 2^18 that are cut into two feature chunks (workspace.ts)
const rows = 10_000;
const cols = 30;
const rng = mulberry32(11);
const data = new Float64Array(rows * cols);
for (let k = 0; k < data.length; k++) {
  // feature 3 has missing values, feature 5 is categorical (12 codes)
  data[k] = k % cols === 3 && rng() < 0.1 ? NaN : k % cols === 5 ? Math.floor(rng() * 12) : Math.round(rng() * 1000) / 7;
}
const x = { data, rows, cols };

function matrix(maxBins: number) {
  return binMatrix(fitBins(x, { maxBins, categorical: new Set([5]) }), rows);
}

/** The workspace's gradient buffer (packed integers or floats), filled with random values. */
function randomGradients(ws: ReturnType<typeof createWorkspace>, packed: boolean) {
  const values = packed ? ws.packed : ws.gh[0];
  for (let k = 0; k < values.length; k++) values[k] = packed ? Math.floor(rng() * 512) * 1024 + 3 : rng() - 0.3;
  return values;
}

describe.each([
  ['u8 bins', 256],
  ['u16 bins', 600], // more than 256 bins per feature
])('wasm histogram kernels (%s)', (_, maxBins) => {
  const m = matrix(maxBins);
  test.each([
    [1, false],
    [1, true],
    [2, false],
    [2, true],
  ])('threads %i, packed %s: the same sums as the JS loop, bit for bit', (threads, packed) => {
    const ws = createWorkspace(m, { outputs: 1, quantized: packed, threads, histograms: 4 });
    try {
      expect(ws.threads).toBe(threads); // Node: shared memory and a thread that may block
      const values = randomGradients(ws, packed);
      // every other row, then the rest, so a node's rows are scattered as after partitioning
      let count = 0;
      for (let i = 0; i < rows; i += 2) ws.idx[count++] = i;
      for (let i = 1; i < rows; i += 2) ws.idx[count++] = i;
      // three nodes in one batch (a tree level), the second one big enough for two chunks, the third empty
      const nodes = [[7, 900], [900, count], [count, count]];
      // the first node's sums are subtracted from a parent; hists start dirty, the build zeroes them
      const parent = ws.pool.acquire();
      for (let k = 0; k < parent.length; k++) parent[k] = packed ? Math.floor(rng() * 1e6) : rng();
      const before = Float64Array.from(parent);
      const jobs = nodes.map(([begin, end], q) => ({ begin, end, hist: ws.pool.acquire().fill(7), parent: q === 0 ? parent : null }));
      ws.build(values, packed, ws.idx, true, jobs, null);
      for (const { begin, end, hist } of jobs) {
        const ref = new Float64Array(hist.length);
        if (packed) buildPackedHistogram(m, values, ws.idx, begin, end, null, ref);
        else buildHistogram(m, values, ws.idx, begin, end, null, ref);
        expect(hist.buffer).not.toBe(ref.buffer);
        expect(Array.from(hist)).toEqual(Array.from(ref));
        expect(ref.some((v) => v !== 0)).toBe(end > begin);
      }
      expect(parent.buffer).toBe(jobs[0].hist.buffer);
      expect(Array.from(parent)).toEqual(Array.from(before, (v, k) => v - jobs[0].hist[k]));
    } finally {
      ws.close();
    }
  });
});

describe.each([
  ['u8 bins', 256],
  ['u16 bins', 600],
])('the column-wise kernel for rows in order (%s)', (_, maxBins) => {
  // continuous features only: a categorical one (12 codes) puts rows in the same bin too often
  const wide = new Float64Array(rows * cols).map(() => rng() * 100);
  const m = binMatrix(fitBins({ data: wide, rows, cols }, { maxBins, categorical: new Set() }), rows);
  test('is used only where every feature spreads its rows over many bins', () => {
    expect(spread(m)).toBe(true);
    expect(spread(matrix(maxBins))).toBe(false);
  });
  test.each([
    [1, false],
    [1, true],
    [2, false],
    [2, true],
  ])('threads %i, packed %s: the same sums as the JS loop, bit for bit', (threads, packed) => {
    const ws = createWorkspace(m, { outputs: 1, quantized: packed, threads, histograms: 4 });
    try {
      const values = randomGradients(ws, packed);
      for (let i = 0; i < rows; i++) ws.idx[i] = i;
      // all rows (the root, cut into two feature chunks with two threads), and a part not starting at 0
      for (const [begin, end] of [[0, rows], [5, rows - 3]]) {
        const hist = ws.pool.acquire().fill(7);
        ws.build(values, packed, ws.idx, false, [{ begin, end, hist, parent: null }], null);
        const ref = new Float64Array(hist.length);
        if (packed) buildPackedHistogram(m, values, null, begin, end, null, ref);
        else buildHistogram(m, values, null, begin, end, null, ref);
        expect(Array.from(hist)).toEqual(Array.from(ref));
        ws.pool.release(hist);
      }
    } finally {
      ws.close();
    }
  });
});

describe.each([
  ['u8 bins', 256],
  ['u16 bins', 600],
])('row partition (%s)', (_, maxBins) => {
  test('is stable, left rows first, in place', () => {
    const m = matrix(maxBins);
    const ws = createWorkspace(m, { outputs: 1, quantized: false, threads: 1, histograms: 2 });
    const j = 2;
    for (let b = 0; b < ws.goLeft.length; b++) ws.goLeft[b] = rng() < 0.4 ? 1 : 0;
    const node: number[] = [];
    for (let i = 0; i < rows; i++) if (rng() < 0.7) node.push(i);
    ws.idx.set(node, 5);
    const goes = (i: number) => ws.goLeft[m.columns[j * rows + i]] === 1;
    const left = node.filter(goes);
    const mid = ws.partition(j, ws.idx, 5, 5 + node.length);
    expect(mid).toBe(5 + left.length);
    expect(Array.from(ws.idx.subarray(5, 5 + node.length))).toEqual([...left, ...node.filter((i) => !goes(i))]);
    expect(left.length).toBeGreaterThan(0);
  });
});

test('histograms beyond the pool and column subsamples fall back to the JS loop with the same sums', () => {
  const m = matrix(256);
  const ws = createWorkspace(m, { outputs: 1, quantized: false, threads: 1, histograms: 2 });
  for (let k = 0; k < ws.gh[0].length; k++) ws.gh[0][k] = rng();
  for (let i = 0; i < rows; i++) ws.idx[i] = i;
  const [a, b, c] = [ws.pool.acquire(), ws.pool.acquire(), ws.pool.acquire()];
  ws.build(ws.gh[0], false, ws.idx, false, [{ begin: 0, end: rows, hist: a, parent: null }], null);
  ws.build(ws.gh[0], false, ws.idx, false, [{ begin: 0, end: rows, hist: c, parent: null }], null); // c lives on the JS heap
  expect(c.buffer).not.toBe(a.buffer);
  expect(Array.from(c)).toEqual(Array.from(a));
  const some = Int32Array.from([1, 4, 9]);
  ws.build(ws.gh[0], false, ws.idx, false, [{ begin: 0, end: rows, hist: b, parent: null }], some);
  const ref = new Float64Array(b.length);
  buildHistogram(m, ws.gh[0], null, 0, rows, some, ref);
  expect(Array.from(b)).toEqual(Array.from(ref));
});

describe('nThreads', () => {
  const y = Array.from({ length: rows }, (_, i) => (data[i * cols] + (data[i * cols + 1] || 0) > 140 ? 1 : 0));
  test('two threads grow the same trees as one, quantized or not', () => {
    for (const quantizedGradients of [false, true]) {
      const params = { objective: 'binary', nEstimators: 8, maxDepth: 5, quantizedGradients };
      const one = train({ ...params, nThreads: 1 }, { X: x, y });
      const two = train({ ...params, nThreads: 2 }, { X: x, y });
      expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    }
  });
  test('must be a positive integer', () => {
    expect(() => train({ nThreads: 0 }, { X: x, y })).toThrow(/nThreads must be a positive number, got 0/);
    expect(() => train({ nThreads: 1.5 }, { X: x, y })).toThrow(/nThreads must be an integer, got 1.5/);
  });
});
