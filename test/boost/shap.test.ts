import { expect, test } from 'vitest';
import { mulberry32, train, type Tree } from '../../src/boost/index.js';
import { expectedValue } from '../../src/boost/shap.js';

const rng = mulberry32(11);
const n = 300;
const X = Array.from({ length: n }, () => [rng() * 4, rng() < 0.1 ? NaN : rng() * 4, Math.floor(rng() * 6), rng()]);
const y = X.map(([a, b, c, d]) => (a > 2 ? 1 : 0) + (Number.isNaN(b) ? 0.5 : b * 0.3) + (c % 2) - d * d);

test('SHAP values of every row sum to its raw prediction (additivity)', () => {
  const b = train({ nEstimators: 30, maxDepth: 4, learningRate: 0.3, categoricalFeatures: [2] }, { X, y });
  const rows = X.slice(0, 40);
  const phi = b.shap(rows);
  const raw = b.predictRaw(rows);
  const F = 4;
  const sums = rows.map((_, r) => phi.subarray(r * (F + 1), (r + 1) * (F + 1)).reduce((s, v) => s + v, 0));
  expect(sums).toBeAllClose(raw, { rtol: 1e-10, atol: 1e-10 });
  // the expected value is the same for every row and is the base score plus the trees' means
  const expected = b.info.baseScore[0] + b.trees.reduce((s, t) => s + expectedValue(t), 0);
  for (let r = 0; r < rows.length; r++) expect(phi[r * (F + 1) + F]).toBeCloseTo(expected, 10);
});

test('multiclass: additivity per class', () => {
  const yc = X.map(([a, , c]) => (a > 2 ? 1 : 0) + (c > 3 ? 1 : 0));
  const b = train({ objective: 'multiclass', numClass: 3, nEstimators: 10, maxDepth: 3, categoricalFeatures: [2] }, { X, y: yc });
  const rows = X.slice(0, 10);
  const phi = b.shap(rows);
  const raw = b.predictRaw(rows);
  const sums = Array.from({ length: 30 }, (_, i) => phi.subarray(i * 5, i * 5 + 5).reduce((s, v) => s + v, 0));
  expect(sums).toBeAllClose(raw, { rtol: 1e-10, atol: 1e-10 });
});

/**
 * Shapley values by their definition: φᵢ = Σ_S |S|!(M − |S| − 1)!/M! · (v(S ∪ i) − v(S)), with
 * v(S) the tree's output when the features outside S are integrated out along cover weights.
 */
function bruteForceShap(tree: Tree, x: number[], M: number): number[] {
  const v = (S: Set<number>, node = 0): number => {
    if (tree.left[node] < 0) return tree.value[node];
    const f = tree.feature[node];
    if (S.has(f)) return v(S, tree.goesLeft(node, x[f]) ? tree.left[node] : tree.right[node]);
    const l = tree.left[node];
    const r = tree.right[node];
    return (tree.cover[l] * v(S, l) + tree.cover[r] * v(S, r)) / tree.cover[node];
  };
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const phi = new Array<number>(M).fill(0);
  for (let mask = 0; mask < 1 << M; mask++) {
    const S = new Set(Array.from({ length: M }, (_, i) => i).filter((i) => mask & (1 << i)));
    for (let i = 0; i < M; i++) {
      if (S.has(i)) continue;
      const weight = (fact(S.size) * fact(M - S.size - 1)) / fact(M);
      phi[i] += weight * (v(new Set([...S, i])) - v(S));
    }
  }
  return phi;
}

test('TreeSHAP equals the Shapley values computed from their definition', () => {
  // depth 5 so features repeat along paths (the unwinding case of the algorithm)
  const b = train({ nEstimators: 1, maxDepth: 5, learningRate: 1, categoricalFeatures: [2] }, { X, y });
  const tree = b.trees[0];
  for (const x of X.slice(0, 8)) {
    const phi = b.shap([x]);
    expect(Array.from(phi.subarray(0, 4))).toBeAllClose(bruteForceShap(tree, x, 4), { rtol: 1e-9, atol: 1e-12 });
  }
});
