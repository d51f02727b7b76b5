// Elementwise kernels over float32: unary maps, broadcasting binary ops on 2-D views, reductions.
// Op numbers follow the order of unaryOps / binaryOps / reduceOps in src/backend/backend.ts.
import { expv, logv, log1pv, sinv, cosv, tanhv, sigmoidv, erfv, TRIG_LIMIT } from './math';

// x ↦ f(x) over whole vectors from x to end; inlined per op so each loop body is one function
@inline function map(op: i32, x: usize, out: usize, end: usize): void {
  for (; x < end; x += 16, out += 16) v128.store(out, uop(op, v128.load(x)));
}

@inline function uop(op: i32, v: v128): v128 {
  switch (op) {
    case 0: return f32x4.neg(v);
    case 1: return f32x4.abs(v);
    case 2: {
      // sign: ±1, and 0, −0 and NaN map to themselves
      const pos = f32x4.gt(v, f32x4.splat(0));
      const neg = f32x4.lt(v, f32x4.splat(0));
      return v128.bitselect(f32x4.splat(1), v128.bitselect(f32x4.splat(-1), v, neg), pos);
    }
    case 3: return expv(v);
    case 4: return logv(v);
    case 5: return log1pv(v);
    case 6: return f32x4.sqrt(v);
    case 7: return sinv(v);
    case 8: return cosv(v);
    case 9: return tanhv(v);
    case 10: return erfv(v);
    case 11: return sigmoidv(v);
    default: return f32x4.pmax(f32x4.splat(0), v); // relu; NaN → 0 as in the reference
  }
}

/**
 * out[i] = op(x[i]) for i < n. Works in whole vectors, so both buffers must have room for n
 * rounded up to 4. Returns how many vectors held |x| > TRIG_LIMIT for sin/cos (the host
 * recomputes those elements), else 0.
 */
export function unary(op: i32, x: usize, out: usize, n: i32): i32 {
  const end = x + ((<usize>(n + 3) >> 2) << 4);
  if (op == 7 || op == 8) {
    let far = 0;
    const lim = f32x4.splat(TRIG_LIMIT);
    for (let p = x; p < end; p += 16) far += i32(v128.any_true(f32x4.gt(f32x4.abs(v128.load(p)), lim)));
    if (op == 7) map(7, x, out, end);
    else map(8, x, out, end);
    return far;
  }
  // a constant op per loop, so each loop is specialised (no dispatch per vector)
  switch (op) {
    case 0: map(0, x, out, end); break;
    case 1: map(1, x, out, end); break;
    case 2: map(2, x, out, end); break;
    case 3: map(3, x, out, end); break;
    case 4: map(4, x, out, end); break;
    case 5: map(5, x, out, end); break;
    case 6: map(6, x, out, end); break;
    case 9: map(9, x, out, end); break;
    case 10: map(10, x, out, end); break;
    case 11: map(11, x, out, end); break;
    default: map(12, x, out, end);
  }
  return 0;
}

@inline function bop(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case 0: return f32x4.add(a, b);
    case 1: return f32x4.sub(a, b);
    case 2: return f32x4.mul(a, b);
    case 3: return f32x4.div(a, b);
    case 5: return f32x4.max(a, b);
    case 6: return f32x4.min(a, b);
    case 7: return v128.and(f32x4.lt(a, b), f32x4.splat(1));
    case 8: return v128.and(f32x4.le(a, b), f32x4.splat(1));
    case 9: return v128.and(f32x4.eq(a, b), f32x4.splat(1));
    default: return v128.and(a, f32x4.gt(b, f32x4.splat(0))); // reluMask: NaN in b gives 0
  }
}

@inline function bops(op: i32, a: f32, b: f32): f32 {
  return f32x4.extract_lane(bop(op, f32x4.splat(a), f32x4.splat(b)), 0);
}

/**
 * out[r, c] = a[r·aRow + c·aStep] ∘ b[r·bRow + c·bStep] over rows × cols, out contiguous; steps are
 * 0 (broadcast) or 1. Strides in elements.
 */
export function binary(
  op: i32, a: usize, b: usize, out: usize, rows: i32, cols: i32,
  aRow: i32, bRow: i32, aStep: i32, bStep: i32,
): void {
  const vecs = cols >> 2;
  for (let r = 0; r < rows; r++) {
    let pa = a + ((<usize>r * aRow) << 2);
    let pb = b + ((<usize>r * bRow) << 2);
    let po = out + ((<usize>r * cols) << 2);
    const da = <usize>aStep << 4;
    const db = <usize>bStep << 4;
    if (aStep == 1 && bStep == 1) {
      for (let v = 0; v < vecs; v++, pa += 16, pb += 16, po += 16) {
        v128.store(po, bop(op, v128.load(pa), v128.load(pb)));
      }
    } else {
      // one side broadcast along the row: its splat is loop-invariant
      const sa = aStep == 0 ? v128.load32_splat(pa) : f32x4.splat(0);
      const sb = bStep == 0 ? v128.load32_splat(pb) : f32x4.splat(0);
      for (let v = 0; v < vecs; v++, pa += da, pb += db, po += 16) {
        const x = aStep == 0 ? sa : v128.load(pa);
        const y = bStep == 0 ? sb : v128.load(pb);
        v128.store(po, bop(op, x, y));
      }
    }
    for (let c = vecs << 2; c < cols; c++) {
      const x = load<f32>(a + ((<usize>r * aRow + <usize>c * aStep) << 2));
      const y = load<f32>(b + ((<usize>r * bRow + <usize>c * bStep) << 2));
      store<f32>(out + ((<usize>(r * cols + c)) << 2), bops(op, x, y));
    }
  }
}

