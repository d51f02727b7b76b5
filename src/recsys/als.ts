import type { Csr } from './csr.js';
import type { Interactions } from './interactions.js';
import { cholesky, choleskySolve } from './linalg.js';
import { Rng } from './random.js';
import type { Recommender } from './recommender.js';

export interface AlsOptions {
  factors?: number;
  /** λ on ‖x_u‖² and ‖y_i‖² */
  reg?: number;
  /** confidence c_ui = 1 + α·r_ui */
  alpha?: number;
  iterations?: number;
  /** 'cholesky' solves each normal equation exactly; 'cg' takes a few conjugate-gradient steps
   * from the previous solution (Takács et al.), O(f²) instead of O(f³) per user */
  solver?: 'cholesky' | 'cg';
  cgSteps?: number;
  /** use the stored values as r_ui (default: every interaction is r = 1) */
  useValues?: boolean;
  seed?: number;
}

/**
 * Implicit-feedback matrix factorisation by alternating least squares (Hu, Koren & Volinsky
 * 2008): minimise Σ_{u,i} c_ui (p_ui − x_uᵀy_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²) over all pairs, with
 * p_ui = [r_ui > 0]. Each user's solve is x_u = (YᵀY + Yᵀ(C_u − I)Y + λI)⁻¹ Yᵀ C_u p_u, where
 * YᵀY is shared, so the cost is linear in the interactions.
 * Example: const als = new ImplicitAls({ factors: 64, alpha: 10 }).fit(train);
 *          recommend(als, train, u, 10)
 */
export class ImplicitAls implements Recommender {
  readonly name = 'als';
  readonly options: Required<AlsOptions>;
  userFactors: Float64Array = new Float64Array(0);
  itemFactors: Float64Array = new Float64Array(0);

  constructor(options: AlsOptions = {}) {
    this.options = { factors: 64, reg: 0.1, alpha: 10, iterations: 15, solver: 'cholesky', cgSteps: 3, useValues: false, seed: 0, ...options };
  }

  fit(train: Interactions): this {
    const { factors: f, iterations, seed } = this.options;
    const rng = new Rng(seed);
    this.userFactors = new Float64Array(train.nUsers * f);
    this.itemFactors = new Float64Array(train.nItems * f).map(() => rng.normal() * 0.01);
    const U = train.byUser();
    const I = train.byItem();
    for (let it = 0; it < iterations; it++) {
      this.halfStep(U, this.itemFactors, this.userFactors);
      this.halfStep(I, this.userFactors, this.itemFactors);
    }
    return this;
  }

  /** Solves every row of X given the fixed factors Y, rows of R holding the interactions. */
  private halfStep(R: Csr, Y: Float64Array, X: Float64Array): void {
    const { factors: f, reg, alpha, solver, cgSteps, useValues } = this.options;
    const nY = Y.length / f;
    const YtY = new Float64Array(f * f);
    for (let j = 0; j < nY; j++) {
      const o = j * f;
      for (let a = 0; a < f; a++) {
        const ya = Y[o + a];
        if (ya === 0) continue;
        for (let b = a; b < f; b++) YtY[a * f + b] += ya * Y[o + b];
      }
    }
    for (let a = 0; a < f; a++) for (let b = 0; b < a; b++) YtY[a * f + b] = YtY[b * f + a];
    const A = new Float64Array(f * f);
    const rhs = new Float64Array(f);
    const r = new Float64Array(f);
    const p = new Float64Array(f);
    const Ap = new Float64Array(f);
    for (let u = 0; u < R.rows; u++) {
      const xo = u * f;
      const start = R.indptr[u];
      const end = R.indptr[u + 1];
      if (start === end) {
        X.fill(0, xo, xo + f); // no interactions: the minimiser is 0
        continue;
      }
      const conf = (e: number) => 1 + alpha * (useValues ? R.values[e] : 1);
      if (solver === 'cholesky') {
        A.set(YtY);
        for (let a = 0; a < f; a++) A[a * f + a] += reg;
        rhs.fill(0);
        for (let e = start; e < end; e++) {
          const yo = R.indices[e] * f;
          const c = conf(e);
          for (let a = 0; a < f; a++) {
            const ya = Y[yo + a];
            rhs[a] += c * ya;
            const w = (c - 1) * ya;
            for (let b = 0; b <= a; b++) A[a * f + b] += w * Y[yo + b]; // lower triangle is all cholesky reads
          }
        }
        choleskySolve(cholesky(A, f), f, rhs);
        X.set(rhs, xo);
        continue;
      }
      // conjugate gradient on A x = b with A·v = YᵀY v + λv + Σ (c − 1)(y_i·v) y_i, warm-started
      const mulA = (v: Float64Array, out: Float64Array, vOff: number, vArr: Float64Array = v) => {
        for (let a = 0; a < f; a++) {
          let s = reg * vArr[vOff + a];
          for (let b = 0; b < f; b++) s += YtY[a * f + b] * vArr[vOff + b];
          out[a] = s;
        }
        for (let e = start; e < end; e++) {
          const yo = R.indices[e] * f;
          let d = 0;
          for (let a = 0; a < f; a++) d += Y[yo + a] * vArr[vOff + a];
          d *= conf(e) - 1;
          for (let a = 0; a < f; a++) out[a] += d * Y[yo + a];
        }
      };
      mulA(X, Ap, xo);
      r.fill(0);
      for (let e = start; e < end; e++) {
        const yo = R.indices[e] * f;
        const c = conf(e);
        for (let a = 0; a < f; a++) r[a] += c * Y[yo + a];
      }
      let rr = 0;
      for (let a = 0; a < f; a++) {
        r[a] -= Ap[a];
        p[a] = r[a];
        rr += r[a] * r[a];
      }
      for (let step = 0; step < cgSteps && rr > 1e-20; step++) {
        mulA(p, Ap, 0);
        let pAp = 0;
        for (let a = 0; a < f; a++) pAp += p[a] * Ap[a];
        const alphaStep = rr / pAp;
        let rrNew = 0;
        for (let a = 0; a < f; a++) {
          X[xo + a] += alphaStep * p[a];
          r[a] -= alphaStep * Ap[a];
          rrNew += r[a] * r[a];
        }
        for (let a = 0; a < f; a++) p[a] = r[a] + (rrNew / rr) * p[a];
        rr = rrNew;
      }
    }
  }

  /** x_uᵀy_i for every item. */
  scoreItems(user: number, out: Float64Array): Float64Array {
    const f = this.options.factors;
    const X = this.userFactors;
    const Y = this.itemFactors;
    const known = user >= 0 && user * f < X.length;
    for (let i = 0; i < out.length; i++) {
      let s = 0;
      if (known && i * f < Y.length) for (let a = 0; a < f; a++) s += X[user * f + a] * Y[i * f + a];
      out[i] = s;
    }
    return out;
  }
}
