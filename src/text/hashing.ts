import { Analyzer, type AnalyzerOptions } from './analyzer.js';
import { CsrBuilder, CsrMatrix } from './sparse.js';

export interface HashingOptions {
  /** number of columns (default 2²⁰, as scikit-learn) */
  nFeatures?: number;
  /** sign from the hash so collisions cancel on average instead of adding up (default true) */
  alternateSign?: boolean;
  /** row normalization (default 'l2') */
  norm?: 'l2' | 'l1' | null;
  /** presence instead of counts (default false) */
  binary?: boolean;
}

const encoder = new TextEncoder();
let scratch = new Uint8Array(256);

/**
 * MurmurHash3 (x86, 32-bit) of the UTF-8 bytes of a string, as a signed int32 like
 * scikit-learn's murmurhash3_32(s, seed, positive=False).
 * Example: murmurhash3('the') // the same value scikit-learn gives
 */
export function murmurhash3(s: string, seed = 0): number {
  if (scratch.length < s.length * 3) scratch = new Uint8Array(s.length * 3);
  const len = encoder.encodeInto(s, scratch).written;
  const b = scratch;
  let h = seed | 0;
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  const blocks = len & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = len & 3;
  if (tail > 0) {
    let k = b[blocks];
    if (tail > 1) k ^= b[blocks + 1] << 8;
    if (tail > 2) k ^= b[blocks + 2] << 16;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * Stateless vectorizer: term → column |murmurhash3(term)| mod nFeatures, value ±count, as
 * scikit-learn's HashingVectorizer. Needs no vocabulary, so it fits in constant memory.
 * Example: new HashingVectorizer({}, { nFeatures: 16 }).transform(['a b'])
 */
export class HashingVectorizer {
  readonly analyzer: Analyzer;
  readonly options: HashingOptions;

  constructor(analyzer: AnalyzerOptions | Analyzer = {}, options: HashingOptions = {}) {
    this.analyzer = analyzer instanceof Analyzer ? analyzer : new Analyzer(analyzer);
    this.options = { ...options };
  }

  get nFeatures(): number {
    return this.options.nFeatures ?? 1 << 20;
  }

  /** Column of a term (and its sign) without a vocabulary. */
  column(term: string): { column: number; sign: 1 | -1 } {
    const h = murmurhash3(term);
    const sign = this.options.alternateSign === false || h >= 0 ? 1 : -1;
    return { column: Math.abs(h) % this.nFeatures, sign };
  }

  transform(texts: string[]): CsrMatrix {
    const { norm = 'l2', binary = false } = this.options;
    const b = new CsrBuilder(this.nFeatures);
    for (const text of texts) {
      for (const t of this.analyzer.terms(text)) {
        const { column, sign } = this.column(t);
        b.push(column, sign);
      }
      b.endRow();
    }
    let X = b.build(this.nFeatures);
    if (binary) X = X.withData(X.data.map((v) => Math.sign(v)));
    return norm ? X.normalizeRows(norm) : X;
  }

  fitTransform(texts: string[]): CsrMatrix {
    return this.transform(texts);
  }

  toJSON(): { analyzer: AnalyzerOptions; options: HashingOptions } {
    return { analyzer: this.analyzer.options, options: this.options };
  }
}
