import { tensor } from '../tensor/create.js';
import { fmt } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** Inputs accepted by the classic models: a 2-D tensor or nested arrays. */
export type Matrix = Tensor | readonly (readonly number[])[];
export type Vector = Tensor | readonly number[];

/** X as a contiguous float64 [n, d] tensor. */
export function asMatrix(where: string, X: Matrix): Tensor {
  const t =
    X instanceof Tensor
      ? X
      : tensor(
          X.map((r) => [...r]),
          { dtype: 'float64' },
        );
  if (t.ndim !== 2)
    throw new Error(`${where}: X must be 2-D [samples, features], got shape ${fmt(t.shape)}`);
  return t.to('float64').contiguous();
}

/** y as a float64 [n] tensor, checked against X's row count. */
export function asVector(where: string, y: Vector, n: number): Tensor {
  const t = y instanceof Tensor ? y : tensor([...y], { dtype: 'float64' });
  if (t.ndim !== 1 || t.shape[0] !== n)
    throw new Error(
      `${where}: y must be 1-D with one value per row of X (${n}), got shape ${fmt(t.shape)}`,
    );
  return t.to('float64').contiguous();
}

/** Feature names: the given ones (checked) or x0, x1, … as scikit-learn. */
export function namesFor(where: string, d: number, names?: readonly string[]): string[] {
  if (names && names.length !== d)
    throw new Error(`${where}: ${names.length} feature names for ${d} features`);
  return names ? [...names] : Array.from({ length: d }, (_, i) => `x${i}`);
}

/** The dtype predictions come back in: X's floating dtype, else float64. */
export const outDtype = (X: Matrix) =>
  X instanceof Tensor && X.dtype === 'float32' ? 'float32' : 'float64';
