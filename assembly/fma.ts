// c + a·b for the accumulating kernels (GEMM, convolutions): one fused multiply-add where the
// module is built with relaxed SIMD (FMA3 on x64: ~20% faster, rounded once), else a product
// then a sum. The elementwise ops and the math functions never use it, so their results do not
// depend on the build.
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}
