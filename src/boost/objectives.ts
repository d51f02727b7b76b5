/**
 * A training objective: gradients g = ∂L/∂f and hessians h = ∂²L/∂f² of the loss with respect to
 * the raw score f, per row and output. Scores are row-major [rows, outputs].
 */
export interface Objective {
  readonly name: string;
  /** outputs per row (the number of classes for softmax, else 1) */
  readonly outputs: number;
  /** the evaluation metric used when none is given */
  readonly defaultMetric: string;
  /** the constant raw score trees start from */
  baseScore(y: Float64Array, w: Float64Array | null): number[];
  /** fills gh[k] (g at 2i, h at 2i+1) for each output k; w are sample weights */
  gradients(y: Float64Array, raw: Float64Array, w: Float64Array | null, gh: Float64Array[], group: Int32Array | null): void;
  /** raw scores → predictions (probabilities, means); identity for plain regression */
  transform(raw: Float64Array): Float64Array;
  /** total loss Σ wᵢ L(yᵢ, fᵢ), the function the gradients differentiate (used by tests) */
  loss(y: Float64Array, raw: Float64Array, w: Float64Array | null, group: Int32Array | null): number;
  /** when set, leaves are refitted to this weighted quantile of residuals y − f (L1, quantile) */
  readonly refitQuantile?: number;
}

/** User objective: returns g and h for the current raw scores (row-major [rows, outputs]). */
export interface CustomObjective {
  outputs?: number;
  gradient(y: Float64Array, raw: Float64Array): { grad: ArrayLike<number>; hess: ArrayLike<number> };
  transform?(raw: Float64Array): Float64Array;
  baseScore?: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const wt = (w: Float64Array | null, i: number) => (w === null ? 1 : w[i]);

function weightedMean(y: Float64Array, w: Float64Array | null): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < y.length; i++) {
    s += y[i] * wt(w, i);
    sw += wt(w, i);
  }
  return s / sw;
}

/** Weighted α-quantile: the smallest value whose cumulative weight reaches α of the total. */
export function weightedQuantile(values: Float64Array, w: Float64Array | null, alpha: number): number {
  const n = values.length;
  if (n === 0) return 0;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  let total = 0;
  for (let i = 0; i < n; i++) total += wt(w, i);
  let acc = 0;
  for (const i of order) {
    acc += wt(w, i);
    if (acc >= alpha * total) return values[i];
  }
  return values[order[n - 1]];
}

/** An elementwise objective from its loss, gradient and hessian in r = f − y (or f, y). */
function pointwise(
  name: string,
  defaultMetric: string,
  l: (y: number, f: number) => number,
  g: (y: number, f: number) => number,
  h: (y: number, f: number) => number,
  base: (y: Float64Array, w: Float64Array | null) => number,
  transform: (f: number) => number = (f) => f,
  refitQuantile?: number,
): Objective {
  return {
    name,
    outputs: 1,
    defaultMetric,
    refitQuantile,
    baseScore: (y, w) => [base(y, w)],
    gradients(y, raw, w, gh) {
      const out = gh[0];
      for (let i = 0; i < y.length; i++) {
        const wi = wt(w, i);
        out[2 * i] = g(y[i], raw[i]) * wi;
        out[2 * i + 1] = h(y[i], raw[i]) * wi;
      }
    },
    transform: (raw) => raw.map(transform),
    loss(y, raw, w) {
      let s = 0;
      for (let i = 0; i < y.length; i++) s += l(y[i], raw[i]) * wt(w, i);
      return s;
    },
  };
}

/** ½(f − y)²: g = f − y, h = 1. */
export const squaredError = (): Objective =>
  pointwise('squarederror', 'rmse', (y, f) => 0.5 * (f - y) ** 2, (y, f) => f - y, () => 1, weightedMean);

/** |f − y|: g = sign(f − y), h = 1, then each leaf is refitted to the median residual (as LightGBM). */
export const absoluteError = (): Objective =>
  pointwise('absoluteerror', 'mae', (y, f) => Math.abs(f - y), (y, f) => Math.sign(f - y), () => 1,
    (y, w) => weightedQuantile(y, w, 0.5), undefined, 0.5);

