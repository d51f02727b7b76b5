import { Analyzer, CHAR_PREFIX, type AnalyzerOptions } from './analyzer.js';
import { NgramIndex } from './ngram-index.js';
import { CsrMatrix } from './sparse.js';

export interface CountOptions {
  /** drop terms in fewer documents: an integer count, or a fraction of documents in (0, 1) (default 1) */
  minDf?: number;
  /** drop terms in more documents: a fraction in (0, 1] (default 1: keep all), or a count above 1 */
  maxDf?: number;
  /** keep only the most frequent terms by total count (default: all) */
  maxFeatures?: number | null;
  /** 1 for presence instead of the count (default false) */
  binary?: boolean;
}

/** Serialized vectorizer state (part of a TextClassifier's JSON). */
export interface CountVectorizerJSON {
  analyzer: AnalyzerOptions;
  options: CountOptions;
  vocabulary: string[];
}

/**
 * Bag of n-grams: document i, term j → number of occurrences, as scikit-learn's CountVectorizer.
 * Columns are numbered in order of first appearance in the training texts (scikit-learn sorts
 * them alphabetically; the matrix is the same up to a column permutation).
 * Example: new CountVectorizer().fitTransform(['a b a', 'b c']).toDense() // [[2, 1, 0], [0, 1, 1]]
 */
export class CountVectorizer {
  readonly analyzer: Analyzer;
  readonly options: CountOptions;
  /** term → column */
  vocabulary = new Map<string, number>();
  /** column → term */
  terms: string[] = [];
  /** word n-gram trie used for counting (char n-grams go through `vocabulary`) */
  private index = new NgramIndex();

  constructor(analyzer: AnalyzerOptions | Analyzer = {}, options: CountOptions = {}) {
    this.analyzer = analyzer instanceof Analyzer ? analyzer : new Analyzer(analyzer);
    this.options = { ...options };
  }

  /** Learns the vocabulary and returns the document-term counts of the same texts. */
  fitTransform(texts: string[]): CsrMatrix {
    this.terms = [];
    this.vocabulary = new Map();
    this.index = new NgramIndex();
    const X = this.count(texts, true);
    const keep = this.prune(X, texts.length);
    const all = this.terms;
    const map = new Int32Array(all.length).fill(-1);
    const terms: string[] = [];
    keep.forEach((j, t) => {
      map[j] = t;
      terms.push(all[j]);
    });
    this.setTerms(terms);
    const out = keep.length === all.length ? X : X.mapColumns(map, keep.length);
    return this.options.binary ? out.binarize() : out;
  }

  /** Learns the vocabulary. */
  fit(texts: string[]): this {
    this.fitTransform(texts);
    return this;
  }

  /** Counts of known terms; unseen terms are ignored. */
  transform(texts: string[]): CsrMatrix {
    const X = this.count(texts, false);
    return this.options.binary ? X.binarize() : X;
  }

  /** Keeps only the given columns (increasing), e.g. those chosen by chi²; returns the old → new map. */
  restrict(columns: ArrayLike<number>): Int32Array {
    const map = new Int32Array(this.terms.length).fill(-1);
    const terms: string[] = [];
    for (let t = 0; t < columns.length; t++) {
      map[columns[t]] = t;
      terms.push(this.terms[columns[t]]);
    }
    this.setTerms(terms);
    return map;
  }

  /** Sets the column → term list and rebuilds the lookups from it. */
  setTerms(terms: string[]): void {
    this.terms = terms;
    this.vocabulary = new Map(terms.map((t, j) => [t, j]));
    this.index = new NgramIndex();
    terms.forEach((t, j) => {
      if (!t.startsWith(CHAR_PREFIX)) this.index.insert(t, j);
    });
  }

  toJSON(): CountVectorizerJSON {
    return { analyzer: this.analyzer.options, options: this.options, vocabulary: this.terms };
  }

  static fromJSON(json: CountVectorizerJSON): CountVectorizer {
    const v = new CountVectorizer(json.analyzer, json.options);
    v.setTerms(json.vocabulary);
    return v;
  }

