import { readFileSync, writeFileSync } from 'node:fs';
import type { AnalyzerOptions } from './analyzer.js';
import { chi2, topK } from './chi2.js';
import { HashingVectorizer, type HashingOptions } from './hashing.js';
import type { LinearClassifier, LinearModelJSON } from './linear.js';
import { createModel, modelFromJSON, type ModelOptions } from './models.js';
import type { CsrMatrix } from './sparse.js';
import { TfidfVectorizer, type TfidfOptions, type TfidfVectorizerJSON } from './tfidf.js';
import { CountVectorizer, type CountOptions, type CountVectorizerJSON } from './vectorize.js';

/** Which features: counts, presence, TF-IDF or hashed counts, with that vectorizer's options. */
export type VectorizerOptions =
  | ({ kind: 'tfidf' } & CountOptions & TfidfOptions)
  | ({ kind: 'count' } & CountOptions)
  | ({ kind: 'binary' } & CountOptions)
  | ({ kind: 'hashing' } & HashingOptions);

export interface TextClassifierOptions {
  /** preprocessing and terms (default: words, unigrams, no stemming) */
  analyzer?: AnalyzerOptions;
  /** default { kind: 'tfidf' } */
  vectorizer?: VectorizerOptions;
  /** keep the k features with the highest χ² (vocabulary vectorizers only; default: all) */
  chi2?: number | null;
  /** default { kind: 'logistic' } */
  model?: ModelOptions;
}

type Vectorizer = CountVectorizer | TfidfVectorizer | HashingVectorizer;

/** The JSON file a TextClassifier saves: everything needed to predict. */
export interface TextClassifierJSON {
  format: 'perceptio-text-classifier';
  version: 1;
  options: TextClassifierOptions;
  classes: string[];
  vectorizer: CountVectorizerJSON | TfidfVectorizerJSON | { analyzer: AnalyzerOptions; options: HashingOptions };
  model: LinearModelJSON;
}

/**
 * Text → label pipeline: analyzer (normalization, tokens, stems, n-grams) → vectorizer →
 * optional χ² selection → linear model. Labels are strings; `classes` lists them sorted.
 * Saves and loads as one JSON file.
 * Example: const clf = new TextClassifier({ analyzer: { ngram: [1, 2] } }).fit(texts, labels);
 *          clf.predict(['what a great film']) // ['positive']
 */
export class TextClassifier {
  readonly options: TextClassifierOptions;
  classes: string[] = [];
  vectorizer: Vectorizer;
  model: LinearClassifier;

  constructor(options: TextClassifierOptions = {}) {
    this.options = structuredClone(options);
    this.vectorizer = makeVectorizer(options.analyzer ?? {}, options.vectorizer ?? { kind: 'tfidf' });
    this.model = createModel(options.model ?? { kind: 'logistic' });
  }

  /** Learns vocabulary and weights from texts and their string labels. */
  fit(texts: string[], labels: string[]): this {
    if (texts.length !== labels.length) throw new Error(`TextClassifier: ${texts.length} texts but ${labels.length} labels`);
    this.classes = [...new Set(labels)].sort();
    if (this.classes.length < 2)
      throw new Error(`TextClassifier: needs at least 2 classes, got ${JSON.stringify(this.classes)}`);
    const index = new Map(this.classes.map((c, i) => [c, i]));
    const y = Int32Array.from(labels, (l) => index.get(l)!);
    let X = this.vectorizer.fitTransform(texts);
    const k = this.options.chi2;
    if (k != null && k < X.cols) {
      if (this.vectorizer instanceof HashingVectorizer) throw new Error('TextClassifier: chi2 selection needs a vocabulary, not hashing');
      this.vectorizer.restrict(topK(chi2(X, y, this.classes.length), k));
      X = this.vectorizer.transform(texts); // again, so TF-IDF rows are normalized over the kept terms
    }
    this.model.fit(X, y);
    return this;
  }

  /** Feature rows of texts, as the model sees them. */
  transform(texts: string[]): CsrMatrix {
    return this.vectorizer.transform(texts);
  }

  /** Predicted label of each text. */
  predict(texts: string[]): string[] {
    return Array.from(this.model.predict(this.transform(texts)), (c) => this.classes[c]);
  }

  /** Class index of each prediction (order of `classes`). */
  predictIndex(texts: string[]): Int32Array {
    return this.model.predict(this.transform(texts));
  }

  /** Probability rows (one entry per class, order of `classes`). */
  predictProba(texts: string[]): number[][] {
    const P = this.model.predictProba(this.transform(texts));
    const k = this.classes.length;
    return texts.map((_, i) => Array.from(P.subarray(i * k, i * k + k)));
  }

  /** Column of a term in the feature matrix (−1 if unknown) and the sign hashing gives it. */
  column(term: string): { column: number; sign: number } {
    if (this.vectorizer instanceof HashingVectorizer) return this.vectorizer.column(term);
    const vocab = this.vectorizer instanceof TfidfVectorizer ? this.vectorizer.counts.vocabulary : this.vectorizer.vocabulary;
    return { column: vocab.get(term) ?? -1, sign: 1 };
  }

  /** Term of each column, when the vectorizer has a vocabulary. */
  featureNames(): string[] | null {
    return this.vectorizer instanceof HashingVectorizer ? null : this.vectorizer.terms;
  }

  toJSON(): TextClassifierJSON {
    return {
      format: 'perceptio-text-classifier',
      version: 1,
      options: this.options,
      classes: this.classes,
      vectorizer: this.vectorizer.toJSON(),
      model: this.model.toJSON(),
    };
  }

  static fromJSON(json: TextClassifierJSON): TextClassifier {
    if (json?.format !== 'perceptio-text-classifier')
      throw new Error(`TextClassifier: not a saved text classifier (format ${JSON.stringify(json?.format)})`);
    if (json.version !== 1) throw new Error(`TextClassifier: unsupported version ${json.version}`);
    const clf = new TextClassifier(json.options);
    clf.classes = json.classes;
    const kind = json.options.vectorizer?.kind ?? 'tfidf';
    if (kind === 'tfidf') clf.vectorizer = TfidfVectorizer.fromJSON(json.vectorizer as TfidfVectorizerJSON);
    else if (kind !== 'hashing') clf.vectorizer = CountVectorizer.fromJSON(json.vectorizer as CountVectorizerJSON);
    clf.model = modelFromJSON(json.model);
    return clf;
  }

  /** Writes the classifier as one JSON file. */
  save(path: string): void {
    writeFileSync(path, JSON.stringify(this.toJSON()));
  }

  /** Reads a file written by save. */
  static load(path: string): TextClassifier {
    let json: TextClassifierJSON;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new Error(`${path}: cannot read model: ${(e as Error).message}`);
    }
    return TextClassifier.fromJSON(json);
  }
}

function makeVectorizer(analyzer: AnalyzerOptions, options: VectorizerOptions): Vectorizer {
  const { kind, ...rest } = options;
  switch (kind) {
    case 'tfidf':
      return new TfidfVectorizer(analyzer, rest);
    case 'count':
      return new CountVectorizer(analyzer, rest);
    case 'binary':
      return new CountVectorizer(analyzer, { ...rest, binary: true });
    case 'hashing':
      return new HashingVectorizer(analyzer, rest);
    default:
      throw new Error(`unknown vectorizer '${kind as string}' (tfidf, count, binary, hashing)`);
  }
}
