import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Analyzer } from '../../src/text/analyzer.js';
import { chi2, topK } from '../../src/text/chi2.js';
import { HashingVectorizer, murmurhash3 } from '../../src/text/hashing.js';
import { CsrMatrix } from '../../src/text/sparse.js';
import { TfidfTransformer, TfidfVectorizer } from '../../src/text/tfidf.js';
import { CountVectorizer } from '../../src/text/vectorize.js';

const ref = JSON.parse(readFileSync(new URL('./reference.json', import.meta.url), 'utf8'));
const dense = (X: CsrMatrix) => X.toDense().map((r) => Array.from(r));

describe('Analyzer', () => {
  test('word n-grams', () => {
    expect(new Analyzer({ ngram: [1, 2] }).terms('Not bad at all')).toEqual([
      'not', 'bad', 'at', 'all', 'not bad', 'bad at', 'at all',
    ]);
  });
  test('char n-grams within word boundaries, as scikit-learn char_wb', () => {
    expect(new Analyzer({ ngram: null, charNgram: [2, 3] }).terms('Ой да')).toEqual([
      'c: о', 'c:ой', 'c:й ', 'c: ой', 'c:ой ', 'c: д', 'c:да', 'c:а ', 'c: да', 'c:да ',
    ]);
  });
  test('char n-grams across words', () => {
    expect(new Analyzer({ ngram: null, charNgram: [3, 3], charMode: 'char' }).terms('ab cd')).toEqual([
      'c:ab ', 'c:b c', 'c: cd',
    ]);
  });
  test('stemming, stop words and negation', () => {
    const a = new Analyzer({ stem: true, stopWords: true, negation: true });
    expect(a.terms('The films were not amusing. Фильмы не понравились')).toEqual([
      'film', 'not', 'NOT_amus', 'фильм', 'не', 'NOT_понрав',
    ]);
  });
  test('spans name the words each term covers', () => {
    expect(new Analyzer({ ngram: [2, 2] }).spans('a b c')).toEqual([
      { term: 'a b', tokens: [0, 1] },
      { term: 'b c', tokens: [1, 2] },
    ]);
  });
});

describe('CountVectorizer', () => {
  test('counts by hand', () => {
    const v = new CountVectorizer();
    expect(dense(v.fitTransform(['a b a', 'b c']))).toEqual([[2, 1, 0], [0, 1, 1]]);
    expect(v.terms).toEqual(['a', 'b', 'c']);
    expect(dense(v.transform(['c c z a']))).toEqual([[1, 0, 2]]); // z is unknown
  });
  test('binary, minDf, maxDf, maxFeatures', () => {
    const docs = ['a a b', 'a c', 'a b d', 'e'];
    expect(dense(new CountVectorizer({}, { binary: true }).fitTransform(['a a b']))).toEqual([[1, 1]]);
    const v = new CountVectorizer({}, { minDf: 2, maxDf: 0.7 }); // a is in 3/4 docs > 0.7
    v.fit(docs);
    expect(v.terms).toEqual(['b']);
    const top = new CountVectorizer({}, { maxFeatures: 2 });
    top.fit(docs);
    expect(top.terms).toEqual(['a', 'b']); // a: 4 occurrences, b: 2
    expect(() => new CountVectorizer({}, { minDf: 5 }).fit(docs)).toThrow(/no terms left after minDf=5/);
  });
  test('the n-gram trie counts exactly the analyzer terms (1–3-grams, char n-grams), also after a JSON round trip', () => {
    const docs = ['a b a b a', 'b a c, c a b!', 'c c c d', 'Ёж ёж у ежа'];
    const test = ['a b a c', 'd c c c a b', 'ежик ёж'];
    const options = { ngram: [1, 3] as [number, number], charNgram: [2, 3] as [number, number] };
    const v = new CountVectorizer(options);
    v.fit(docs);
    const analyzer = new Analyzer(options);
    const expected = test.map((t) => {
      const row = new Array<number>(v.terms.length).fill(0);
      for (const term of analyzer.terms(t)) if (v.vocabulary.has(term)) row[v.vocabulary.get(term)!]++;
      return row;
    });
    expect(dense(v.transform(test))).toEqual(expected);
    expect(dense(CountVectorizer.fromJSON(JSON.parse(JSON.stringify(v.toJSON()))).transform(test))).toEqual(expected);
  });
  test('restrict keeps chosen columns', () => {
    const v = new CountVectorizer();
    v.fit(['a b c']);
    v.restrict([0, 2]);
    expect(dense(v.transform(['c b a a']))).toEqual([[2, 1]]);
  });
});

