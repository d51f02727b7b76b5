/** Storage of a tensor: one flat typed array per dtype. */
export type Data = Float32Array | Float64Array | Int32Array;

/** A strided view of a flat array: element (i0, i1, …) is data[offset + Σ iₖ·strides[k]]. */
export interface Strided {
  readonly data: Data;
  readonly offset: number;
  readonly strides: readonly number[];
}

export const unaryOps = [
  'neg', 'abs', 'sign', 'exp', 'log', 'log1p', 'sqrt', 'sin', 'cos', 'tanh', 'erf', 'sigmoid', 'relu',
] as const;
/** reluMask(a, b) = b > 0 ? a : 0: ReLU's backward in one pass (PyTorch's threshold_backward) */
export const binaryOps = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'lt', 'le', 'eq', 'reluMask'] as const;
export const reduceOps = ['sum', 'amax', 'amin'] as const;

export type UnaryOp = (typeof unaryOps)[number];
export type BinaryOp = (typeof binaryOps)[number];
export type ReduceOp = (typeof reduceOps)[number];

/** Batched GEMM: out[b] = op(A[b]) · op(B[b]), op(X) = Xᵀ when trans is set; out is contiguous. */
export interface MatmulParams {
  batch: number;
  m: number;
  k: number;
  n: number;
  /** element stride between batches (0 broadcasts one matrix over the batch) */
  aBatchStride: number;
  bBatchStride: number;
  /** A is stored as [k, m] (row-major) instead of [m, k]; likewise B as [n, k] instead of [k, n] */
  transA: boolean;
  transB: boolean;
  aOffset: number;
  bOffset: number;
}

/** An SGD step with PyTorch's semantics (optim/sgd.ts); `first`: the momentum buffer is new. */
export interface SgdParams {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
  first: boolean;
}

/** An Adam step (optim/adam.ts): `step` counts from 1; decoupled: AdamW's weight decay. */
export interface AdamParams {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  decoupled: boolean;
  amsgrad: boolean;
  maximize: boolean;
  step: number;
}

/**
 * One entry per primitive, named as in autograd/ops.ts. Shapes and dtypes are already checked by
 * the caller; `out` is always a fresh contiguous array of the output dtype.
 */
