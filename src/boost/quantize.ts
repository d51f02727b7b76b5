/**
 * Quantized gradients (as LightGBM's use_quantized_grad, Shi et al. 2022): g and h are rounded
 * stochastically (unbiased) to integers gq ∈ [−G, G], hq ∈ [0, Hmax], and packed into one double
 * v = gq·2^S + hq. Sums of packed values stay exact integers below 2^53, so a histogram needs one
 * add per slot instead of two, and subtraction stays exact. Splits are chosen on these sums; leaf
 * values are then computed from the exact gradients.
 */
export interface Quantizer {
  /** packed value per row */
  packed: Float64Array;
  /** 2^S, the multiplier separating gq from hq */
  shift: number;
  gScale: number;
  hScale: number;
  gLevels: number;
  hLevels: number;
}

/**
 * Chooses bit widths for n rows: with L = ⌈log₂(n + 1)⌉, |Σgq| < 2^(L+gBits−1) and Σhq < 2^(L+hBits) = 2^S,
 * so |v| < 2^53 needs 2L + gBits + hBits ≤ 53. 160,000 rows get 8 bits each (g ∈ [−127, 127], h ∈ [0, 255]).
 */
export function makeQuantizer(n: number, packed: Float64Array = new Float64Array(n)): Quantizer {
  const L = Math.ceil(Math.log2(n + 1));
  const budget = 52 - 2 * L;
  if (budget < 6) throw new Error(`boost: too many rows (${n}) for quantized gradients; set quantizedGradients: false`);
  const hBits = Math.min(16, Math.floor(budget / 2));
  const gBits = Math.min(16, budget - hBits);
  return { packed, shift: 2 ** (L + hBits), gScale: 1, hScale: 1,
    gLevels: 2 ** (gBits - 1) - 1, hLevels: 2 ** hBits - 1 };
}

/** Quantizes and packs the gradients of rows idx[0..nRows) with stochastic rounding from rng. */
export function quantize(q: Quantizer, gh: Float64Array, idx: Uint32Array, nRows: number, rng: () => number): void {
  let gMax = 0;
  let hMax = 0;
  for (let p = 0; p < nRows; p++) {
    const i = idx[p];
    gMax = Math.max(gMax, Math.abs(gh[2 * i]));
    hMax = Math.max(hMax, gh[2 * i + 1]);
  }
  q.gScale = gMax > 0 ? gMax / q.gLevels : 1;
  q.hScale = hMax > 0 ? hMax / q.hLevels : 1;
  const gi = 1 / q.gScale;
  const hi = 1 / q.hScale;
  const packed = q.packed;
  // one xorshift32 draw per row gives both dither values (16 bits each): rounding needs no more
  let x = (Math.floor(rng() * 4294967296) | 1) >>> 0;
  for (let p = 0; p < nRows; p++) {
    const i = idx[p];
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    // floor(v + u), u ~ U[0, 1): E[round] = v, so sums stay unbiased
    const g = Math.floor(gh[2 * i] * gi + (x & 0xffff) / 65536);
    const h = Math.min(q.hLevels, Math.floor(gh[2 * i + 1] * hi + (x >>> 16) / 65536));
    packed[i] = g * q.shift + h;
  }
}

/** Unpacks a packed histogram into interleaved (Σg, Σh) in the gradients' units. */
export function unpackHistogram(q: Quantizer, packed: Float64Array, out: Float64Array): void {
  const inv = 1 / q.shift;
  for (let k = 0; k < packed.length; k++) {
    const v = packed[k];
    const gq = Math.floor(v * inv); // exact: dividing by a power of two
    out[2 * k] = gq * q.gScale;
    out[2 * k + 1] = (v - gq * q.shift) * q.hScale;
  }
}

/** Σg and Σh of a packed sum. */
export function unpackSum(q: Quantizer, v: number): { G: number; H: number } {
  const gq = Math.floor(v / q.shift);
  return { G: gq * q.gScale, H: (v - gq * q.shift) * q.hScale };
}