/** Pseudo-Huber δ²(√(1 + (r/δ)²) − 1), r = f − y: g = r/√(1 + (r/δ)²), h = (1 + (r/δ)²)^(−3/2). */
export const huber = (delta = 1): Objective =>
  pointwise('huber', 'mae',
    (y, f) => delta * delta * (Math.sqrt(1 + ((f - y) / delta) ** 2) - 1),
    (y, f) => (f - y) / Math.sqrt(1 + ((f - y) / delta) ** 2),
    (y, f) => (1 + ((f - y) / delta) ** 2) ** -1.5,
    (y, w) => {
      // the loss is smooth and convex: Newton steps from the median find the best constant
      let b = weightedQuantile(y, w, 0.5);
      for (let it = 0; it < 50; it++) {
        let g = 0;
        let h = 0;
        for (let i = 0; i < y.length; i++) {
          const q = 1 + ((b - y[i]) / delta) ** 2;
          g += ((b - y[i]) / Math.sqrt(q)) * wt(w, i);
          h += q ** -1.5 * wt(w, i);
        }
        b -= g / h;
        if (Math.abs(g / h) < 1e-12) break;
      }
      return b;
    });

/** Pinball loss α·(y − f) for y ≥ f, (1 − α)·(f − y) below; leaves refitted to the α-quantile. */
export const quantile = (alpha = 0.5): Objective => {
  if (!(alpha > 0 && alpha < 1)) throw new Error(`boost: quantile alpha must be in (0, 1), got ${alpha}`);
  return pointwise('quantile', 'mae',
    (y, f) => (y >= f ? alpha * (y - f) : (1 - alpha) * (f - y)),
    (y, f) => (y > f ? -alpha : 1 - alpha), () => 1,
    (y, w) => weightedQuantile(y, w, alpha), undefined, alpha);
};

/** Poisson deviance with log link, e^f − y·f: g = e^f − y, h = e^f; predictions e^f. */
export const poisson = (): Objective =>
  pointwise('poisson', 'poisson-nloglik', (y, f) => Math.exp(f) - y * f, (y, f) => Math.exp(f) - y,
    (_y, f) => Math.exp(f),
    (y, w) => {
      const m = weightedMean(y, w);
      if (!(m > 0)) throw new Error(`boost: poisson needs a positive mean target, got ${m}`);
      return Math.log(m);
    }, Math.exp);

/** Log loss of p = σ(f): −y log p − (1 − y) log(1 − p); g = p − y, h = p(1 − p). */
export const binaryLogistic = (): Objective => ({
  ...binaryPointwise(),
  // the hot loop, written out so σ(f) is computed once per row
  gradients(y, raw, w, gh) {
    const out = gh[0];
    for (let i = 0; i < y.length; i++) {
      const p = 1 / (1 + Math.exp(-raw[i]));
      const wi = w === null ? 1 : w[i];
      out[2 * i] = (p - y[i]) * wi;
      out[2 * i + 1] = Math.max(p * (1 - p), 1e-16) * wi;
    }
  },
});

const binaryPointwise = (): Objective =>
  pointwise('binary', 'logloss',
    (y, f) => Math.max(f, 0) - f * y + Math.log1p(Math.exp(-Math.abs(f))), // stable log(1 + eᶠ) − y·f
    (y, f) => sigmoid(f) - y,
    (_y, f) => {
      const p = sigmoid(f);
      return Math.max(p * (1 - p), 1e-16);
    },
    (y, w) => {
      const m = weightedMean(y, w);
      if (!(m > 0 && m < 1)) throw new Error(`boost: binary objective needs both classes in the target`);
      return Math.log(m / (1 - m));
    }, sigmoid);

/**
 * Softmax cross-entropy over K outputs: g_k = p_k − [y = k], h_k = 2·p_k(1 − p_k), twice the
 * Hessian's diagonal as in XGBoost: the diagonal alone ignores the coupling between classes and
 * overshoots (MNIST 10k split, 100 rounds, depth 6, η 0.3: 93.90% test accuracy with p(1 − p), 94.65% with 2p(1 − p)).
 */
