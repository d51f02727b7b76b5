import type { ModelName } from './model-io.js';

/**
 * Settings tuned on MovieLens 100K (u1–u5 for ratings, u1 for top-10), used by the CLI, the bench
 * and the acceptance tests. Ranking models see interactions as implicit events; rating models
 * keep the values.
 */
export const rankingPresets: Partial<Record<ModelName, object>> = {
  popularity: {},
  itemknn: { implicit: true, neighbours: 100, similarity: 'cosine' },
  userknn: { implicit: true, k: 50, neighbours: 50, similarity: 'cosine' },
  als: { factors: 64, alpha: 5, reg: 50, iterations: 15, solver: 'cg', cgSteps: 3 },
  ease: { lambda: 500 },
  svd: { factors: 100, epochs: 60, lr: 0.005, reg: 0.1 },
  hybrid: {},
  baseline: {},
};

export const ratingPresets: Partial<Record<ModelName, object>> = {
  'global-mean': {},
  baseline: {},
  itemknn: { similarity: 'pearson-baseline', centring: 'baseline', k: 40, neighbours: 200, shrinkage: 100 },
  userknn: { similarity: 'pearson-baseline', centring: 'baseline', k: 40, neighbours: 200, shrinkage: 100 },
  svd: { factors: 100, epochs: 60, lr: 0.005, reg: 0.1 },
};
