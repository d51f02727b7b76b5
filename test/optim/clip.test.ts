import { expect, test } from 'vitest';
import { tensor } from '../../src/index.js';
import { Parameter } from '../../src/nn/index.js';
import { clipGradNorm, clipGradValue } from '../../src/optim/index.js';

const f64 = { dtype: 'float64' } as const;
function params(): Parameter[] {
  const a = new Parameter(tensor([0, 0], f64));
  const b = new Parameter(tensor([0], f64));
  a.grad = tensor([3, 4], f64);
  b.grad = tensor([12], f64);
  return [a, b];
}

test('clipGradNorm scales all gradients by maxNorm / total norm and returns the norm', () => {
  const ps = params();
  expect(clipGradNorm(ps, 6.5)).toBeCloseTo(13, 12);
  const c = 6.5 / (13 + 1e-6);
  expect(ps[0].grad!).toBeAllClose([3 * c, 4 * c], { rtol: 1e-12 });
  expect(ps[1].grad!).toBeAllClose([12 * c], { rtol: 1e-12 });
});

test('clipGradNorm leaves small gradients alone; other norms', () => {
  const ps = params();
  expect(clipGradNorm(ps, 100)).toBeCloseTo(13, 12);
  expect(ps[1].grad!.toArray()).toEqual([12]);
  expect(clipGradNorm(params(), 100, 1)).toBeCloseTo(19, 12);
  const inf = params();
  expect(clipGradNorm(inf, 6, Infinity)).toBe(12);
  expect(inf[1].grad!).toBeAllClose([6], { rtol: 1e-6 });
});

test('a gradient tensor shared by two parameters is scaled once', () => {
  const a = new Parameter(tensor([0], f64));
  const b = new Parameter(tensor([0], f64));
  a.grad = b.grad = tensor([10], f64); // backward of x + y hands both the same tensor
  clipGradNorm([a, b], 1);
  expect(a.grad!).toBeAllClose([1 / Math.SQRT2], { rtol: 1e-5 });
  expect(b.grad!).toBeAllClose([1 / Math.SQRT2], { rtol: 1e-5 });
});

test('clipGradNorm can refuse a non-finite norm', () => {
  const p = new Parameter(tensor([0]));
  p.grad = tensor([NaN]);
  expect(() => clipGradNorm([p], 1, 2, { errorIfNonfinite: true })).toThrow('clipGradNorm: the total norm of the gradients is NaN');
});

test('clipGradValue clamps each element', () => {
  const ps = params();
  clipGradValue(ps, 3.5);
  expect(ps[0].grad!.toArray()).toEqual([3, 3.5]);
  expect(ps[1].grad!.toArray()).toEqual([3.5]);
});