export function softmax(nClasses: number): Objective {
  const K = nClasses;
  const probs = (raw: Float64Array, i: number, p: Float64Array) => {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, raw[i * K + k]);
    let s = 0;
    for (let k = 0; k < K; k++) s += p[k] = Math.exp(raw[i * K + k] - max); // shift by the max: no overflow
    for (let k = 0; k < K; k++) p[k] /= s;
  };
  return {
    name: 'multiclass',
    outputs: K,
    defaultMetric: 'mlogloss',
    baseScore(y, w) {
      // log class priors, centred: the best constant model
      const c = new Float64Array(K);
      for (let i = 0; i < y.length; i++) c[y[i]] += wt(w, i);
      const logs = Array.from(c, (x) => Math.log(Math.max(x, 1e-12)));
      const mean = logs.reduce((a, b) => a + b, 0) / K;
      return logs.map((l) => l - mean);
    },
    gradients(y, raw, w, gh) {
      const p = new Float64Array(K);
      for (let i = 0; i < y.length; i++) {
        probs(raw, i, p);
        const wi = wt(w, i);
        for (let k = 0; k < K; k++) {
          gh[k][2 * i] = (p[k] - (y[i] === k ? 1 : 0)) * wi;
          gh[k][2 * i + 1] = Math.max(2 * p[k] * (1 - p[k]), 1e-16) * wi;
        }
      }
    },
    transform(raw) {
      const out = new Float64Array(raw.length);
      const p = new Float64Array(K);
      for (let i = 0; i < raw.length / K; i++) {
        probs(raw, i, p);
        out.set(p, i * K);
      }
      return out;
    },
    loss(y, raw, w) {
      const p = new Float64Array(K);
      let s = 0;
      for (let i = 0; i < y.length; i++) {
        probs(raw, i, p);
        s -= Math.log(p[y[i]]) * wt(w, i);
      }
      return s;
    },
  };
}

/** A pair's weight: the mean of its rows' weights, so a per-query weight applies as is (as XGBoost's group weights). */
const pairWeight = (w: Float64Array | null, i: number, j: number) => (w === null ? 1 : (w[i] + w[j]) / 2);

/** Discount of rank r (0-based): 1 / log₂(r + 2), tabulated for the first ranks. */
const discounts = Float64Array.from({ length: 1024 }, (_, r) => 1 / Math.log2(r + 2));
const discount = (r: number) => (r < 1024 ? discounts[r] : 1 / Math.log2(r + 2));

/**
 * LambdaRank for NDCG (Burges 2010): within each query group, every pair with relᵢ > relⱼ adds
 * λ = σ·ρ·|ΔNDCG| with ρ = 1/(1 + e^{σ(sᵢ − sⱼ)}), ΔNDCG the change from swapping the two in the
 * current ranking and gain 2^rel − 1; g_i −= λ, g_j += λ, h += σ²ρ(1 − ρ)|ΔNDCG| for both. This is
 * the gradient of Σ |ΔNDCG|·log(1 + e^{−σ(sᵢ − sⱼ)}) with |ΔNDCG| held at the current ranking.
 * With a truncation level T, only pairs with one item in the current top T count.
 */
export function lambdaRank(sigma = 1, truncation = Infinity): Objective {
  const pairs = (
    y: Float64Array, raw: Float64Array, group: Int32Array | null,
    visit: (i: number, j: number, delta: number, diff: number) => void,
  ) => {
    if (group === null) throw new Error('boost: lambdarank needs query groups (fit(X, y, { group }))');
    let start = 0;
    for (let q = 0; q < group.length; q++) {
      const m = group[q];
      const items = Array.from({ length: m }, (_, t) => start + t).sort((a, b) => raw[b] - raw[a] || a - b);
      const gain = Float64Array.from({ length: m }, (_, t) => 2 ** y[start + t] - 1);
      const ideal = gain.slice().sort().reverse();
      let idcg = 0;
      for (let r = 0; r < m; r++) idcg += ideal[r] * discount(r);
      if (idcg > 0) {
        // pairs with at least one item in the current top `truncation` (LightGBM's truncation level):
        // swaps further down barely move NDCG, and this keeps a round O(m·truncation) per query
        const top = Math.min(m, truncation);
        for (let a = 0; a < top; a++) {
          const i = items[a];
          for (let b = a + 1; b < m; b++) {
            const j = items[b];
            if (y[i] === y[j]) continue;
            const delta = Math.abs((gain[i - start] - gain[j - start]) * (discount(a) - discount(b))) / idcg;
            if (y[i] > y[j]) visit(i, j, delta, raw[i] - raw[j]);
            else visit(j, i, delta, raw[j] - raw[i]);
          }
        }
      }
      start += m;
    }
    if (start !== y.length) throw new Error(`boost: group sizes sum to ${start}, expected ${y.length} rows`);
  };
  return {
    name: 'lambdarank',
    outputs: 1,
    defaultMetric: 'ndcg@10',
    baseScore: () => [0],
    gradients(y, raw, w, gh, group) {
      const out = gh[0];
      out.fill(0);
      pairs(y, raw, group, (i, j, delta, diff) => {
        const rho = 1 / (1 + Math.exp(sigma * diff));
        const pw = pairWeight(w, i, j);
        const lambda = sigma * rho * delta * pw;
        const hess = sigma * sigma * rho * (1 - rho) * delta * pw;
        out[2 * i] -= lambda;
        out[2 * j] += lambda;
        out[2 * i + 1] += hess;
        out[2 * j + 1] += hess;
      });
      for (let i = 0; i < y.length; i++) out[2 * i + 1] = Math.max(out[2 * i + 1], 1e-16);
    },
    transform: (raw) => raw.slice(),
    loss(y, raw, w, group) {
      let s = 0;
      pairs(y, raw, group, (i, j, delta, diff) => (s += pairWeight(w, i, j) * delta * Math.log1p(Math.exp(-sigma * diff))));
      return s;
    },
  };
}

