import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { readCsv } from '../../src/data/csv.js';
import { evaluate } from '../../src/text/evaluate.js';
import { TextClassifier } from '../../src/text/pipeline.js';
import { sharedData } from '../helpers/data.js';

// Acceptance targets of issue 7 on the real data sets (../shared/data); docs/text.md has the
// table of other settings, bench/text.ts the comparison with scikit-learn.

test('SST-2: TF-IDF word 1–2-grams + linear SVM reach ≥ 82% dev accuracy', () => {
  const load = (file: string) => {
    // GLUE format: "sentence<TAB>label", no quoting (see sst2/README.md)
    const rows = readFileSync(sharedData('sst2', file), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
    return { texts: rows.map((r) => r[0]), labels: rows.map((r) => r[1]) };
  };
  const train = load('train.tsv');
  const dev = load('dev.tsv');
  const clf = new TextClassifier({
    analyzer: { ngram: [1, 2] },
    vectorizer: { kind: 'tfidf', sublinearTf: true },
    model: { kind: 'svm', C: 0.5 },
  }).fit(train.texts, train.labels);
  const e = evaluate(dev.labels, clf.predict(dev.texts));
  expect(e.accuracy).toBeGreaterThanOrEqual(0.82); // measured 0.822
});

test('RuSentiment: 5 classes, stemmed word 1–2-grams + linear SVM reach weighted F1 ≥ 0.68', () => {
  const load = (file: string) => {
    const csv = readCsv(sharedData('rusentiment', file)); // label,text with quoted multi-line texts
    return { texts: csv.rows.map((r) => r[1]), labels: csv.rows.map((r) => r[0]) };
  };
  const random = load('rusentiment_random_posts.csv');
  const preselected = load('rusentiment_preselected_posts.csv');
  const testSet = load('rusentiment_test.csv');
  const clf = new TextClassifier({
    analyzer: { ngram: [1, 2], stem: true },
    vectorizer: { kind: 'tfidf', sublinearTf: true, minDf: 2 },
    model: { kind: 'svm', C: 0.3 },
  }).fit([...random.texts, ...preselected.texts], [...random.labels, ...preselected.labels]);
  const e = evaluate(testSet.labels, clf.predict(testSet.texts));
  expect(clf.classes).toEqual(['negative', 'neutral', 'positive', 'skip', 'speech']);
  expect(e.weightedF1).toBeGreaterThanOrEqual(0.68); // measured 0.702
});
