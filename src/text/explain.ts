import type { TextClassifier } from './pipeline.js';

export interface FeatureWeight {
  feature: string;
  weight: number;
}

/**
 * Weight of feature j for class c: W[j, c], or ±W[j] for binary models (one output scored for
 * the second class, so the first class gets the negated weights).
 */
function classWeight(clf: TextClassifier, j: number, c: number): number {
  const m = clf.model.nOutputs;
  if (m === 1) return c === 1 ? clf.model.coef[j] : -clf.model.coef[j];
  return clf.model.coef[j * m + c];
}

/**
 * The k features with the largest weights for each class: what pushes a text towards it.
 * Example: topFeatures(clf, 10).positive // [{ feature: 'great', weight: 4.1 }, …]
 */
export function topFeatures(clf: TextClassifier, k = 20): Record<string, FeatureWeight[]> {
  const names = clf.featureNames();
  const out: Record<string, FeatureWeight[]> = {};
  clf.classes.forEach((label, c) => {
    const idx = Array.from({ length: clf.model.nFeatures }, (_, j) => j);
    idx.sort((a, b) => classWeight(clf, b, c) - classWeight(clf, a, c));
    out[label] = idx.slice(0, k).map((j) => ({ feature: names ? names[j] : `#${j}`, weight: classWeight(clf, j, c) }));
  });
  return out;
}

export interface Explanation {
  label: string;
  /** score of each class (bias included) */
  scores: Record<string, number>;
  /** bias of the predicted class */
  bias: number;
  /** each feature of the text: its value x_j and contribution x_j·W[j, label], strongest first */
  features: { feature: string; value: number; contribution: number }[];
  /** each word of the text (after normalization) with the share of feature contributions it carries */
  tokens: { token: string; contribution: number }[];
}

/**
 * Why a text got its label: score(label) = bias + Σ_j x_j·W[j, label]. Each feature's
 * contribution is split evenly over its occurrences and, for an n-gram, over the words it spans,
 * so the token contributions add up to score − bias.
 * Example: explain(clf, 'not a good film').tokens // [{ token: 'not', contribution: -0.8 }, …]
 */
export function explain(clf: TextClassifier, text: string): Explanation {
  const X = clf.transform([text]);
  const Z = clf.model.decisionFunction(X);
  const m = clf.model.nOutputs;
  const k = clf.classes.length;
  const scores = Array.from({ length: k }, (_, c) => (m === 1 ? (c === 1 ? Z[0] : -Z[0]) : Z[c]));
  let best = 0;
  for (let c = 1; c < k; c++) if (scores[c] > scores[best]) best = c;
  const bias = m === 1 ? (best === 1 ? clf.model.intercept[0] : -clf.model.intercept[0]) : clf.model.intercept[best];
  const binary = clf.model.binaryInput;
  const contribution = new Map<number, number>();
  const value = new Map<number, number>();
  for (let p = X.indptr[0]; p < X.indptr[1]; p++) {
    const j = X.indices[p];
    const x = binary ? 1 : X.data[p];
    value.set(j, x);
    contribution.set(j, x * classWeight(clf, j, best));
  }
  const analyzer = clf.vectorizer.analyzer;
  const { surface } = analyzer.words(text);
  const spans = analyzer.spans(text);
  const occurrences = new Map<number, number>();
  const cols = spans.map((s) => clf.column(s.term).column);
  for (const j of cols) if (j >= 0) occurrences.set(j, (occurrences.get(j) ?? 0) + 1);
  const tokenScore = new Float64Array(surface.length);
  const names = new Map<number, string>();
  spans.forEach((s, t) => {
    const j = cols[t];
    if (j < 0 || !contribution.has(j) || s.tokens.length === 0) return;
    names.set(j, s.term);
    const share = contribution.get(j)! / occurrences.get(j)! / s.tokens.length;
    for (const w of s.tokens) tokenScore[w] += share;
  });
  const features = [...contribution.entries()]
    .map(([j, c]) => ({ feature: names.get(j) ?? clf.featureNames()?.[j] ?? `#${j}`, value: value.get(j)!, contribution: c }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  return {
    label: clf.classes[best],
    scores: Object.fromEntries(clf.classes.map((c, i) => [c, scores[i]])),
    bias,
    features,
    tokens: surface.map((token, i) => ({ token, contribution: tokenScore[i] })),
  };
}
