// 2-D convolution (NCHW, zero padding) and its input and weight gradients. Dense and grouped
// layers run the direct kernels (conv-direct.ts: register tiles reading a bordered copy of each
// image through offset tables) where their 16 lanes are well used; the rest unfold one image
// group at a time into columns in linear memory (im2col: small enough to stay in L2) and run the
// packed GEMM on them. Depthwise layers (one input channel per group) run a direct kernel on a
// zero-bordered copy of each plane, since their columns would be multiplied by a single weight
// row and the GEMM would only pay the unfolding.
import { depthwiseBackInput, depthwiseBackWeight, depthwiseForward, depthwiseScratch } from './conv-depthwise';
import { directForward, directScratch } from './conv-direct';
import { directBackInput, directBackWeight } from './conv-direct-grad';
import { gemm } from './gemm';
import { addRow, col2im, im2col, isPointwise, setWindow, wH, wKH, wKW, wOH, wOW, wW } from './window';

// the convolution's sizes, read from a parameter block by readParams
let N: i32 = 0;
let C: i32 = 0;
let O: i32 = 0;
let G: i32 = 0;

/**
 * Parameter block (16 i32): n, c, h, w, o, groups, kh, kw, strideH, strideW, padH, padW,
 * dilationH, dilationW, outH, outW.
 */
function readParams(p: usize): void {
  N = load<i32>(p);
  C = load<i32>(p, 4);
  O = load<i32>(p, 16);
  G = load<i32>(p, 20);
  setWindow(
    load<i32>(p, 8), load<i32>(p, 12), load<i32>(p, 24), load<i32>(p, 28), load<i32>(p, 32), load<i32>(p, 36),
    load<i32>(p, 40), load<i32>(p, 44), load<i32>(p, 48), load<i32>(p, 52), load<i32>(p, 56), load<i32>(p, 60),
  );
}

// one input and one output channel per group: the direct kernels
@inline function isDepthwise(): bool {
  return C == G && O == G && !isPointwise();
}

/** Floats of `cols` scratch the kernels need for the parameter block at `params`. */
export function convScratch(params: usize): i32 {
  readParams(params);
  if (isDepthwise()) return depthwiseScratch();
  if (isPointwise()) return 0;
  // 4 floats of slack: im2col copies rows in whole vectors
  return max(directScratch(C, O, G), (C / G) * wKH * wKW * wOH * wOW + 4);
}

/** out [N, O, OH, OW] = x ⋆ w + bias (0: none); `cols` holds convScratch floats, `work` gemmWorkBytes(). */
export function convForward(x: usize, w: usize, bias: usize, out: usize, params: usize, cols: usize, work: usize): void {
  readParams(params);
  const cg = C / G;
  const og = O / G;
  const k = cg * wKH * wKW;
  const plane = wOH * wOW;
  const img = <usize>(wH * wW) << 2;
  const point = isPointwise();
  if (isDepthwise()) {
    depthwiseForward(x, w, out, N, C, cols);
  } else if (!point && directScratch(C, O, G) > 0) {
    return directForward(x, w, bias, out, N, G, cols);
  } else {
    for (let b = 0; b < N; b++) {
      for (let gi = 0; gi < G; gi++) {
        const xs = x + <usize>(b * C + gi * cg) * img;
        if (!point) im2col(xs, cols, cg);
        const wg = w + (<usize>(gi * og * k) << 2);
        const og0 = out + (<usize>((b * O + gi * og) * plane) << 2);
        gemm(wg, point ? xs : cols, og0, og, plane, k, k, 1, plane, 1, 0, 0, 0, 1, 0, og, 0, plane, work);
      }
    }
  }
  if (bias) addBias(out, bias, N, O, plane);
}

// out[b, o, :] += bias[o]
function addBias(out: usize, bias: usize, n: i32, o: i32, plane: i32): void {
  for (let b = 0; b < n; b++) {
    for (let c = 0; c < o; c++) {
      const row = out + (<usize>((b * o + c) * plane) << 2);
      const f = load<f32>(bias + (<usize>c << 2));
      const v = f32x4.splat(f);
      let i = 0;
      for (; i + 4 <= plane; i += 4) v128.store(row + (<usize>i << 2), f32x4.add(v128.load(row + (<usize>i << 2)), v));
      for (; i < plane; i++) store<f32>(row + (<usize>i << 2), load<f32>(row + (<usize>i << 2)) + f);
    }
  }
}

/** dx [N, C, H, W] = conv2d's adjoint in x applied to g [N, O, OH, OW]. */
export function convBackInput(g: usize, w: usize, dx: usize, params: usize, cols: usize, work: usize): void {
  readParams(params);
  const cg = C / G;
  const og = O / G;
  const k = cg * wKH * wKW;
  const plane = wOH * wOW;
  const img = <usize>(wH * wW) << 2;
  const point = isPointwise();
  if (isDepthwise()) return depthwiseBackInput(g, w, dx, N, C, cols);
  if (!point) memory.fill(dx, 0, <usize>N * C * img);
  if (!point && directScratch(C, O, G) > 0) return directBackInput(g, w, dx, N, G, cols);
  for (let b = 0; b < N; b++) {
    for (let gi = 0; gi < G; gi++) {
      const dxs = dx + <usize>(b * C + gi * cg) * img;
      // columns = Wᵀ·g: A(l, o) = w[o, l], so A is stored transposed (row step 1, column step k)
      const wg = w + (<usize>(gi * og * k) << 2);
      const gs = g + (<usize>((b * O + gi * og) * plane) << 2);
      gemm(wg, gs, point ? dxs : cols, k, plane, og, 1, k, plane, 1, 0, 0, 0, 1, 0, k, 0, plane, work);
      if (!point) col2im(cols, dxs, cg);
    }
  }
}

/** dw [O, C/G, kh, kw] = Σ over images of g·colsᵀ; `tmp` holds (O/G)·(C/G)·kh·kw floats. */
export function convBackWeight(x: usize, g: usize, dw: usize, params: usize, cols: usize, tmp: usize, work: usize): void {
  readParams(params);
  const cg = C / G;
  const og = O / G;
  const k = cg * wKH * wKW;
  const plane = wOH * wOW;
  const img = <usize>(wH * wW) << 2;
  const point = isPointwise();
  if (isDepthwise()) return depthwiseBackWeight(x, g, dw, N, C, cols);
  if (!point && directScratch(C, O, G) > 0) return directBackWeight(x, g, dw, N, G, cols);
  memory.fill(dw, 0, <usize>(O * k) << 2);
  for (let b = 0; b < N; b++) {
    for (let gi = 0; gi < G; gi++) {
      const xs = x + <usize>(b * C + gi * cg) * img;
      if (!point) im2col(xs, cols, cg);
      const gs = g + (<usize>((b * O + gi * og) * plane) << 2);
      // tmp = g·colsᵀ: B(p, j) = cols[j, p], stored transposed
      gemm(gs, point ? xs : cols, tmp, og, k, plane, plane, 1, 1, plane, 0, 0, 0, 1, 0, og, 0, k, work);
      addRow(dw + (<usize>(gi * og * k) << 2), tmp, og * k);
    }
  }
}
