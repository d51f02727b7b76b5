export interface LbfgsOptions {
  /** iterations at most (default 1000) */
  maxIter?: number;
  /** stop when the largest gradient component is below this (default 1e-10) */
  tol?: number;
  /** correction pairs kept (default 10) */
  memory?: number;
}
export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  converged: boolean;
  /** f after each iteration */
  history: number[];
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/**
 * Minimises a smooth function by L-BFGS (Nocedal & Wright, algorithm 7.4/7.5) with a backtracking
 * Armijo line search; `fg` returns the value and the gradient.
 * Example: minimize((x) => [x[0] ** 2, Float64Array.of(2 * x[0])], Float64Array.of(3)).x // ≈ [0]
 */
export function minimize(
  fg: (x: Float64Array) => [number, Float64Array],
  x0: Float64Array,
  { maxIter = 1000, tol = 1e-10, memory = 10 }: LbfgsOptions = {},
): LbfgsResult {
  let x: Float64Array = x0.slice();
  let [f, g]: [number, Float64Array] = fg(x);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const history: number[] = [];
  let it = 0;
  for (; it < maxIter && maxAbs(g) > tol; it++) {
    // two-loop recursion: d = −H·g with H the inverse-Hessian estimate from the (s, y) pairs
    const d = g.map((v) => -v);
    const rho = S.map((s, i) => 1 / dot(Y[i], s));
    const al = new Float64Array(S.length);
    for (let i = S.length - 1; i >= 0; i--) {
      al[i] = rho[i] * dot(S[i], d);
      for (let j = 0; j < d.length; j++) d[j] -= al[i] * Y[i][j];
    }
    const gamma = S.length
      ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1])
      : 1 / Math.max(maxAbs(g), 1);
    for (let j = 0; j < d.length; j++) d[j] *= gamma;
    for (let i = 0; i < S.length; i++) {
      const beta = rho[i] * dot(Y[i], d);
      for (let j = 0; j < d.length; j++) d[j] += (al[i] - beta) * S[i][j];
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // not a descent direction (numerical trouble): restart from steepest descent
      S.length = Y.length = 0;
      for (let j = 0; j < d.length; j++) d[j] = -g[j] / Math.max(maxAbs(g), 1);
      slope = dot(g, d);
    }
    let step = 1;
    let xn: Float64Array;
    let fn: number;
    let gn: Float64Array;
    for (;;) {
      xn = x.map((v, j) => v + step * d[j]);
      [fn, gn] = fg(xn);
      if (fn <= f + 1e-4 * step * slope || step < 1e-20) break; // Armijo condition
      step *= 0.5;
    }
    if (step < 1e-20) break; // no decrease possible: at the optimum to machine precision
    const s = xn.map((v, j) => v - x[j]);
    const y = gn.map((v, j) => v - g[j]);
    if (dot(s, y) > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      S.push(s);
      Y.push(y);
      if (S.length > memory) {
        S.shift();
        Y.shift();
      }
    }
    [x, f, g] = [xn, fn, gn];
    history.push(f);
  }
  return { x, f, iterations: it, converged: maxAbs(g) <= tol, history };
}
