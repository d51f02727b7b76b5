// f32x4 transcendental functions: Cephes single-precision polynomials (1–2 ulp on their ranges),
// written branch-free with selects so one code path serves all lanes.

const SIGN: i32 = <i32>0x80000000;
const MAGIC: f32 = 12582912; // 1.5·2²³
const MAGIC_BITS: i32 = 0x4b400000;

@inline function f(x: f32): v128 {
  return f32x4.splat(x);
}

@inline function i(x: i32): v128 {
  return i32x4.splat(x);
}

@inline function mad(a: v128, b: v128, c: v128): v128 {
  return f32x4.add(f32x4.mul(a, b), c);
}

/** 2ⁿ for integer lanes n ∈ [−126, 127], built in the exponent field. */
@inline function pow2i(n: v128): v128 {
  return i32x4.shl(i32x4.add(n, i(127)), 23);
}

/** eˣ: x = n·ln2 + r, |r| ≤ ln2/2, eʳ by a degree-6 polynomial; 2ⁿ applied in two halves so
 *  results near overflow and in the subnormal range come out right. */
export function expv(x: v128): v128 {
  // pmin/pmax are one instruction each (min/max are long NaN-handling sequences in V8); a NaN x
  // passes through both
  x = f32x4.pmax(f32x4.pmin(x, f(89)), f(-110));
  // n = round(x·log₂e): adding 1.5·2²³ rounds to an integer in the low mantissa bits, so the
  // same sum gives n as a float and as an int (cheaper than nearest + trunc_sat)
  const t = mad(x, f(1.44269504088896341), f(MAGIC));
  const fx = f32x4.sub(t, f(MAGIC));
  // ln2 split in two so n·ln2 is exact in the first product
  let r = f32x4.sub(x, f32x4.mul(fx, f(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(fx, f(-2.12194440e-4)));
  let y = mad(f(1.9875691500e-4), r, f(1.3981999507e-3));
  y = mad(y, r, f(8.3334519073e-3));
  y = mad(y, r, f(4.1665795894e-2));
  y = mad(y, r, f(1.6666665459e-1));
  y = mad(y, r, f(5.0000001201e-1));
  y = f32x4.add(mad(y, f32x4.mul(r, r), r), f(1));
  const n = i32x4.sub(t, i(MAGIC_BITS));
  const n1 = i32x4.shr_s(n, 1);
  return f32x4.mul(f32x4.mul(y, pow2i(n1)), pow2i(i32x4.sub(n, n1)));
}

/** ln x: x = m·2ᵉ with m ∈ [√½, √2), ln(m) by a degree-9 polynomial in m − 1. */
export function logv(x0: v128): v128 {
  // subnormals: scale by 2²³ first
  const tiny = f32x4.lt(x0, f(1.17549435e-38));
  const x = v128.bitselect(f32x4.mul(x0, f(8388608)), x0, tiny);
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(x, 23), i(126)));
  e = f32x4.sub(e, v128.and(tiny, f(23)));
  let m = v128.or(v128.and(x, i(0x007fffff)), i(0x3f000000)); // m ∈ [0.5, 1)
  const small = f32x4.lt(m, f(0.707106781186547524));
  e = f32x4.sub(e, v128.and(small, f(1)));
  m = f32x4.sub(f32x4.add(m, v128.and(small, m)), f(1));
  const z = f32x4.mul(m, m);
  let y = mad(f(7.0376836292e-2), m, f(-1.1514610310e-1));
  y = mad(y, m, f(1.1676998740e-1));
  y = mad(y, m, f(-1.2420140846e-1));
  y = mad(y, m, f(1.4249322787e-1));
  y = mad(y, m, f(-1.6668057665e-1));
  y = mad(y, m, f(2.0000714765e-1));
  y = mad(y, m, f(-2.4999993993e-1));
  y = mad(y, m, f(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, m), z);
  y = mad(e, f(-2.12194440e-4), y);
  y = mad(z, f(-0.5), y);
  let r = f32x4.add(m, y);
  r = mad(e, f(0.693359375), r);
  // ln 0 = −∞, ln(+∞) = +∞, ln(x < 0) = NaN, NaN stays NaN
  r = v128.bitselect(f(-Infinity), r, f32x4.eq(x0, f(0)));
  r = v128.bitselect(x0, r, f32x4.eq(x0, f(Infinity)));
  return v128.bitselect(f(NaN), r, v128.not(f32x4.ge(x0, f(0))));
}

/** ln(1 + x) = ln(u)·x/(u − 1) with u = 1 + x (Goldberg): the quotient cancels u's rounding. */
export function log1pv(x: v128): v128 {
  const u = f32x4.add(x, f(1));
  const r = f32x4.mul(logv(u), f32x4.div(x, f32x4.sub(u, f(1))));
  const exact = v128.or(f32x4.eq(u, f(1)), f32x4.eq(x, f(Infinity)));
  return v128.bitselect(x, r, exact);
}