  /**
   * Builds the CSR counts; when fitting, unseen terms get new columns (in order of first
   * appearance), otherwise they are skipped. Rows come out sorted by column.
   */
  private count(texts: string[], fitting: boolean): CsrMatrix {
    const { ngram = [1, 1], charNgram = null } = this.analyzer.options;
    const index = this.index;
    const indptr = new Int32Array(texts.length + 1);
    let indices = new Int32Array(1 << 16);
    let data = new Float64Array(1 << 16);
    let n = 0;
    let scratch = new Int32Array(256);
    let tokenIds = new Int32Array(64);
    for (let i = 0; i < texts.length; i++) {
      const words = this.analyzer.words(texts[i]).words;
      let len = 0;
      // at most (max n) word n-grams start at each word
      const room = (ngram ? ngram[1] * words.length : 0) + (charNgram ? 0 : 1);
      if (room > scratch.length) scratch = new Int32Array(room * 2);
      if (ngram) {
        if (words.length > tokenIds.length) tokenIds = new Int32Array(words.length * 2);
        for (let w = 0; w < words.length; w++) tokenIds[w] = index.token(words[w], fitting);
        for (let start = 0; start < words.length; start++) {
          let node = -1;
          for (let size = 1; size <= ngram[1] && start + size <= words.length; size++) {
            const t = tokenIds[start + size - 1];
            if (t < 0) break;
            node = index.child(node, t, fitting);
            if (node < 0) break;
            if (size < ngram[0]) continue;
            let j = index.column(node);
            if (j < 0 && fitting) {
              j = this.terms.length;
              this.terms.push(size === 1 ? words[start] : words.slice(start, start + size).join(' '));
              index.setColumn(node, j);
            }
            if (j >= 0) scratch[len++] = j;
          }
        }
      }
      if (charNgram) {
        const chars = this.analyzer.charTerms(words);
        if (len + chars.length > scratch.length) {
          const grown = new Int32Array((len + chars.length) * 2);
          grown.set(scratch.subarray(0, len));
          scratch = grown;
        }
        for (const term of chars) {
          let j = this.vocabulary.get(term);
          if (j === undefined) {
            if (!fitting) continue;
            this.vocabulary.set(term, (j = this.terms.length));
            this.terms.push(term);
          }
          scratch[len++] = j;
        }
      }
      const ids = scratch.subarray(0, len).sort(); // typed-array sort is numeric and fast
      if (n + ids.length > indices.length) {
        const size = Math.max(indices.length * 2, n + ids.length);
        const ni = new Int32Array(size);
        ni.set(indices.subarray(0, n));
        indices = ni;
        const nd = new Float64Array(size);
        nd.set(data.subarray(0, n));
        data = nd;
      }
      // runs of one id in the sorted list are its count
      for (let t = 0; t < ids.length; t++) {
        if (t > 0 && ids[t] === ids[t - 1]) data[n - 1]++;
        else {
          indices[n] = ids[t];
          data[n++] = 1;
        }
      }
      indptr[i + 1] = n;
    }
    return new CsrMatrix(indptr, indices.slice(0, n), data.slice(0, n), [texts.length, this.terms.length]);
  }

  /** Columns that pass minDf, maxDf and maxFeatures, in increasing order. */
  private prune(X: CsrMatrix, nDocs: number): number[] {
    const { minDf = 1, maxDf = 1.0, maxFeatures = null } = this.options;
    const lo = minDf < 1 ? Math.ceil(minDf * nDocs) : minDf;
    const hi = maxDf <= 1 ? Math.floor(maxDf * nDocs) : maxDf; // 1 means all documents
    const df = new Int32Array(X.cols);
    for (let p = 0; p < X.nnz; p++) df[X.indices[p]]++;
    let keep: number[] = [];
    for (let j = 0; j < X.cols; j++) if (df[j] >= lo && df[j] <= hi) keep.push(j);
    if (keep.length === 0 && X.cols > 0)
      throw new Error(`CountVectorizer: no terms left after minDf=${minDf}, maxDf=${maxDf} (${X.cols} terms, ${nDocs} documents)`);
    if (maxFeatures !== null && keep.length > maxFeatures) {
      const total = X.columnSums();
      // most frequent first; ties by column so the choice is reproducible
      keep = keep.sort((a, b) => total[b] - total[a] || a - b).slice(0, maxFeatures).sort((a, b) => a - b);
    }
    return keep;
  }
}