/** Wraps a user objective; its loss is unknown, so loss() returns NaN. */
export function customObjective(c: CustomObjective): Objective {
  const K = c.outputs ?? 1;
  return {
    name: 'custom',
    outputs: K,
    defaultMetric: K > 1 ? 'mlogloss' : 'rmse',
    baseScore: () => new Array<number>(K).fill(c.baseScore ?? 0),
    gradients(y, raw, w, gh) {
      const { grad, hess } = c.gradient(y, raw);
      if (grad.length !== raw.length || hess.length !== raw.length)
        throw new Error(`boost: custom objective returned ${grad.length} gradients and ${hess.length} hessians, expected ${raw.length}`);
      const n = raw.length / K;
      for (let i = 0; i < n; i++)
        for (let k = 0; k < K; k++) {
          gh[k][2 * i] = grad[i * K + k] * wt(w, i);
          gh[k][2 * i + 1] = hess[i * K + k] * wt(w, i);
        }
    },
    transform: (raw) => (c.transform ? c.transform(raw) : raw.slice()),
    loss: () => NaN,
  };
}

/** Objective names: Perceptio's, with XGBoost's and LightGBM's as aliases. */
const aliases: Record<string, string> = {
  squarederror: 'squarederror', 'reg:squarederror': 'squarederror', regression: 'squarederror', l2: 'squarederror',
  squared_error: 'squarederror', mse: 'squarederror',
  absoluteerror: 'absoluteerror', 'reg:absoluteerror': 'absoluteerror', l1: 'absoluteerror', mae: 'absoluteerror',
  absolute_error: 'absoluteerror', regression_l1: 'absoluteerror',
  huber: 'huber', 'reg:pseudohubererror': 'huber',
  quantile: 'quantile', 'reg:quantileerror': 'quantile',
  poisson: 'poisson', 'count:poisson': 'poisson',
  binary: 'binary', 'binary:logistic': 'binary', logistic: 'binary', log_loss: 'binary',
  multiclass: 'multiclass', 'multi:softprob': 'multiclass', 'multi:softmax': 'multiclass', softmax: 'multiclass',
  lambdarank: 'lambdarank', 'rank:ndcg': 'lambdarank',
};

/** Canonical objective name, or a clear error listing the known ones. */
export function objectiveName(name: string): string {
  const n = aliases[name];
  if (!n) throw new Error(`boost: unknown objective '${name}' (known: ${[...new Set(Object.values(aliases))].join(', ')})`);
  return n;
}

/** Builds an objective by name with its parameters. */
export function makeObjective(
  name: string,
  { numClass = 0, huberDelta = 1, quantileAlpha = 0.5, sigma = 1, lambdarankTruncation = 30 } = {},
): Objective {
  switch (objectiveName(name)) {
    case 'squarederror': return squaredError();
    case 'absoluteerror': return absoluteError();
    case 'huber': return huber(huberDelta);
    case 'quantile': return quantile(quantileAlpha);
    case 'poisson': return poisson();
    case 'binary': return binaryLogistic();
    case 'multiclass':
      if (!(numClass >= 2)) throw new Error(`boost: multiclass needs numClass ≥ 2, got ${numClass}`);
      return softmax(numClass);
    default: return lambdaRank(sigma, lambdarankTruncation);
  }
}