describe('TF-IDF', () => {
  test('smooth idf and l2 norm by hand', () => {
    // n = 2; df: a 1, b 2, c 1; idf_a = idf_c = ln(3/2) + 1 = 1.405465, idf_b = ln(3/3) + 1 = 1
    // row 1: [2·1.405465, 1, 0] / ‖·‖ = [0.942156, 0.335176, 0]; row 2: [0, 1, 1.405465] / ‖·‖
    const v = new TfidfVectorizer();
    const X = v.fitTransform(['a b a', 'b c']);
    expect(Array.from(v.tfidf.idf)).toBeAllClose([1.4054651081081644, 1, 1.4054651081081644], { atol: 1e-12 });
    expect(dense(X)).toBeAllClose([[0.9421556246632359, 0.33517574332792605, 0], [0, 0.5797386715376657, 0.8148024746671689]], { atol: 1e-12 });
  });
  test('sublinear tf without smoothing by hand', () => {
    // tf_a = 1 + ln 2; idf_a = ln(2/1) + 1; idf_b = ln(2/2) + 1 = 1
    const X = new TfidfVectorizer({}, { sublinearTf: true, smoothIdf: false }).fitTransform(['a b a', 'b c']);
    expect(Array.from(X.toDense()[0])).toBeAllClose([0.9442030652308014, 0.32936388935151817, 0], { atol: 1e-12 });
  });
  test('matches scikit-learn TfidfTransformer(sublinear_tf=True)', () => {
    const X = new TfidfTransformer({ sublinearTf: true }).fitTransform(CsrMatrix.fromDense(ref.X));
    expect(dense(X)).toBeAllClose(ref.tfidfSublinear, { atol: 1e-12 });
  });
});

describe('hashing', () => {
  test('murmurhash3 equals scikit-learn murmurhash3_32 (seed 0) on UTF-8 bytes', () => {
    // values from sklearn.utils.murmurhash3_32(s, seed=0), scikit-learn 1.2.1
    const expected: [string, number][] = [
      ['the', -1132748958], ['good movie', -114564430], ['a', 1009084850], ['abcd', 1139631978],
      ['абв', -580734317], ['c: go', -1727006181], ['👍', 552921032],
    ];
    for (const [s, h] of expected) expect(murmurhash3(s)).toBe(h);
  });
  test('columns |h| mod n with the hash sign, l2 normalized', () => {
    const v = new HashingVectorizer({}, { nFeatures: 16, norm: null });
    const X = v.transform(['the the a']);
    // 'the': h = −1132748958 → column 1132748958 mod 16 = 14, sign −1; 'a': 1009084850 mod 16 = 2
    expect(Array.from(X.indices)).toEqual([2, 14]);
    expect(Array.from(X.data)).toEqual([1, -2]);
  });
});

test('chi2 matches scikit-learn; topK picks the largest', () => {
  expect(Array.from(chi2(CsrMatrix.fromDense(ref.X), ref.y3, 3))).toBeAllClose(ref.chi2, { rtol: 1e-12 });
  expect(Array.from(topK([0.1, 5, 2, 7], 2))).toEqual([1, 3]);
});

describe('CsrMatrix', () => {
  const X = CsrMatrix.fromDense([[1, 0, 2], [0, 0, 0], [0, 3, 4]]);
  test('products', () => {
    expect(Array.from(X.dot([1, 1, 1]))).toEqual([3, 0, 7]);
    expect(Array.from(X.tdot([1, 2, 3]))).toEqual([1, 9, 14]);
    expect(Array.from(X.dotMany([1, 0, 0, 1, 1, 1], 2))).toEqual([3, 2, 0, 0, 4, 7]); // W rows per feature: [1, 0], [0, 1], [1, 1]
  });
  test('row and column selection, normalization', () => {
    expect(dense(X.selectRows([2, 0]))).toEqual([[0, 3, 4], [1, 0, 2]]);
    expect(dense(X.selectColumns([0, 2]))).toEqual([[1, 2], [0, 0], [0, 4]]);
    expect(dense(X.normalizeRows('l2'))[2]).toBeAllClose([0, 0.6, 0.8], { atol: 1e-15 });
    expect(() => new CsrMatrix(new Int32Array([0, 1]), new Int32Array(0), new Float64Array(0), [1, 1])).toThrow(/indptr ends at 1/);
  });
});
