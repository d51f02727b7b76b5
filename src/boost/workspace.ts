import { canBlock, hasSharedMemory, hasSimd } from '../backend/wasm/feature-probe.js';
import { CONTROL_BYTES, ThreadPool } from '../backend/wasm/threads.js';
import type { BinnedMatrix } from './binning.js';
import { buildHistogram, buildPackedHistogram, HistogramPool, subtractHistogram, type Histogram } from './histogram.js';
import { CHUNK_BYTES, claimNames, kernelModule, partitionNames } from './wasm-kernels.js';

/**
 * One node's histogram to build: hist is zeroed and rows idx[begin..end) summed into it; then, when
 * parent is set, subtracted from parent (which becomes the sibling's histogram, see grow.ts).
 */
export interface HistogramJob {
  begin: number;
  end: number;
  hist: Histogram;
  parent: Histogram | null;
}

/**
 * Builds the histograms of several nodes (a tree level) from `values` (interleaved g, h, or packed
 * quantized gradients); `indexed` false promises idx[begin..end) = begin..end, `features` restricts
 * the sums to a column subsample.
 */
export type HistogramBuild = (values: Float64Array, packed: boolean, idx: Uint32Array, indexed: boolean,
  jobs: readonly HistogramJob[], features: Int32Array | null) => void;

/** Stable partition of idx[begin..end) by goLeft[bin of used column j]; returns the first right index. */
export type RowPartition = (j: number, idx: Uint32Array, begin: number, end: number) => number;

/** The arrays a training run works on, and the histogram build that reads them. */
export interface Workspace {
  /** per output, gradient pairs (g, h) interleaved per row */
  gh: Float64Array[];
  /** row index, partitioned per node */
  idx: Uint32Array;
  /** packed quantized gradients, empty when not quantizing */
  packed: Float64Array;
  pool: HistogramPool;
  build: HistogramBuild;
  partition: RowPartition;
  /** the partition's table, bin → 1 when the bin goes left */
  goLeft: Uint8Array;
  /** threads the build actually uses */
  threads: number;
  /** stops worker threads */
  close(): void;
}

export interface WorkspaceOptions {
  outputs: number;
  quantized: boolean;
  /** requested threads; more than one needs shared memory and a thread that may block (Node) */
  threads: number;
  /** histograms kept in fast memory (live ones beyond this fall back to the JS loop) */
  histograms: number;
}

/** The JS loops of histogram.ts over matrix m. */
const jsBuild = (m: BinnedMatrix): HistogramBuild => (values, packed, idx, indexed, jobs, features) => {
  const rows = indexed ? idx : null;
  for (const { begin, end, hist, parent } of jobs) {
    hist.fill(0);
    if (packed) buildPackedHistogram(m, values, rows, begin, end, features, hist);
    else buildHistogram(m, values, rows, begin, end, features, hist);
    if (parent) subtractHistogram(parent, hist);
  }
};

/** The JS partition over m.columns, with scratch room for the right part. */
function jsPartition(m: BinnedMatrix, goLeft: Uint8Array, scratch: Uint32Array): RowPartition {
  return (j, idx, begin, end) => {
    const col = m.columns.subarray(j * m.rows, (j + 1) * m.rows);
    let wl = begin;
    let wr = 0;
    // branch-free: a split sends rows either way unpredictably, so write both and advance one
    // (idx[wl] is safe to overwrite: wl ≤ q, and idx[q] was read first)
    for (let q = begin; q < end; q++) {
      const i = idx[q];
      const l = goLeft[col[i]];
      idx[wl] = i;
      scratch[wr] = i;
      wl += l;
      wr += 1 - l;
    }
    idx.set(scratch.subarray(0, wr), wl);
    return wl;
  };
}

/**
 * Whether every feature spreads its rows over many bins: the chance that two rows share a bin, Σ p²
 * over its bins, is at most 1/32. The column-wise kernel then suits the root; a feature with few or
 * dominant bins (a binary one, a mostly-zero one) would chain its updates to one slot, each waiting
 * for the last (UCI Adult's root took 30% longer so).
 */
