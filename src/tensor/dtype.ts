import type { Data } from '../backend/backend.js';

/** float32 is the default; float64 serves exact teaching and gradient checks; int32 holds indices. */
export type DType = 'float32' | 'float64' | 'int32';

export const arrayTypes = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
} as const;

export function dtypeOf(data: Data): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  throw new TypeError(`unsupported typed array ${(data as object).constructor?.name}`);
}

export const isFloat = (d: DType) => d !== 'int32';
