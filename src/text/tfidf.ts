import type { AnalyzerOptions } from './analyzer.js';
import { CsrMatrix } from './sparse.js';
import { CountVectorizer, type CountOptions, type CountVectorizerJSON } from './vectorize.js';

export interface TfidfOptions {
  /** idf = ln((1 + n) / (1 + df)) + 1, as if one extra document held every term (default true) */
  smoothIdf?: boolean;
  /** tf → 1 + ln tf (default false) */
  sublinearTf?: boolean;
  /** row normalization (default 'l2') */
  norm?: 'l2' | 'l1' | null;
  /** multiply by idf (default true) */
  useIdf?: boolean;
}

/**
 * TF-IDF weighting of a count matrix, as scikit-learn's TfidfTransformer:
 * x_ij = tf_ij · idf_j with idf_j = ln((1 + n)/(1 + df_j)) + 1 (smooth) or ln(n/df_j) + 1, then each row
 * scaled to unit norm. Example: new TfidfTransformer().fitTransform(counts)
 */
export class TfidfTransformer {
  readonly options: TfidfOptions;
  idf: Float64Array = new Float64Array(0);

  constructor(options: TfidfOptions = {}) {
    this.options = { ...options };
  }

  fit(X: CsrMatrix): this {
    const { smoothIdf = true } = this.options;
    const df = new Float64Array(X.cols);
    for (let p = 0; p < X.nnz; p++) if (X.data[p] !== 0) df[X.indices[p]]++;
    const s = smoothIdf ? 1 : 0;
    this.idf = df.map((d) => Math.log((X.rows + s) / (d + s)) + 1);
    return this;
  }

  transform(X: CsrMatrix): CsrMatrix {
    const { sublinearTf = false, norm = 'l2', useIdf = true } = this.options;
    if (useIdf && this.idf.length !== X.cols)
      throw new Error(`TfidfTransformer: fitted on ${this.idf.length} columns, got ${X.cols}`);
    const data = new Float64Array(X.nnz);
    for (let p = 0; p < X.nnz; p++) {
      const tf = sublinearTf && X.data[p] > 0 ? 1 + Math.log(X.data[p]) : X.data[p];
      data[p] = useIdf ? tf * this.idf[X.indices[p]] : tf;
    }
    const out = X.withData(data);
    return norm ? out.normalizeRows(norm) : out;
  }

  fitTransform(X: CsrMatrix): CsrMatrix {
    return this.fit(X).transform(X);
  }
}

/** Serialized TfidfVectorizer. */
export interface TfidfVectorizerJSON extends CountVectorizerJSON {
  tfidf: TfidfOptions;
  idf: number[];
}

/**
 * CountVectorizer followed by TfidfTransformer, as scikit-learn's TfidfVectorizer.
 * Example: const X = new TfidfVectorizer({ ngram: [1, 2] }, { minDf: 2, sublinearTf: true }).fitTransform(texts);
 */
export class TfidfVectorizer {
  readonly counts: CountVectorizer;
  readonly tfidf: TfidfTransformer;

  constructor(analyzer: AnalyzerOptions = {}, options: CountOptions & TfidfOptions = {}) {
    const { smoothIdf, sublinearTf, norm, useIdf, ...count } = options;
    this.counts = new CountVectorizer(analyzer, count);
    this.tfidf = new TfidfTransformer({ smoothIdf, sublinearTf, norm, useIdf });
  }

  get terms(): string[] {
    return this.counts.terms;
  }

  get analyzer() {
    return this.counts.analyzer;
  }

  fitTransform(texts: string[]): CsrMatrix {
    return this.tfidf.fitTransform(this.counts.fitTransform(texts));
  }

  fit(texts: string[]): this {
    this.fitTransform(texts);
    return this;
  }

  transform(texts: string[]): CsrMatrix {
    return this.tfidf.transform(this.counts.transform(texts));
  }

  /** Keeps only the given columns (see CountVectorizer.restrict). */
  restrict(columns: ArrayLike<number>): Int32Array {
    this.tfidf.idf = Float64Array.from(columns, (j) => this.tfidf.idf[j]);
    return this.counts.restrict(columns);
  }

  toJSON(): TfidfVectorizerJSON {
    return { ...this.counts.toJSON(), tfidf: this.tfidf.options, idf: Array.from(this.tfidf.idf) };
  }

  static fromJSON(json: TfidfVectorizerJSON): TfidfVectorizer {
    const v = new TfidfVectorizer(json.analyzer, { ...json.options, ...json.tfidf });
    v.counts.setTerms(json.vocabulary);
    v.tfidf.idf = Float64Array.from(json.idf);
    return v;
  }
}