export function spread(m: BinnedMatrix): boolean {
  const counts = new Float64Array(widest(m) + 1);
  const step = Math.max(1, Math.floor(m.rows / 50_000)); // a sample estimates it well enough
  const sampled = Math.ceil(m.rows / step);
  for (let j = 0; j < m.used.length; j++) {
    counts.fill(0);
    const col = m.columns.subarray(j * m.rows, (j + 1) * m.rows);
    for (let i = 0; i < m.rows; i += step) counts[col[i]]++;
    let collide = 0;
    for (const c of counts) collide += (c / sampled) ** 2;
    if (collide > 1 / 32) return false;
  }
  return true;
}

/** Bins of the widest feature, the missing bin included. */
function widest(m: BinnedMatrix): number {
  let w = 0;
  for (let j = 0; j < m.used.length; j++) w = Math.max(w, m.offsets[j + 1] - m.offsets[j]);
  return w;
}

/** Below this many slot updates a level is built on the calling thread alone: waking workers costs more. */
const PARALLEL_SLOTS = 1 << 16;
/**
 * With threads, a node is cut into feature chunks of at least this many slot updates (~0.2 ms), at
 * most one per thread: each chunk reads the node's rows again (4 per thread made the root 25% slower).
 */
const CHUNK_SLOTS = 1 << 18;
/** Histograms in wasm memory are capped at this many bytes in all. */
const HIST_BUDGET = 128 << 20;

/**
 * Lays out the training arrays in one WebAssembly memory and builds histograms with the wasm
 * kernels (wasm-kernels.ts), on worker threads over disjoint feature ranges when asked; without
 * WebAssembly SIMD the same arrays live on the JS heap and the JS loops build.
 */
export function createWorkspace(m: BinnedMatrix, o: WorkspaceOptions): Workspace {
  const histDoubles = (o.quantized ? 1 : 2) * m.totalBins;
  const n = m.rows;
  const wasm = hasSimd() ? wasmWorkspace(m, o, histDoubles) : null;
  if (wasm) return wasm;
  const goLeft = new Uint8Array(widest(m) + 1);
  return {
    gh: Array.from({ length: o.outputs }, () => new Float64Array(2 * n)), idx: new Uint32Array(n),
    packed: new Float64Array(o.quantized ? n : 0), pool: new HistogramPool(histDoubles),
    build: jsBuild(m), partition: jsPartition(m, goLeft, new Uint32Array(n)), goLeft, threads: 1,
    close: () => undefined,
  };
}

