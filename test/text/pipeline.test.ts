import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { sharedData } from '../helpers/data.js';
import { crossValidate, evaluate, gridSearch, stratifiedFolds } from '../../src/text/evaluate.js';
import { explain, topFeatures } from '../../src/text/explain.js';
import { TextClassifier, type TextClassifierOptions } from '../../src/text/pipeline.js';
import { readLabelledTexts } from '../../src/text/read.js';

// UCI Sentiment Labelled Sentences: 1,000 Yelp and 1,000 Amazon reviews, "text<TAB>0|1" per line
const yelp = readLabelledTexts(sharedData('sentiment-sentences', 'yelp_labelled.txt'));
const amazon = readLabelledTexts(sharedData('sentiment-sentences', 'amazon_cells_labelled.txt'));
const dir = mkdtempSync(join(tmpdir(), 'perceptio-text-'));

describe('TextClassifier', () => {
  const configs: [string, TextClassifierOptions][] = [
    ['tfidf + logistic', { analyzer: { ngram: [1, 2] }, model: { kind: 'logistic', C: 10 } }],
    ['tfidf + L1 logistic', { model: { kind: 'logistic', C: 20, penalty: 'l1' } }],
    ['count + svm, stems, negation', { analyzer: { stem: true, negation: true }, vectorizer: { kind: 'count' }, model: { kind: 'svm', C: 0.1 } }],
    ['binary + nb, chi2', { vectorizer: { kind: 'binary' }, chi2: 500, model: { kind: 'nb' } }],
    ['count + cnb', { vectorizer: { kind: 'count' }, model: { kind: 'cnb' } }],
    ['nbsvm, char n-grams', { analyzer: { ngram: [1, 2], charNgram: [2, 4] }, vectorizer: { kind: 'binary' }, model: { kind: 'nbsvm' } }],
    ['hashing + logistic', { vectorizer: { kind: 'hashing', nFeatures: 1 << 16 }, model: { kind: 'logistic', C: 10 } }],
  ];
  test.each(configs)('%s: trained on Yelp, ≥ 70%% on Amazon; JSON round trip predicts identically', (name, options) => {
    const clf = new TextClassifier(options).fit(yelp.texts, yelp.labels);
    const predicted = clf.predict(amazon.texts);
    expect(evaluate(amazon.labels, predicted).accuracy).toBeGreaterThanOrEqual(0.7);
    const path = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    clf.save(path);
    const loaded = TextClassifier.load(path);
    expect(loaded.predict(amazon.texts)).toEqual(predicted);
    expect(loaded.predictProba(amazon.texts.slice(0, 20))).toEqual(clf.predictProba(amazon.texts.slice(0, 20)));
    expect(JSON.parse(readFileSync(path, 'utf8')).format).toBe('perceptio-text-classifier');
  });

  test('labels are strings; a single class is an error', () => {
    const clf = new TextClassifier().fit(['good', 'bad', 'great', 'awful'], ['pos', 'neg', 'pos', 'neg']);
    expect(clf.classes).toEqual(['neg', 'pos']);
    expect(clf.predict(['good great'])).toEqual(['pos']);
    expect(() => new TextClassifier().fit(['a', 'b'], ['x', 'x'])).toThrow(/at least 2 classes/);
    expect(() => TextClassifier.fromJSON({ format: 'other' } as never)).toThrow(/not a saved text classifier/);
  });
});

describe('explanations', () => {
  const clf = new TextClassifier({ analyzer: { ngram: [1, 2] }, model: { kind: 'logistic', C: 10 } }).fit(yelp.texts, yelp.labels);
  test('top features of each class', () => {
    const top = topFeatures(clf, 15);
    expect(top['1'].map((f) => f.feature)).toContain('great');
    expect(top['0'].map((f) => f.feature)).toContain('not');
    expect(top['1'][0].weight).toBeGreaterThan(top['1'][14].weight);
  });
  test('token contributions add up to score − bias', () => {
    const e = explain(clf, 'The food was great but the service was terribly slow.');
    const sum = e.tokens.reduce((s, t) => s + t.contribution, 0);
    expect(sum).toBeCloseTo(e.scores[e.label] - e.bias, 10);
    const great = e.tokens.find((t) => t.token === 'great')!;
    const slow = e.tokens.find((t) => t.token === 'slow')!;
    expect(Math.sign(great.contribution)).not.toBe(Math.sign(slow.contribution));
  });
});

describe('evaluation', () => {
  test('metrics by hand', () => {
    // true a a b b c, predicted a b b b a: P(a) = 1/2, R(a) = 1/2; P(b) = 2/3, R(b) = 1; c: 0
    const e = evaluate(['a', 'a', 'b', 'b', 'c'], ['a', 'b', 'b', 'b', 'a']);
    expect(e.accuracy).toBeCloseTo(0.6, 12);
    expect(e.perClass.b.f1).toBeCloseTo(0.8, 12);
    expect(e.macroF1).toBeCloseTo((0.5 + 0.8 + 0) / 3, 12);
    expect(e.weightedF1).toBeCloseTo((2 * 0.5 + 2 * 0.8) / 5, 12);
    expect(e.confusion).toEqual([[1, 1, 0], [0, 2, 0], [1, 0, 0]]);
  });
  test('stratified folds partition the data and keep class shares', () => {
    const labels = [...Array(30).fill('x'), ...Array(12).fill('y')];
    const folds = stratifiedFolds(labels, 3, 1);
    expect(folds.flat().sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    for (const f of folds) expect(f.filter((i) => labels[i] === 'y').length).toBe(4);
  });
  test('cross-validation and grid search', () => {
    const cv = crossValidate({ model: { kind: 'nb' } }, yelp.texts, yelp.labels, { folds: 3 });
    expect(cv.folds).toHaveLength(3);
    expect(cv.accuracy).toBeGreaterThan(0.7);
    const grid = gridSearch({ model: { kind: 'logistic' } }, { 'model.C': [0.01, 10], 'analyzer.stem': [false, true] }, yelp.texts, yelp.labels, { folds: 3 });
    expect(grid).toHaveLength(4);
    expect(grid[0].score).toBeGreaterThanOrEqual(grid[3].score);
    expect(grid[0].params['model.C']).toBe(10); // C = 0.01 barely moves from the prior
  });
});
