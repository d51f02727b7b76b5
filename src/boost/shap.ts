import type { Tree } from './tree.js';

/**
 * Exact TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2), as in XGBoost's TreeShap: a walk that
 * keeps, along the path to each leaf, the proportion of all feature subsets that reach it, so the
 * Shapley values come in O(leaves · depth²) instead of O(2^features). The expected value is the
 * cover-weighted mean of the leaves; attributions plus it equal the tree's output for the row.
 */

/** The unique path: feature, fraction of "zero" (feature unknown) and "one" paths, and subset weight. */
interface Path {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  weight: Float64Array;
}

function extendPath(p: Path, at: number, depth: number, zero: number, one: number, feature: number): void {
  p.feature[at + depth] = feature;
  p.zero[at + depth] = zero;
  p.one[at + depth] = one;
  p.weight[at + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    p.weight[at + i + 1] += (one * p.weight[at + i] * (i + 1)) / (depth + 1);
    p.weight[at + i] = (zero * p.weight[at + i] * (depth - i)) / (depth + 1);
  }
}

function unwindPath(p: Path, at: number, depth: number, index: number): void {
  const one = p.one[at + index];
  const zero = p.zero[at + index];
  let next = p.weight[at + depth];
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = p.weight[at + i];
      p.weight[at + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - (p.weight[at + i] * zero * (depth - i)) / (depth + 1);
    } else {
      p.weight[at + i] = (p.weight[at + i] * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    p.feature[at + i] = p.feature[at + i + 1];
    p.zero[at + i] = p.zero[at + i + 1];
    p.one[at + i] = p.one[at + i + 1];
  }
}

/** Total subset weight of the path with element `index` removed. */
function unwoundPathSum(p: Path, at: number, depth: number, index: number): number {
  const one = p.one[at + index];
  const zero = p.zero[at + index];
  let next = p.weight[at + depth];
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (next * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      next = p.weight[at + i] - (tmp * zero * (depth - i)) / (depth + 1);
    } else if (zero !== 0) {
      total += p.weight[at + i] / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

/** Cover-weighted mean output of the subtree at node: the tree's expected value at the root. */
export function expectedValue(tree: Tree, node = 0): number {
  if (tree.left[node] < 0) return tree.value[node];
  const l = tree.left[node];
  const r = tree.right[node];
  const cl = tree.cover[l];
  const cr = tree.cover[r];
  if (cl + cr <= 0) return tree.value[node];
  return (cl * expectedValue(tree, l) + cr * expectedValue(tree, r)) / (cl + cr);
}

/** Adds one tree's SHAP values for the row x to phi[0..F) and its expected value to phi[F]. */
export function treeShap(tree: Tree, x: ArrayLike<number>, phi: Float64Array): void {
  const F = phi.length - 1;
  phi[F] += expectedValue(tree);
  if (tree.left[0] < 0) return;
  const maxd = tree.depth() + 2;
  const size = ((maxd + 1) * (maxd + 2)) / 2;
  const p: Path = {
    feature: new Int32Array(size), zero: new Float64Array(size), one: new Float64Array(size),
    weight: new Float64Array(size),
  };
  const recurse = (node: number, parentAt: number, at: number, depth: number, zero: number, one: number,
    feature: number) => {
    // each level works on its own copy of the path, so siblings do not see each other's changes
    if (at !== parentAt) {
      p.feature.copyWithin(at, parentAt, parentAt + depth);
      p.zero.copyWithin(at, parentAt, parentAt + depth);
      p.one.copyWithin(at, parentAt, parentAt + depth);
      p.weight.copyWithin(at, parentAt, parentAt + depth);
    }
    extendPath(p, at, depth, zero, one, feature);
    if (tree.left[node] < 0) {
      const v = tree.value[node];
      for (let i = 1; i <= depth; i++) {
        const w = unwoundPathSum(p, at, depth, i);
        phi[p.feature[at + i]] += w * (p.one[at + i] - p.zero[at + i]) * v;
      }
      return;
    }
    const f = tree.feature[node];
    const goLeft = tree.goesLeft(node, x[f]);
    const hot = goLeft ? tree.left[node] : tree.right[node];
    const cold = goLeft ? tree.right[node] : tree.left[node];
    const cover = tree.cover[node];
    const hotZero = cover > 0 ? tree.cover[hot] / cover : 0;
    const coldZero = cover > 0 ? tree.cover[cold] / cover : 0;
    let inZero = 1;
    let inOne = 1;
    // a feature seen higher on the path is unwound first, so it counts once
    let k = 0;
    while (k <= depth && p.feature[at + k] !== f) k++;
    if (k <= depth) {
      inZero = p.zero[at + k];
      inOne = p.one[at + k];
      unwindPath(p, at, depth, k);
      depth--;
    }
    const next = at + depth + 1;
    recurse(hot, at, next, depth + 1, hotZero * inZero, inOne, f);
    recurse(cold, at, next, depth + 1, coldZero * inZero, 0, f);
  };
  recurse(0, 0, 0, 0, 1, 1, -1);
}
