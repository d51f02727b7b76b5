import { describe, expect, test } from 'vitest';
import {
  accuracy, auc, confusionMatrix, logLoss, mae, mapAtK, mapForScores, meanOverGroups, mse, ndcgAtK,
  ndcgForScores, precisionRecallF1, r2, rmse,
} from '../../src/train/metrics.js';

// 3 classes: reference values from scikit-learn 1.2 (confusion_matrix, precision_recall_fscore_support)
const yt = [0, 1, 2, 2, 1, 0, 2];
const yp = [0, 2, 2, 2, 1, 1, 0];

describe('classification', () => {
  test('accuracy counts agreements, for every array type', () => {
    expect(accuracy(yt, yp)).toBeCloseTo(4 / 7, 12);
    expect(accuracy(new Int32Array(yt), new Float64Array(yp))).toBeCloseTo(4 / 7, 12);
    expect(() => accuracy([1], [1, 2])).toThrow(/lengths differ: 1 vs 2/);
  });
  test('confusionMatrix has true classes as rows', () => {
    expect(confusionMatrix(yt, yp)).toEqual([[1, 1, 0], [0, 1, 1], [1, 0, 2]]);
    expect(confusionMatrix([0], [0], 3)).toEqual([[1, 0, 0], [0, 0, 0], [0, 0, 0]]);
    expect(() => confusionMatrix([0, 3], [0, 0], 2)).toThrow(/out of range/);
  });
  test('precision, recall and F1 per class and averaged', () => {
    const none = precisionRecallF1(yt, yp, { average: 'none' });
    expect(none.precision).toBeAllClose([0.5, 0.5, 2 / 3]);
    expect(none.recall).toBeAllClose([0.5, 0.5, 2 / 3]);
    expect(none.support).toEqual([2, 2, 3]);
    expect(precisionRecallF1(yt, yp, { average: 'macro' }).f1).toBeCloseTo(0.5555555555555555, 12);
    expect(precisionRecallF1(yt, yp, { average: 'weighted' }).f1).toBeCloseTo(0.5714285714285714, 12);
    // class 1 never predicted: precision 0 by the zero-division convention
    const binary = precisionRecallF1([0, 1, 1], [0, 0, 0], { average: 'none' });
    expect(binary.precision).toBeAllClose([1 / 3, 0]);
    expect(binary.f1).toBeAllClose([0.5, 0]);
  });
  test('logLoss, binary and multiclass (scikit-learn log_loss)', () => {
    expect(logLoss([1, 0, 1], [0.9, 0.2, 0.6])).toBeCloseTo(0.2797765635793423, 12);
    const p = [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.2, 0.5, 0.3]];
    expect(logLoss([0, 2, 1], p)).toBeCloseTo(0.5202159160882228, 12);
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 6); // clipped, not Infinity
  });
  test('auc uses average ranks for ties', () => {
    expect(auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
    // scikit-learn roc_auc_score: 0.6667; the three 0.4 scores tie across classes
    expect(auc([0, 0, 1, 1, 0, 1], new Float32Array([0.1, 0.4, 0.4, 0.8, 0.4, 0.2]))).toBeCloseTo(2 / 3, 12);
    expect(() => auc([1, 1], [0.1, 0.2])).toThrow(/both classes/);
  });
});

describe('regression', () => {
  test('mse, rmse, mae, r2', () => {
    const y = [3, -0.5, 2, 7];
    const f = [2.5, 0.0, 2, 8];
    expect(mse(y, f)).toBeCloseTo(0.375, 12); // (0.25 + 0.25 + 0 + 1) / 4
    expect(rmse(y, f)).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(mae(y, f)).toBeCloseTo(0.5, 12);
    expect(r2(y, f)).toBeCloseTo(0.9486081370449679, 12); // scikit-learn r2_score
    expect(r2([1, 1], [1, 1])).toBe(1);
  });
});

describe('ranking', () => {
  test('ndcgAtK with exponential gain', () => {
    // DCG = 7 + 3/log2 3 + 7/2 + 0 + 1/log2 6 + 3/log2 7; ideal order 3,3,2,2,1,0
    expect(ndcgAtK([3, 2, 3, 0, 1, 2], 6)).toBeCloseTo(0.9488107485678985, 12);
    expect(ndcgAtK([3, 2, 3, 0, 1, 2], 3)).toBeCloseTo(0.9594535145926796, 12);
    expect(ndcgAtK([0, 1], 2)).toBeCloseTo(1 / Math.log2(3), 12);
    expect(ndcgAtK([0, 0], 2)).toBe(1);
  });
  test('ndcgForScores ranks by descending score', () => {
    // order: item 1 (rel 0), item 2 (rel 1), item 0 (rel 3)
    expect(ndcgForScores([3, 0, 1], [0.1, 0.9, 0.5], 3)).toBeCloseTo(ndcgAtK([0, 1, 3], 3), 12);
  });
  test('mapAtK averages precision at each hit', () => {
    expect(mapAtK([1, 0, 1], 3)).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(mapAtK([0, 1, 0, 1], 2)).toBeCloseTo(0.5 / 2, 12); // one hit in the top 2, min(k, R) = 2
    expect(mapAtK([0, 0], 2)).toBe(0);
    expect(mapForScores([0, 1], [0.9, 0.1], 2)).toBeCloseTo(0.5, 12);
  });
  test('meanOverGroups averages a metric over consecutive queries', () => {
    const v = meanOverGroups([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.8], [2, 2], ndcgForScores, 10);
    expect(v).toBeCloseTo(1, 12);
    expect(() => meanOverGroups([1, 0], [1, 0], [1], ndcgForScores, 10)).toThrow(/sum to 1, expected 2/);
  });
});
