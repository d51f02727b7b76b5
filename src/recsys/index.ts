/**
 * perceptio/recsys: recommender systems on sparse interaction matrices.
 *
 *   const { train, test } = loadMovieLensFold('ml-100k', 1);
 *   const ease = new Ease({ lambda: 500 }).fit(train);
 *   evaluateRanking(ease, train, test, { k: 10 }).ndcg;
 */
export { IdMap } from './ids.js';
export { Interactions, type Triple } from './interactions.js';
export { csrFromCoo, transpose, hasEntry, rowLength, type Csr } from './csr.js';
export { readTriples, loadInteractions, loadMovieLensFold, loadItemTitles, resolveDataset, type LoadOptions, type ColumnSpec } from './movielens.js';
export { describeData, reportTable, reportSvg, gini, type DataReport } from './report.js';
export { randomSplit, perUserRandomSplit, leaveLastOut, temporalSplit, type Split } from './split.js';
export { topN, recommend, isRatingPredictor, type Recommender, type RatingPredictor } from './recommender.js';
export { GlobalMean, BaselineBiases, Popularity, type BiasOptions } from './baselines.js';
export { ItemKnn, UserKnn, similarityGraph, type KnnOptions, type Similarity } from './knn.js';
export { BiasedSvd, type SvdOptions } from './svd.js';
export { ImplicitAls, type AlsOptions } from './als.js';
export { Ease, type EaseOptions } from './ease.js';
export { cholesky, choleskySolve, spdInverse, gemm } from './linalg.js';
export { FeatureBuilder, featureNames, type FeatureModels } from './features.js';
export { HybridRecommender, type HybridOptions } from './hybrid.js';
export { rankingMetrics, evaluateRanking, evaluateRatings, relevantItems, type UserMetrics, type RankingReport, type RankingOptions } from './evaluate.js';
export { abTest, bootstrapDifference, permutationPValue, type AbTestOptions, type AbTestResult } from './abtest.js';
export { explainUser, type UserReport, type Explained } from './explain.js';
export { syntheticInteractions, type SyntheticOptions } from './synthetic.js';
export { saveModel, loadModel, modelFactories, type ModelName, type SavedModel } from './model-io.js';
export { Rng } from './random.js';
