import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../tensor/random.js';
import { noGrad } from './engine.js';

export interface GradcheckResult {
  /** per input: backward's gradient, flattened */
  analytic: number[][];
  /** per input: central finite differences, flattened */
  numeric: number[][];
  /** largest |analytic − numeric| − (atol + rtol·|numeric|) over all elements; ≤ 0 passes */
  worst: number;
  ok: boolean;
}

/**
 * Compares backward's gradients with central differences (f(x+ε) − f(x−ε)) / 2ε. A non-scalar
 * output is reduced with fixed random weights, so every output element is checked. Use float64.
 * Example: gradcheck((x) => x.tanh(), [randn([3, 4], { dtype: 'float64' })]).ok === true
 */
export function gradcheck(
  fn: (...xs: Tensor[]) => Tensor,
  inputs: Tensor[],
  { eps = 1e-6, atol = 1e-7, rtol = 1e-5, seed = 7 } = {},
): GradcheckResult {
  const xs = inputs.map((x) => x.detach().clone());
  const float = xs.map((x) => x.dtype !== 'int32');
  xs.forEach((x, i) => float[i] && (x.requiresGrad = true));
  const out0 = fn(...xs);
  const g = new Generator(seed);
  const w = new Tensor(Float64Array.from({ length: out0.size }, () => g.next() + 0.5), out0.shape, 'float64').to(out0.dtype);
  const loss = (o: Tensor) => o.mul(w).sum();
  loss(out0).backward();
  const analytic = xs.map((x) => (x.grad ? Array.from(x.grad.dataSync()) : Array(x.size).fill(0)));
  const numeric = xs.map((x, i) => {
    if (!float[i]) return [];
    const d = x.data; // x is a fresh contiguous clone: its storage is safe to perturb
    return Array.from({ length: x.size }, (_, j) => {
      const keep = d[j];
      const f = (v: number) => {
        d[j] = v;
        return noGrad(() => loss(fn(...xs)).item());
      };
      const diff = (f(keep + eps) - f(keep - eps)) / (2 * eps);
      d[j] = keep;
      return diff;
    });
  });
  let worst = -Infinity;
  analytic.forEach((a, i) =>
    numeric[i].forEach((n, j) => (worst = Math.max(worst, Math.abs(a[j] - n) - (atol + rtol * Math.abs(n))))),
  );
  return { analytic: analytic.filter((_, i) => float[i]), numeric: numeric.filter((_, i) => float[i]), worst, ok: worst <= 0 };
}
