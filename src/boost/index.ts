/**
 * perceptio/boost: histogram gradient-boosted decision trees.
 *
 * Feature matrices (`MatrixInput`) are passed either as rows, `number[][]` (NaN, null or undefined
 * for a missing value), or as a flat row-major typed array with its shape,
 * `{ data: Float32Array | Float64Array, rows, cols }`, where element (r, c) is data[r·cols + c]; the
 * flat form is not copied. Categorical columns hold non-negative integer codes and are named in
 * `categoricalFeatures`. Predictions come back as Float64Array, row-major [rows, outputs] when a
 * model has several outputs (multiclass).
 *
 *   const clf = new GradientBoostingClassifier({ nEstimators: 200, maxDepth: 6 }).fit(X, y);
 *   const ranker = new GradientBoostingRanker({ nEstimators: 100 }).fit(X, y, { group: [10, 8] });
 *   const booster = train({ objective: 'binary:logistic', eta: 0.1 }, { X, y }); // XGBoost-style
 */
export { train, mulberry32, type DataSet, type EvalSet, type TrainOptions, type IterationInfo } from './gbm.js';
export { Booster, type BoosterInfo, type BoosterJSON, type ImportanceType } from './booster.js';
export {
  GradientBoostingClassifier, GradientBoostingRegressor, GradientBoostingRanker, type EstimatorOptions,
  type FitOptions,
} from './estimators.js';
export { normalizeParams, defaultParams, type BoostParams } from './params.js';
export { makeObjective, type Objective, type CustomObjective } from './objectives.js';
export { evalMetric, type EvalMetric } from './eval.js';
export { toMatrix, type Matrix, type MatrixInput } from './matrix.js';
export { Tree, type TreeData } from './tree.js';
export {
  fitSchema, encodeFeatures, encodeTarget, categoricalIndices, missingMarkers, type TableSchema, type ColumnSpec,
} from './tabular.js';
export { importanceSvg } from './importance-svg.js';
