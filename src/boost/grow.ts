import type { BinnedMatrix } from './binning.js';
import { HistogramPool, type Histogram } from './histogram.js';
import { unpackHistogram, unpackSum, type Quantizer } from './quantize.js';
import { emptySplit, findBestSplit, leafWeight, type NodeStats, type Split, type SplitParams } from './split.js';
import type { TreeData } from './tree.js';
import type { HistogramBuild, HistogramJob, RowPartition } from './workspace.js';

export interface GrowParams extends SplitParams {
  /** 0 = unlimited */
  maxDepth: number;
  /** 0 = unlimited */
  maxLeaves: number;
  /** 'depthwise' splits level by level (XGBoost's default), 'lossguide' the best leaf first (LightGBM) */
  growPolicy: 'depthwise' | 'lossguide';
  learningRate: number;
}

interface Candidate {
  node: number;
  begin: number;
  end: number;
  depth: number;
  stats: NodeStats;
  hist: Histogram | null;
  split: Split;
}

/** A grown tree plus, per leaf, the segment of the row index holding its training rows. */
export interface GrownTree {
  tree: TreeData;
  leaves: { node: number; begin: number; end: number }[];
}

/** Buffers reused across trees. */
export interface GrowBuffers {
  /** histograms: 2 numbers per slot for exact gradients, 1 for packed */
  pool: HistogramPool;
  /** stable partition of idx[begin..end) by goLeft[bin of column j]; returns the first right index */
  partition: RowPartition;
  /** goLeft[bin] = 1 when a bin's rows go left, filled per split (widest feature's bins + 1) */
  goLeft: Uint8Array;
  /** interleaved (Σg, Σh) a packed histogram is unpacked into for the split search */
  unpacked: Float64Array;
  /** sums rows into a histogram (wasm or JS, see workspace.ts) */
  build: HistogramBuild;
}

/**
 * Grows one tree on gradient pairs gh (g, h interleaved per row) over the rows idx[0..nRows),
 * which it reorders so every node's rows stay contiguous and increasing (a stable partition).
 * Children's histograms: the smaller one is summed from rows, the larger is parent − smaller.
 * With a quantizer, histograms sum its packed gradients; leaf values always use the exact gh.
 */
