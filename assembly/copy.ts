// Strided copy of 4-byte elements (float32 or int32 bits) over up to four axes: what
// contiguous(), transposes, pads, slices and concatenation come down to.

// rows × cols block; 16×16 tiles keep both sides' cache lines in L1 when one side is transposed
function copy2(src: usize, dst: usize, rows: i32, cols: i32, sr: i32, sc: i32, dr: i32, dc: i32): void {
  if (sc == 1 && dc == 1) {
    for (let r = 0; r < rows; r++) {
      memory.copy(dst + ((<usize>r * dr) << 2), src + ((<usize>r * sr) << 2), <usize>cols << 2);
    }
    return;
  }
  const ss = <usize>sc << 2;
  const ds = <usize>dc << 2;
  for (let r0 = 0; r0 < rows; r0 += 16) {
    const r1 = min(rows, r0 + 16);
    for (let c0 = 0; c0 < cols; c0 += 16) {
      const c1 = min(cols, c0 + 16);
      for (let r = r0; r < r1; r++) {
        let ps = src + ((<usize>r * sr + <usize>c0 * sc) << 2);
        let pd = dst + ((<usize>r * dr + <usize>c0 * dc) << 2);
        for (let c = c0; c < c1; c++, ps += ss, pd += ds) store<u32>(pd, load<u32>(ps));
      }
    }
  }
}

/** dst[i0, i1, i2, i3] = src[i0, i1, i2, i3] over n0×n1×n2×n3; s* and d* are element strides. */
export function copy4(
  src: usize, dst: usize, n0: i32, n1: i32, n2: i32, n3: i32,
  s0: i32, s1: i32, s2: i32, s3: i32, d0: i32, d1: i32, d2: i32, d3: i32,
): void {
  for (let i0 = 0; i0 < n0; i0++) {
    for (let i1 = 0; i1 < n1; i1++) {
      const ps = src + ((<usize>i0 * s0 + <usize>i1 * s1) << 2);
      const pd = dst + ((<usize>i0 * d0 + <usize>i1 * d1) << 2);
      copy2(ps, pd, n2, n3, s2, s3, d2, d3);
    }
  }
}

/**
 * Zeroes `bytes` bytes at `ptr`. The host's own fill on a shared memory's views runs ~10× slower
 * in V8 (element-wise, as shared memory requires of JS), and gradients are zeroed every step.
 */
export function zero(ptr: usize, bytes: usize): void {
  memory.fill(ptr, 0, bytes);
}