export type Kernels = {
  /** contiguous x → contiguous out, same length */
  [K in UnaryOp]: (x: Data, out: Data) => void;
} & {
  /** out[i…] = a[i…] ∘ b[i…] over `shape`; broadcasting arrives as stride 0 */
  [K in BinaryOp]: (a: Strided, b: Strided, out: Data, shape: readonly number[]) => void;
} & {
  /** reduce the middle axis of a contiguous [outer, n, inner] array into [outer, inner] */
  [K in ReduceOp]: (x: Data, out: Data, outer: number, n: number, inner: number) => void;
} & {
  /** index of the maximum along the middle axis of [outer, n, inner]; first one on ties */
  argmax(x: Data, out: Int32Array, outer: number, n: number, inner: number): void;
  argmin(x: Data, out: Int32Array, outer: number, n: number, inner: number): void;
  /** dst[i…] = src[i…] over `shape`: materialises views, pads, slices and concatenates */
  copy(src: Strided, dst: Strided, shape: readonly number[]): void;
  /** out = cond ≠ 0 ? a : b, all broadcast to `shape` */
  where(cond: Strided, a: Strided, b: Strided, out: Data, shape: readonly number[]): void;
  matmul(a: Data, b: Data, out: Data, p: MatmulParams): void;
  /** One SGD step in place on w (and the momentum buffer b, null without momentum) */
  sgd(w: Data, g: Data, b: Data | null, p: SgdParams): void;
  /** One Adam/AdamW step in place on w and its moments m, v (vmax with amsgrad, else null) */
  adam(w: Data, g: Data, m: Data, v: Data, vmax: Data | null, p: AdamParams): void;
  /** out[o, j, i] = x[o, idx[o, j, i], i] for x [outer, n, inner], idx and out [outer, m, inner] */
  gather(x: Data, idx: Int32Array, out: Data, outer: number, n: number, m: number, inner: number): void;
  /** out[o, idx[o, j, i], i] += src[o, j, i]: the adjoint of gather; out is [outer, n, inner] */
  scatterAdd(src: Data, idx: Int32Array, out: Data, outer: number, n: number, m: number, inner: number): void;
  /** out[o, j, i] = x[o, idx[j], i]: rows picked along the middle axis (embedding lookups) */
  indexSelect(x: Data, idx: Int32Array, out: Data, outer: number, n: number, m: number, inner: number): void;
  /** out[o, idx[j], i] += src[o, j, i]: the adjoint of indexSelect */
  indexAdd(src: Data, idx: Int32Array, out: Data, outer: number, n: number, m: number, inner: number): void;
  /** Unfolds sliding windows: x [N, C, H, W] → out [N, C·kh·kw, OH·OW]; outside the image reads p.padValue */
  im2col(x: Data, out: Data, p: WindowParams): void;
  /** The adjoint of im2col: out [N, C, H, W] += the columns folded back (overlaps add up) */
  col2im(cols: Data, out: Data, p: WindowParams): void;
  /** out [N, O, OH, OW] = x [N, C, H, W] ⋆ w [O, C/groups, kh, kw] + bias [O]: cross-correlation, zero padding */
  conv2d(x: Data, w: Data, bias: Data | null, out: Data, p: ConvParams): void;
  /** dx [N, C, H, W] = conv2d's adjoint in x applied to g [N, O, OH, OW] (a transposed convolution) */
  conv2dGradInput(g: Data, w: Data, dx: Data, p: ConvParams): void;
  /** dw [O, C/groups, kh, kw] = conv2d's adjoint in w: Σ over images and output cells of g·x */
  conv2dGradWeight(x: Data, g: Data, dw: Data, p: ConvParams): void;
  /** out [N, C, OH, OW] = each window's maximum; index = its pixel y·w + x in the plane (first on ties, NaN wins) */
  maxPool2d(x: Data, out: Data, index: Int32Array, p: WindowParams): void;
  /**
   * out [planes, plane] = zeros, then out[p, index[p, j]] += g[p, j]: max pooling's adjoint.
   * tiledWidth > 0 promises that the windows were the disjoint 2×2 blocks (stride 2, no padding)
   * tiling planes that wide exactly, so every pixel is written once and nothing needs zeroing first.
   */
  maxUnpool2d(g: Data, index: Int32Array, out: Data, planes: number, plane: number, cells: number, tiledWidth?: number): void;
};

/** A convolution: the window over the input image, output channels and groups (padValue is 0). */
export interface ConvParams extends WindowParams {
  o: number;
  groups: number;
}

/** A sliding window over NCHW images: the geometry of convolution and pooling. */
export interface WindowParams {
  n: number;
  c: number;
  h: number;
  w: number;
  kh: number;
  kw: number;
  strideH: number;
  strideW: number;
  padH: number;
  padW: number;
  dilationH: number;
  dilationW: number;
  outH: number;
  outW: number;
  /** value read outside the image (0 for convolution, −∞ for max pooling) */
  padValue: number;
}

export interface Backend {
  readonly name: 'js' | 'wasm';
  readonly kernels: Kernels;
  /** worker threads in use for large ops (1 = single-threaded) */
  readonly threads: number;
  /** change the thread count where the backend supports it */
  setThreads?(n: number): void;
  /**
   * A zeroed float32 array in the backend's own memory, which its kernels use in place without
   * copies: for long-lived tensors (parameters, optimizer state). Null where there is none.
   */
  persistent?(n: number): Float32Array | null;
  /**
   * The same for the storage pool's arrays (short-lived, recycled; float32, or int32 for indices
   * such as max pooling's), within a budget that leaves room for parameters; null over it or
   * where there is no such memory.
   */
  poolArray?(n: number, dtype?: 'float32' | 'int32'): Float32Array | Int32Array | null;
  /** Zeroes an array the backend holds in its own memory; false when it is not one of those. */
  zero?(data: Data): boolean;
}