export function growTree(
  m: BinnedMatrix,
  gh: Float64Array,
  idx: Uint32Array,
  nRows: number,
  features: Int32Array,
  p: GrowParams,
  buffers: GrowBuffers,
  quant: Quantizer | null,
): GrownTree {
  const { pool, unpacked, build: buildRows } = buffers;
  const t: TreeData = { left: [], right: [], feature: [], threshold: [], defaultLeft: [], catLeft: [],
    catRight: [], value: [], cover: [], gain: [] };
  const nodeStats: NodeStats[] = [];
  const addNode = (stats: NodeStats): number => {
    nodeStats.push(stats);
    t.left.push(-1);
    t.right.push(-1);
    t.feature.push(-1);
    t.threshold.push(0);
    t.defaultLeft.push(0);
    t.catLeft.push(null);
    t.catRight.push(null);
    t.value.push(0);
    t.cover.push(0);
    t.gain.push(0);
    return t.left.length - 1;
  };
  const allFeatures = features.length === m.used.length ? null : features;
  const canSplit = (depth: number, s: NodeStats) =>
    (p.maxDepth <= 0 || depth < p.maxDepth) && s.n >= 2 * Math.max(1, p.minSamplesLeaf) &&
    s.H >= 2 * p.minChildWeight;

  let G = 0;
  let H = 0;
  if (quant) {
    let v = 0;
    for (let q = 0; q < nRows; q++) v += quant.packed[idx[q]];
    ({ G, H } = unpackSum(quant, v));
  } else {
    for (let q = 0; q < nRows; q++) {
      const i = idx[q];
      G += gh[2 * i];
      H += gh[2 * i + 1];
    }
  }
  const values = quant ? quant.packed : gh;
  const rootStats: NodeStats = { G, H, n: nRows, lower: -Infinity, upper: Infinity };
  const root = addNode(rootStats);
  const leaves: GrownTree['leaves'] = [];
  const queue: Candidate[] = [];
  const open = (c: Candidate) => {
    if (c.hist && canSplit(c.depth, c.stats)) {
      let h = c.hist;
      if (quant) {
        unpackHistogram(quant, c.hist, unpacked);
        h = unpacked;
      }
      findBestSplit(h, m, features, c.stats, p, c.split);
      if (c.split.gain > 0) {
        queue.push(c);
        return;
      }
    }
    if (c.hist) pool.release(c.hist);
    leaves.push({ node: c.node, begin: c.begin, end: c.end });
  };
  let rootHist: Histogram | null = null;
  if (canSplit(0, rootStats)) {
    rootHist = pool.acquire(false);
    // all rows in order: the JS loop may skip the index indirection
    buildRows(values, quant !== null, idx, nRows !== m.rows, [{ begin: 0, end: nRows, hist: rootHist, parent: null }],
      allFeatures);
  }
  open({ node: root, begin: 0, end: nRows, depth: 0, stats: rootStats, hist: rootHist, split: emptySplit() });

  // Splits a candidate: partitions its rows, adds its children to the tree, and gives the smaller
  // child a histogram to build when either child may split further.
  const split = (c: Candidate, jobs: HistogramJob[]): [Candidate, Candidate] => {
    const s = c.split;
    const fb = m.used[s.feature];
    const mid = partition(m, idx, c.begin, c.end, s, buffers);
    // monotone constraints: children's weights are bounded by the midpoint of the two weights
    const ls: NodeStats = { G: s.GL, H: s.HL, n: mid - c.begin, lower: c.stats.lower, upper: c.stats.upper };
    const rs: NodeStats = { G: s.GR, H: s.HR, n: c.end - mid, lower: c.stats.lower, upper: c.stats.upper };
    const mono = p.monotone[s.feature];
    if (mono !== 0) {
      const wl = leafWeight(s.GL, s.HL, p, c.stats.lower, c.stats.upper);
      const wr = leafWeight(s.GR, s.HR, p, c.stats.lower, c.stats.upper);
      const half = (wl + wr) / 2;
      if (mono > 0) [ls.upper, rs.lower] = [half, half];
      else [ls.lower, rs.upper] = [half, half];
    }
    const ln = addNode(ls);
    const rn = addNode(rs);
    t.left[c.node] = ln;
    t.right[c.node] = rn;
    t.feature[c.node] = fb.feature;
    t.defaultLeft[c.node] = s.defaultLeft ? 1 : 0;
    t.gain[c.node] = s.gain;
    if (s.leftBins) {
      const l: number[] = [];
      const r: number[] = [];
      fb.categories.forEach((code, b) => (s.leftBins![b] ? l : r).push(code));
      t.catLeft[c.node] = l.sort((a, b) => a - b);
      t.catRight[c.node] = r.sort((a, b) => a - b);
    } else {
      t.threshold[c.node] = s.threshold < fb.valueBins - 1 ? fb.cuts[s.threshold] : Number.MAX_VALUE;
    }
    const lc: Candidate = { node: ln, begin: c.begin, end: mid, depth: c.depth + 1, stats: ls, hist: null,
      split: emptySplit() };
    const rc: Candidate = { node: rn, begin: mid, end: c.end, depth: c.depth + 1, stats: rs, hist: null,
      split: emptySplit() };
    if (canSplit(lc.depth, ls) || canSplit(rc.depth, rs)) {
      // the build sums the smaller child and leaves parent − smaller = the larger child in c.hist
      const small = ls.n <= rs.n ? lc : rc;
      small.hist = pool.acquire(false);
      (small === lc ? rc : lc).hist = c.hist;
      jobs.push({ begin: small.begin, end: small.end, hist: small.hist, parent: c.hist });
    } else {
      pool.release(c.hist!);
    }
    return [lc, rc];
  };

  let nLeaves = 1;
  const jobs: HistogramJob[] = [];
  const children: [Candidate, Candidate][] = [];
  while (queue.length > 0 && (p.maxLeaves <= 0 || nLeaves < p.maxLeaves)) {
    // depth-wise: the whole level at once, so its children's histograms are one build (threads meet
    // once per level); leaf-wise: the leaf with the best gain
    let batch: Candidate[];
    if (p.growPolicy === 'lossguide') {
      let pick = 0;
      for (let q = 1; q < queue.length; q++) if (queue[q].split.gain > queue[pick].split.gain) pick = q;
      batch = queue.splice(pick, 1);
    } else {
      batch = queue.splice(0, queue.length);
    }
    jobs.length = 0;
    children.length = 0;
    for (const c of batch) {
      if (p.maxLeaves > 0 && nLeaves >= p.maxLeaves) {
        queue.push(c); // stays a leaf
        continue;
      }
      nLeaves++;
      children.push(split(c, jobs));
    }
    buildRows(values, quant !== null, idx, true, jobs, allFeatures);
    for (const [lc, rc] of children) {
      open(lc);
      open(rc);
    }
  }
  for (const c of queue) {
    pool.release(c.hist!);
    leaves.push({ node: c.node, begin: c.begin, end: c.end });
  }
  exactLeaves(t, leaves, quant ? gh : null, idx, p, nodeStats);
  return { tree: t, leaves };
}

