import type { Interactions } from './interactions.js';
import { HybridRecommender } from './hybrid.js';
import { ItemKnn, similarityGraph } from './knn.js';
import { recommend, type Recommender } from './recommender.js';

/** One recommended item with the reasons behind it. */
export interface Explained {
  item: string;
  title?: string;
  score: number;
  /** the user's own items most similar to this one (item–item cosine) */
  becauseOf: { item: string; title?: string; similarity: number }[];
  /** for the hybrid: the ranker's largest feature contributions (SHAP) */
  topFeatures?: { feature: string; value: number; contribution: number }[];
}

/** A per-user report: the user's history size and each recommendation with its reasons. */
export interface UserReport {
  user: string;
  known: boolean;
  history: number;
  recommendations: Explained[];
}

/**
 * What was recommended to a user and why: every item with its score, the nearest neighbours among
 * the user's history (from the model's own item–item graph when it has one, else cosine
 * similarities computed from train), and for the hybrid the top features of its ranker.
 * Example: explainUser(model, train, 0, 10, { titles }).recommendations[0].becauseOf
 */
export function explainUser(
  model: Recommender,
  train: Interactions,
  user: number,
  n: number,
  { titles, neighbours = 3, features = 3 }: { titles?: string[]; neighbours?: number; features?: number } = {},
): UserReport {
  const U = train.byUser();
  const graph = neighbourGraph(model, train);
  const scores = model.scoreItems(user, new Float64Array(train.nItems));
  const kept = Float64Array.from(scores);
  const items = recommend({ name: model.name, fit: () => model as never, scoreItems: (_u, out) => (out.set(kept), out) } as Recommender, train, user, n);
  const history = new Set<number>();
  if (user < U.rows) for (let e = U.indptr[user]; e < U.indptr[user + 1]; e++) history.add(U.indices[e]);
  const title = (i: number) => (titles?.[i] ? titles[i] : undefined);
  const recommendations = Array.from(items, (i): Explained => {
    const because: { item: string; title?: string; similarity: number }[] = [];
    for (let q = graph.indptr[i]; q < graph.indptr[i + 1]; q++) {
      const j = graph.indices[q];
      if (history.has(j)) because.push({ item: train.items.id(j), title: title(j), similarity: graph.sims[q] });
      if (because.length === neighbours) break;
    }
    const out: Explained = { item: train.items.id(i), title: title(i), score: scores[i], becauseOf: because };
    if (model instanceof HybridRecommender) out.topFeatures = model.explain(user, i).slice(0, features);
    return out;
  });
  return { user: user < train.users.size ? train.users.id(user) : String(user), known: history.size > 0, history: history.size, recommendations };
}

const graphs = new WeakMap<Interactions, ReturnType<typeof similarityGraph>>();

/** Item–item neighbour lists: the model's own, or implicit cosine on train (cached per dataset). */
function neighbourGraph(model: Recommender, train: Interactions) {
  if (model instanceof ItemKnn) return model.graph;
  if (model instanceof HybridRecommender) return model.features.models.knn.graph;
  let g = graphs.get(train);
  if (!g) {
    const E = train.byItem();
    const O = train.byUser();
    g = similarityGraph(E, O, new Float64Array(E.indices.length).fill(1), new Float64Array(O.indices.length).fill(1), { keep: 100 });
    graphs.set(train, g);
  }
  return g;
}