@inline function rop(op: i32, acc: v128, v: v128): v128 {
  return op == 1 ? f32x4.max(acc, v) : op == 2 ? f32x4.min(acc, v) : f32x4.add(acc, v);
}

/** Sum of n floats at x, accumulated in float64 (as the reference does). */
function sumRow(x: usize, n: i32): f32 {
  let s0 = f64x2.splat(0);
  let s1 = s0;
  let s2 = s0;
  let s3 = s0;
  const pairs = n >> 3;
  for (let v = 0; v < pairs; v++, x += 32) {
    const w = v128.load(x);
    const u = v128.load(x, 16);
    s0 = f64x2.add(s0, f64x2.promote_low_f32x4(w));
    s1 = f64x2.add(s1, f64x2.promote_low_f32x4(i32x4.shuffle(w, w, 2, 3, 0, 1)));
    s2 = f64x2.add(s2, f64x2.promote_low_f32x4(u));
    s3 = f64x2.add(s3, f64x2.promote_low_f32x4(i32x4.shuffle(u, u, 2, 3, 0, 1)));
  }
  s0 = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
  let s = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
  for (let c = pairs << 3; c < n; c++, x += 4) s += <f64>load<f32>(x);
  return <f32>s;
}

// max/min of n floats: four independent chains of pmax/pmin (one instruction each, unlike the
// NaN-propagating max/min sequences), with NaN tracked on the side.
function extremeRow(op: i32, x: usize, n: i32): f32 {
  const init = f32x4.splat(op == 1 ? -Infinity : Infinity);
  let m0 = init;
  let m1 = init;
  let m2 = init;
  let m3 = init;
  let nan = f32x4.splat(0);
  const blocks = n >> 4;
  if (op == 1) {
    for (let v = 0; v < blocks; v++, x += 64) {
      const a = v128.load(x);
      const b = v128.load(x, 16);
      const c = v128.load(x, 32);
      const d = v128.load(x, 48);
      m0 = f32x4.pmax(m0, a);
      m1 = f32x4.pmax(m1, b);
      m2 = f32x4.pmax(m2, c);
      m3 = f32x4.pmax(m3, d);
      nan = v128.or(nan, v128.or(v128.or(f32x4.ne(a, a), f32x4.ne(b, b)), v128.or(f32x4.ne(c, c), f32x4.ne(d, d))));
    }
  } else {
    for (let v = 0; v < blocks; v++, x += 64) {
      const a = v128.load(x);
      const b = v128.load(x, 16);
      const c = v128.load(x, 32);
      const d = v128.load(x, 48);
      m0 = f32x4.pmin(m0, a);
      m1 = f32x4.pmin(m1, b);
      m2 = f32x4.pmin(m2, c);
      m3 = f32x4.pmin(m3, d);
      nan = v128.or(nan, v128.or(v128.or(f32x4.ne(a, a), f32x4.ne(b, b)), v128.or(f32x4.ne(c, c), f32x4.ne(d, d))));
    }
  }
  let m = rop(op, rop(op, m0, m1), rop(op, m2, m3));
  m = rop(op, m, i32x4.shuffle(m, m, 2, 3, 0, 1));
  m = rop(op, m, i32x4.shuffle(m, m, 1, 0, 3, 2));
  let r: f32 = v128.any_true(nan) ? <f32>NaN : f32x4.extract_lane(m, 0);
  for (let c = blocks << 4; c < n; c++, x += 4) {
    const y = load<f32>(x);
    r = op == 1 ? max(r, y) : min(r, y);
  }
  return r;
}

/** out[o, i] = reduce over j of x[o, j, i] for x [outer, n, inner]; op 0 sum, 1 max, 2 min. */
export function reduce(op: i32, x: usize, out: usize, outer: i32, n: i32, inner: i32): void {
  const rowBytes = <usize>n * inner << 2;
  for (let o = 0; o < outer; o++, x += rowBytes) {
    if (inner == 1) {
      store<f32>(out + (<usize>o << 2), op == 0 ? sumRow(x, n) : extremeRow(op, x, n));
      continue;
    }
    // in order along j, in float32, exactly as the reference accumulates
    const dst = out + ((<usize>o * inner) << 2);
    memory.copy(dst, x, <usize>inner << 2);
    const vecs = inner >> 2;
    for (let j = 1; j < n; j++) {
      const src = x + ((<usize>j * inner) << 2);
      for (let v = 0; v < vecs; v++) {
        const off = <usize>v << 4;
        v128.store(dst + off, rop(op, v128.load(dst + off), v128.load(src + off)));
      }
      for (let c = vecs << 2; c < inner; c++) {
        const p = dst + (<usize>c << 2);
        const y = load<f32>(src + (<usize>c << 2));
        const acc = load<f32>(p);
        store<f32>(p, op == 1 ? max(acc, y) : op == 2 ? min(acc, y) : acc + y);
      }
    }
  }
}