/**
 * Sets leaf values from the gradient sums of their rows, and every node's cover and weight as the
 * sums below it, so covers add up exactly for TreeSHAP. With gh (quantized splits, which only
 * estimated them) the leaves' sums are taken again from the exact gradients; without, the sums in
 * the leaves' stats (from exact histograms: the same up to rounding) save that pass over the rows.
 */
function exactLeaves(t: TreeData, leaves: GrownTree['leaves'], gh: Float64Array | null, idx: Uint32Array,
  p: GrowParams, stats: NodeStats[]): void {
  const nodeG = new Float64Array(t.left.length);
  const nodeH = new Float64Array(t.left.length);
  for (const leaf of leaves) {
    let G = stats[leaf.node].G;
    let H = stats[leaf.node].H;
    if (gh) {
      G = 0;
      H = 0;
      for (let q = leaf.begin; q < leaf.end; q++) {
        const i = idx[q];
        G += gh[2 * i];
        H += gh[2 * i + 1];
      }
    }
    nodeG[leaf.node] = G;
    nodeH[leaf.node] = H;
  }
  // children always have larger indices than their parent: one backward pass sums the subtrees
  for (let n = t.left.length - 1; n >= 0; n--) {
    if (t.left[n] >= 0) {
      nodeG[n] = nodeG[t.left[n]] + nodeG[t.right[n]];
      nodeH[n] = nodeH[t.left[n]] + nodeH[t.right[n]];
    }
    t.cover[n] = nodeH[n];
    t.value[n] = leafWeight(nodeG[n], nodeH[n], p, stats[n].lower, stats[n].upper) * p.learningRate;
  }
}

/** Partitions a node's rows by its split; returns the first index of the right part. */
function partition(m: BinnedMatrix, idx: Uint32Array, begin: number, end: number, s: Split, buffers: GrowBuffers): number {
  const fb = m.used[s.feature];
  const goLeft = buffers.goLeft;
  for (let b = 0; b < fb.valueBins; b++) goLeft[b] = s.leftBins ? s.leftBins[b] : b <= s.threshold ? 1 : 0;
  if (fb.missingBin >= 0) goLeft[fb.missingBin] = s.defaultLeft ? 1 : 0;
  return buffers.partition(s.feature, idx, begin, end);
}