function wasmWorkspace(m: BinnedMatrix, o: WorkspaceOptions, histDoubles: number): Workspace | null {
  const n = m.rows;
  const nf = m.used.length;
  const wide = m.columns instanceof Uint16Array;
  const threads = o.threads > 1 && hasSharedMemory() && canBlock() ? Math.floor(o.threads) : 1;
  const nHist = Math.max(2, Math.min(o.histograms, Math.floor(HIST_BUDGET / (8 * histDoubles))));
  // byte layout, every part 16-aligned: control block, bins, gradients, index, packed, histograms
  let bytes = threads > 1 ? CONTROL_BYTES : 0;
  const take = (size: number) => {
    const at = bytes;
    bytes += Math.ceil(size / 16) * 16;
    return at;
  };
  const binsAt = take(n * nf * (wide ? 2 : 1));
  const offsAt = take(4 * (nf + 1));
  const colsAt = take(n * nf * (wide ? 2 : 1));
  const scratchAt = take(4 * n);
  const goLeftAt = take(widest(m) + 1);
  const ghAt = Array.from({ length: o.outputs }, () => take(16 * n));
  const idxAt = take(4 * n);
  const packedAt = take(o.quantized ? 8 * n : 0);
  const histAt = Array.from({ length: nHist }, () => take(8 * histDoubles));
  const maxChunks = threads;
  const tableAt = take(CHUNK_BYTES * nHist * maxChunks);
  const counterAt = take(4);
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  if (pages > 65536) return null;
  let memory: WebAssembly.Memory;
  let module: WebAssembly.Module;
  try {
    memory = new WebAssembly.Memory(threads > 1 ? { initial: pages, maximum: pages, shared: true } : { initial: pages });
    module = new WebAssembly.Module(kernelModule(pages, threads > 1));
  } catch {
    return null; // no room for the memory (a browser tab's limit): the JS heap will do
  }
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, (...a: number[]) => number>;
  const fns = claimNames.map((name) => exports[name]);
  const partitionRows = exports[partitionNames[wide ? 1 : 0]];
  const buffer = memory.buffer;
  // row-major own bins (the transpose of m.columns) and each feature's first slot in bytes
  const bins = wide ? new Uint16Array(buffer, binsAt, n * nf) : new Uint8Array(buffer, binsAt, n * nf);
  for (let j = 0; j < nf; j++) {
    const col = m.columns.subarray(j * n, (j + 1) * n);
    for (let i = 0; i < n; i++) bins[i * nf + j] = col[i];
  }
  new (wide ? Uint16Array : Uint8Array)(buffer, colsAt, n * nf).set(m.columns);
  const offs = new Int32Array(buffer, offsAt, nf + 1);
  for (let j = 0; j <= nf; j++) offs[j] = m.offsets[j] * (o.quantized ? 8 : 16);
  const pool = new HistogramPool(histDoubles, histAt.map((at) => new Float64Array(buffer, at, histDoubles)));
  let workers: ThreadPool | null = null;
  if (threads > 1) {
    workers = new ThreadPool(module, memory, 0, claimNames, fns);
    workers.resize(threads);
  }
  const fallback = jsBuild(m);
  const byColumns = spread(m);
  const table = new Int32Array(buffer, tableAt, (CHUNK_BYTES / 4) * nHist * maxChunks);
  const counter = new Int32Array(buffer, counterAt, 1);
  const fast: HistogramJob[] = [];
  const slowJobs: HistogramJob[] = [];
  const build: HistogramBuild = (values, packed, idx, indexed, jobs, features) => {
    if (features !== null || values.buffer !== buffer || idx.buffer !== buffer) {
      fallback(values, packed, idx, indexed, jobs, features); // a column subsample: the JS loop
      return;
    }
    // the nodes whose histograms live in wasm memory go into the table, the rest to the JS loop
    fast.length = 0;
    slowJobs.length = 0;
    let slots = 0;
    for (const job of jobs) {
      if (job.hist.buffer !== buffer || (job.parent && job.parent.buffer !== buffer) || fast.length === nHist) {
        slowJobs.push(job);
        continue;
      }
      fast.push(job);
      slots += (job.end - job.begin) * nf;
    }
    const parallel = workers !== null && slots >= PARALLEL_SLOTS;
    // largest nodes first, so the last chunks taken are small and threads finish together
    if (parallel) fast.sort((a, b) => b.end - b.begin - (a.end - a.begin));
    let count = 0;
    for (const job of fast) {
      const parts = parallel ? Math.min(maxChunks, Math.max(1, Math.ceil(((job.end - job.begin) * nf) / CHUNK_SLOTS))) : 1;
      for (let c = 0; c < parts; c++) {
        const e = (CHUNK_BYTES / 4) * count++;
        table[e] = job.begin;
        table[e + 1] = job.end;
        table[e + 2] = job.hist.byteOffset;
        table[e + 3] = job.parent ? job.parent.byteOffset : 0;
        table[e + 4] = Math.floor((c * nf) / parts);
        table[e + 5] = Math.floor(((c + 1) * nf) / parts);
        table[e + 6] = indexed || !byColumns ? 0 : 1; // rows in order (the root): feature by feature, see wasm-kernels.ts
      }
    }
    counter[0] = 0;
    const fn = (packed ? 2 : 0) + (wide ? 1 : 0);
    const args = [binsAt, values.byteOffset, idx.byteOffset, tableAt, count, nf, offsAt, counterAt, colsAt, n];
    // every thread runs the same claim loop (wasm-kernels.ts); a share no worker started in time
    // is run here too by the pool, and finds nothing left to take
    if (!parallel) fns[fn](...args);
    else workers!.run(fn, Array.from({ length: workers!.size }, () => args));
    if (slowJobs.length) fallback(values, packed, idx, indexed, slowJobs, null);
  };
  const goLeft = new Uint8Array(buffer, goLeftAt, widest(m) + 1);
  const slow = jsPartition(m, goLeft, new Uint32Array(buffer, scratchAt, n));
  const partition: RowPartition = (j, idx, begin, end) => idx.buffer !== buffer ? slow(j, idx, begin, end)
    : partitionRows(colsAt + ((j * n) << (wide ? 1 : 0)), goLeftAt, idx.byteOffset, scratchAt, begin, end);
  return {
    partition, goLeft,
    gh: ghAt.map((at) => new Float64Array(buffer, at, 2 * n)), idx: new Uint32Array(buffer, idxAt, n),
    packed: new Float64Array(buffer, packedAt, o.quantized ? n : 0), pool, build, threads,
    close: () => workers?.close(),
  };
}
