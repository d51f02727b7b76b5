import { expect, test } from 'vitest';
import { adultCategorical, loadAdult } from '../../bench/boost-data.js';
import { GradientBoostingClassifier } from '../../src/boost/index.js';
import { accuracy, auc } from '../../src/train/metrics.js';

// Acceptance: UCI Adult (adult.data → adult.test) with native categorical features.
test('UCI Adult: test AUC ≥ 0.925 and accuracy ≥ 87%', () => {
  const { train, test: held } = loadAdult();
  const clf = new GradientBoostingClassifier({
    nEstimators: 300, learningRate: 0.1, maxDepth: 5, minChildWeight: 2, catSmooth: 20,
    categoricalFeatures: adultCategorical,
  }).fit(train.X, train.y);
  const p = clf.predictProba(held.X).filter((_, i) => i % 2 === 1);
  const a = auc(held.y, p);
  const acc = accuracy(held.y, clf.predict(held.X) as number[]);
  console.log(`adult: AUC ${a.toFixed(5)}, accuracy ${(acc * 100).toFixed(2)}%`);
  expect(a).toBeGreaterThanOrEqual(0.925);
  expect(acc).toBeGreaterThanOrEqual(0.87);
});
