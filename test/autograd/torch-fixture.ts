import { readFileSync } from 'node:fs';
import { tensor } from '../../src/tensor/create.js';
import type { DType } from '../../src/tensor/dtype.js';
import type { Tensor } from '../../src/tensor/tensor.js';

// Reads test/fixtures/torch-reference.json (written by scripts/torch-reference.py).

export interface FixtureTensor {
  shape: number[];
  values: number[];
  dtype: 'float64' | 'int64';
}
export interface OpCase {
  name: string;
  op: string;
  args: Record<string, any>;
  inputs: FixtureTensor[];
  output: FixtureTensor;
  gradOutput: FixtureTensor;
  /** per input: d(sum(output · gradOutput))/d(input), null for index inputs */
  grads: (number[] | null)[];
}
export interface LossCase {
  name: string;
  loss: string;
  options: Record<string, any>;
  inputs: FixtureTensor[];
  output: number;
  /** gradient of the loss with respect to the first input */
  grad: number[];
}
export interface OptimizerCase {
  name: string;
  optimizer: string;
  options: Record<string, any>;
  param: number[];
  grads: number[][];
  /** the parameter after each step */
  steps: number[][];
}
export interface SchedulerCase {
  name: string;
  scheduler: string;
  lr: number;
  options: Record<string, any>;
  lrs: number[];
}
export interface Fixture {
  library: string;
  version: string;
  script: string;
  ops: OpCase[];
  losses: LossCase[];
  optimizers: OptimizerCase[];
  schedulers: SchedulerCase[];
}

export const fixture: Fixture = JSON.parse(
  readFileSync(new URL('../fixtures/torch-reference.json', import.meta.url), 'utf8'),
);

/** A fixture tensor as a Perceptio tensor: floats in `dtype`, indices as int32. */
export function load(t: FixtureTensor, dtype: DType): Tensor {
  return tensor(t.values, { dtype: t.dtype === 'int64' ? 'int32' : dtype, shape: t.shape });
}

/** A fixture tensor-valued option (class weights, posWeight) becomes a tensor; others pass through. */
export function options(o: Record<string, any>, dtype: DType): Record<string, any> {
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k, v && typeof v === 'object' && 'values' in v ? load(v, dtype) : v]),
  );
}

/**
 * Tolerances: float64 agrees with PyTorch to rounding; float32 within 1e-5 relative, with 1e-6
 * absolute for results near 0 that come from cancellation (inputs themselves round by ~6e-8).
 */
export const tol = (dtype: DType) => (dtype === 'float64' ? { rtol: 1e-10, atol: 1e-12 } : { rtol: 1e-5, atol: 1e-6 });
