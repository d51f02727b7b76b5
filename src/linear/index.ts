// perceptio/linear: the classic linear models of the lecture, scikit-learn style.
export { LinearRegression, type LinearRegressionOptions } from './linear-regression.js';
export { LogisticRegression, type LogisticRegressionOptions } from './logistic-regression.js';
export { landPriceData, landPriceExample, LAND_PRICE_WEIGHTS } from './land-price.js';
export { lstsq } from './solve.js';
export { minimize, type LbfgsOptions, type LbfgsResult } from './lbfgs.js';
export type { Matrix, Vector } from './common.js';
