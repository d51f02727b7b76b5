import type { BinnedMatrix } from './binning.js';

/**
 * Gradient histograms over every (feature, bin) slot. Exact ones interleave the sums
 * hist[2k] = Σg, hist[2k+1] = Σh so one cache line serves both; packed ones hold one number per
 * slot, Σ(gq·2^S + hq) for quantized integer gradients (see quantize.ts), which halves the
 * scattered adds: the histogram loop is most of the training time.
 */
export type Histogram = Float64Array;

/**
 * Adds rows idx[begin..end) (or rows begin..end when idx is null) into an exact histogram: gh
 * holds g and h interleaved per row. The bin matrix is row-major, so a row's slots are one
 * contiguous read while g and h stay in registers; rows within a node are increasing, so gh is
 * read forwards. `features` restricts the sums to a column subsample (null = all columns).
 */
export function buildHistogram(
  m: BinnedMatrix, gh: Float64Array, idx: Uint32Array | null, begin: number, end: number,
  features: Int32Array | null, hist: Histogram,
): void {
  const bins = m.bins;
  const nf = m.used.length;
  if (features !== null) {
    for (let p = begin; p < end; p++) {
      const i = idx === null ? p : idx[p];
      const g = gh[2 * i];
      const h = gh[2 * i + 1];
      const base = i * nf;
      for (let s = 0; s < features.length; s++) {
        const k = bins[base + features[s]] << 1;
        hist[k] += g;
        hist[k + 1] += h;
      }
    }
    return;
  }
  const nf4 = nf - (nf % 4);
  for (let p = begin; p < end; p++) {
    const i = idx === null ? p : idx[p];
    const g = gh[2 * i];
    const h = gh[2 * i + 1];
    const base = i * nf;
    // unrolled by four: independent slots let the CPU overlap the read-modify-writes
    let f = 0;
    for (; f < nf4; f += 4) {
      const k0 = bins[base + f] << 1;
      const k1 = bins[base + f + 1] << 1;
      const k2 = bins[base + f + 2] << 1;
      const k3 = bins[base + f + 3] << 1;
      hist[k0] += g;
      hist[k0 + 1] += h;
      hist[k1] += g;
      hist[k1 + 1] += h;
      hist[k2] += g;
      hist[k2 + 1] += h;
      hist[k3] += g;
      hist[k3 + 1] += h;
    }
    for (; f < nf; f++) {
      const k = bins[base + f] << 1;
      hist[k] += g;
      hist[k + 1] += h;
    }
  }
}

/** As buildHistogram, for packed quantized gradients: one add per slot. */
export function buildPackedHistogram(
  m: BinnedMatrix, packed: Float64Array, idx: Uint32Array | null, begin: number, end: number,
  features: Int32Array | null, hist: Histogram,
): void {
  const bins = m.bins;
  const nf = m.used.length;
  if (features !== null) {
    for (let p = begin; p < end; p++) {
      const i = idx === null ? p : idx[p];
      const v = packed[i];
      const base = i * nf;
      for (let s = 0; s < features.length; s++) hist[bins[base + features[s]]] += v;
    }
    return;
  }
  const nf4 = nf - (nf % 4);
  for (let p = begin; p < end; p++) {
    const i = idx === null ? p : idx[p];
    const v = packed[i];
    const base = i * nf;
    let f = 0;
    for (; f < nf4; f += 4) {
      hist[bins[base + f]] += v;
      hist[bins[base + f + 1]] += v;
      hist[bins[base + f + 2]] += v;
      hist[bins[base + f + 3]] += v;
    }
    for (; f < nf; f++) hist[bins[base + f]] += v;
  }
}

/**
 * The histogram subtraction trick: a parent's histogram minus its smaller child's is the larger
 * child's, so only the smaller child is ever summed from rows. Writes parent − child into parent.
 */
export function subtractHistogram(parent: Histogram, child: Histogram): void {
  for (let k = 0; k < parent.length; k++) parent[k] -= child[k];
}

/**
 * A free list of histogram buffers, so growing a tree allocates only up to its widest level. It
 * starts with `preallocated` (views on wasm memory, where the fast kernels can write) and makes
 * more on the JS heap when those run out.
 */
export class HistogramPool {
  private free: Histogram[];
  constructor(readonly size: number, preallocated: Histogram[] = []) {
    this.free = preallocated.slice().reverse(); // hands them out in order
  }
  /** A histogram, zeroed unless `zeroed` is false (a build zeroes the ones it fills itself). */
  acquire(zeroed = true): Histogram {
    const h = this.free.pop();
    if (h) {
      if (zeroed) h.fill(0);
      return h;
    }
    return new Float64Array(this.size);
  }
  release(h: Histogram): void {
    this.free.push(h);
  }
}