/** Largest |x| the three-part π/4 reduction in sinv/cosv keeps accurate. */
export const TRIG_LIMIT: f32 = 8192;

// sin(|x| + q·π/2) after reduction; q = 0 gives sin |x|, q = 2 (in units of π/4) cos x
@inline function sincos(x: v128, shift: i32): v128 {
  const ax = f32x4.abs(x);
  // j = the even multiple of π/4 nearest |x| = 2·round(|x|·2/π), by the 1.5·2²³ trick as in expv
  const t = mad(ax, f(0.636619772367581), f(MAGIC));
  let j = i32x4.shl(i32x4.sub(t, i(MAGIC_BITS)), 1);
  const y0 = f32x4.mul(f32x4.sub(t, f(MAGIC)), f(2));
  let y = f32x4.sub(ax, f32x4.mul(y0, f(0.78515625)));
  y = f32x4.sub(y, f32x4.mul(y0, f(2.4187564849853515625e-4)));
  y = f32x4.sub(y, f32x4.mul(y0, f(3.77489497744594108e-8)));
  j = i32x4.add(j, i(shift));
  const z = f32x4.mul(y, y);
  let s = mad(f(-1.9515295891e-4), z, f(8.3321608736e-3));
  s = mad(s, z, f(-1.6666654611e-1));
  s = mad(f32x4.mul(s, z), y, y);
  let c = mad(f(2.443315711809948e-5), z, f(-1.388731625493765e-3));
  c = mad(c, z, f(4.166664568298827e-2));
  c = f32x4.add(mad(f32x4.mul(c, z), z, f32x4.mul(z, f(-0.5))), f(1));
  const useCos = i32x4.eq(v128.and(j, i(2)), i(2));
  const negate = i32x4.shl(v128.and(j, i(4)), 29); // bit 2 → sign bit
  return v128.xor(v128.bitselect(c, s, useCos), negate);
}

export function sinv(x: v128): v128 {
  return v128.xor(sincos(x, 0), v128.and(x, i(SIGN))); // sin is odd
}

export function cosv(x: v128): v128 {
  return sincos(x, 2);
}

/** tanh: an odd polynomial below 0.625, else 1 − 2/(e²ˣ + 1) (exp overflow gives exactly 1). */
export function tanhv(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = mad(f(-5.70498872745e-3), z, f(2.06390887954e-2));
  p = mad(p, z, f(-5.37397155531e-2));
  p = mad(p, z, f(1.33314422036e-1));
  p = mad(p, z, f(-3.33332819422e-1));
  p = mad(f32x4.mul(p, z), x, x);
  const e = expv(f32x4.add(ax, ax));
  let t = f32x4.sub(f(1), f32x4.div(f(2), f32x4.add(e, f(1))));
  t = v128.or(t, v128.and(x, i(SIGN)));
  return v128.bitselect(p, t, f32x4.lt(ax, f(0.625)));
}

/** σ(x) = 1/(1 + e⁻ˣ); for x → −∞, e⁻ˣ overflows and σ is 0. */
export function sigmoidv(x: v128): v128 {
  return f32x4.div(f(1), f32x4.add(f(1), expv(f32x4.neg(x))));
}

/** erf: Maclaurin series below 0.5, Abramowitz–Stegun 7.1.26 above (|error| < 3e-7). */
export function erfv(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  // 2/√π (x − x³/3 + x⁵/10 − x⁷/42 + x⁹/216 − x¹¹/1320)
  let s = mad(f(-1.0 / 1320), z, f(1.0 / 216));
  s = mad(s, z, f(-1.0 / 42));
  s = mad(s, z, f(1.0 / 10));
  s = mad(s, z, f(-1.0 / 3));
  s = mad(s, z, f(1));
  s = f32x4.mul(f32x4.mul(s, x), f(1.1283791670955126));
  const t = f32x4.div(f(1), mad(ax, f(0.3275911), f(1)));
  let p = mad(f(1.061405429), t, f(-1.453152027));
  p = mad(p, t, f(1.421413741));
  p = mad(p, t, f(-0.284496736));
  p = mad(p, t, f(0.254829592));
  p = f32x4.mul(p, t);
  let r = f32x4.sub(f(1), f32x4.mul(p, expv(f32x4.neg(z))));
  r = v128.or(r, v128.and(x, i(SIGN)));
  r = v128.bitselect(s, r, f32x4.lt(ax, f(0.5)));
  return v128.bitselect(x, r, f32x4.ne(x, x)); // NaN stays NaN
}
