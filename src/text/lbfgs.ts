/** Smooth objective: returns f(x) and writes ∇f(x) into g. */
export type Objective = (x: Float64Array, g: Float64Array) => number;

export interface MinimizeOptions {
  /** iteration limit (default 1000) */
  maxIter?: number;
  /** stop when max_i |∇F(x)_i| ≤ gtol, the (pseudo-)gradient's largest entry (default 1e-4, as scikit-learn's tol) */
  gtol?: number;
  /** stop when the relative decrease (F_k − F_{k+1}) / max(|F_k|, |F_{k+1}|, 1) ≤ ftol (default 64·ε, as scikit-learn) */
  ftol?: number;
  /** number of (s, y) pairs kept (default 10) */
  memory?: number;
  /** per-coordinate λ_i ≥ 0 of an added Σ λ_i |x_i| (OWL-QN); null for plain L-BFGS */
  l1?: Float64Array | null;
}

export interface MinimizeResult {
  x: Float64Array;
  /** F(x) = f(x) + Σ λ_i |x_i| at the end */
  f: number;
  nIter: number;
  /** true when a tolerance was met, false when the iteration limit or the line search ended the run */
  converged: boolean;
  reason: 'gtol' | 'ftol' | 'maxIter' | 'lineSearch';
  /** max |pseudo-gradient| at the end */
  gradMax: number;
}

/**
 * Minimizes f(x) + Σ λ_i|x_i| by limited-memory BFGS (Nocedal 1980) with a backtracking Armijo
 * line search; with l1 set it is OWL-QN (Andrew & Gao 2007): the pseudo-gradient replaces the
 * gradient, the direction is kept in the descent orthant, and steps are projected onto the
 * orthant of the current point so coordinates reach exactly zero.
 * Example: minimize((x, g) => { g[0] = 2 * (x[0] - 3); return (x[0] - 3) ** 2; }, new Float64Array(1)).x // [3]
 */
export function minimize(fg: Objective, x0: Float64Array, opts: MinimizeOptions = {}): MinimizeResult {
  const { maxIter = 1000, gtol = 1e-4, ftol = 64 * Number.EPSILON, memory = 10, l1 = null } = opts;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fg(x, g) + l1Norm(x, l1);
  const pg = new Float64Array(n);
  const d = new Float64Array(n);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(memory);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  for (let iter = 0; iter < maxIter; iter++) {
    pseudoGradient(x, g, l1, pg);
    const gmax = maxAbs(pg);
    if (gmax <= gtol) return { x, f, nIter: iter, converged: true, reason: 'gtol', gradMax: gmax };
    // two-loop recursion: d = −H·pg with H the L-BFGS inverse Hessian estimate
    for (let i = 0; i < n; i++) d[i] = -pg[i];
    for (let m = S.length - 1; m >= 0; m--) {
      alpha[m] = rho[m] * dot(S[m], d);
      axpy(-alpha[m], Y[m], d);
    }
    if (S.length > 0) {
      const last = S.length - 1;
      scale(d, 1 / (rho[last] * dot(Y[last], Y[last]))); // H₀ = (sᵀy / yᵀy)·I
    } else scale(d, 1 / Math.max(1, Math.sqrt(dot(pg, pg))));
    for (let m = 0; m < S.length; m++) axpy(alpha[m] - rho[m] * dot(Y[m], d), S[m], d);
    if (l1) for (let i = 0; i < n; i++) if (d[i] * pg[i] >= 0) d[i] = 0; // stay a descent direction per coordinate
    // backtracking: accept F(x + t d) ≤ F(x) + c₁ pgᵀ(x_new − x)
    let t = 1;
    let fNew = Infinity;
    let accepted = false;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < n; i++) {
        let v = x[i] + t * d[i];
        if (l1 && l1[i] > 0) {
          const orthant = x[i] !== 0 ? Math.sign(x[i]) : -Math.sign(pg[i]);
          if (Math.sign(v) !== orthant) v = 0; // OWL-QN projection: no crossing of zero within a step
        }
        xNew[i] = v;
      }
      fNew = fg(xNew, gNew) + l1Norm(xNew, l1);
      let decrease = 0;
      for (let i = 0; i < n; i++) decrease += pg[i] * (xNew[i] - x[i]);
      if (fNew <= f + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) return { x, f, nIter: iter, converged: false, reason: 'lineSearch', gradMax: gmax };
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-10 * Math.sqrt(dot(y, y) * dot(s, s))) {
      // keep the pair only when curvature is positive, so H stays positive definite
      if (S.length === memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    const fOld = f;
    f = fNew;
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) {
      pseudoGradient(x, g, l1, pg);
      return { x, f, nIter: iter + 1, converged: true, reason: 'ftol', gradMax: maxAbs(pg) };
    }
  }
  pseudoGradient(x, g, l1, pg);
  return { x, f, nIter: maxIter, converged: false, reason: 'maxIter', gradMax: maxAbs(pg) };
}

/**
 * Pseudo-gradient of f + Σλ|x|: the ordinary gradient where x_i ≠ 0; at x_i = 0 the one-sided
 * derivative that points downhill, or 0 when |g_i| ≤ λ_i (zero is optimal for that coordinate).
 */
function pseudoGradient(x: Float64Array, g: Float64Array, l1: Float64Array | null, out: Float64Array): void {
  if (!l1) {
    out.set(g);
    return;
  }
  for (let i = 0; i < x.length; i++) {
    const lam = l1[i];
    if (x[i] > 0) out[i] = g[i] + lam;
    else if (x[i] < 0) out[i] = g[i] - lam;
    else if (g[i] + lam < 0) out[i] = g[i] + lam;
    else if (g[i] - lam > 0) out[i] = g[i] - lam;
    else out[i] = 0;
  }
}

function l1Norm(x: Float64Array, l1: Float64Array | null): number {
  if (!l1) return 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += l1[i] * Math.abs(x[i]);
  return s;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}

function scale(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= a;
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}
