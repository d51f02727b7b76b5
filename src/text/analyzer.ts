import { normalize, type NormalizeOptions } from './normalize.js';
import { mixedStemmer, type Stem } from './stem.js';
import { SENTIMENT_KEEP, stopWords, type Lang } from './stopwords.js';
import { markNegation, tokens, type TokenizeOptions } from './tokenize.js';

/** Preprocessing and the terms a vectorizer counts; every field is optional. */
export interface AnalyzerOptions extends NormalizeOptions, TokenizeOptions {
  /** languages of the stop-word lists (default both) */
  lang?: Lang | Lang[];
  /** drop stop words (stopwords-iso, minus negations; default false), or a list of your own */
  stopWords?: boolean | string[];
  /** Snowball stemming, Russian for Cyrillic words and English for Latin ones (default false) */
  stem?: boolean;
  /** mark words in a negation scope with NOT_ (default false) */
  negation?: boolean;
  /** word n-gram range [min, max] (default [1, 1]); null for no word features */
  ngram?: [number, number] | null;
  /** character n-gram range, e.g. [2, 5] (default null: none) */
  charNgram?: [number, number] | null;
  /** 'wb': char n-grams inside each word padded with spaces, as scikit-learn's char_wb; 'char': across words */
  charMode?: 'wb' | 'char';
}

/** One term occurrence and the token positions it covers (for explanations). */
export interface TermSpan {
  term: string;
  tokens: number[];
}

/** Prefix of character n-gram terms, so they never collide with word n-grams. */
export const CHAR_PREFIX = 'c:';

/**
 * Turns text into terms: normalize → tokenize → (negation) → (stop words) → (stem) → word
 * n-grams joined by a space, plus character n-grams prefixed `c:`.
 * Example: new Analyzer({ ngram: [1, 2] }).terms('Not bad') // ['not', 'bad', 'not bad']
 */
export class Analyzer {
  readonly options: AnalyzerOptions;
  private readonly stop: Set<string> | null;
  private readonly stemFn: Stem | null;

  constructor(options: AnalyzerOptions = {}) {
    this.options = { ...options };
    const { stopWords: sw = false, lang = ['en', 'ru'] } = options;
    this.stop = sw === false ? null : sw === true ? stopWords(lang, { keep: SENTIMENT_KEEP }) : new Set(sw);
    this.stemFn = options.stem ? mixedStemmer() : null;
    for (const [name, r] of [['ngram', options.ngram], ['charNgram', options.charNgram]] as const)
      if (r && !(Number.isInteger(r[0]) && Number.isInteger(r[1]) && r[0] >= 1 && r[1] >= r[0]))
        throw new Error(`Analyzer: ${name} must be [min, max] with 1 ≤ min ≤ max, got [${r.join(', ')}]`);
  }

  /** The processed word tokens (after normalization, negation, stop words and stemming) and the normalized tokens they came from. */
  words(text: string): { words: string[]; surface: string[] } {
    const o = this.options;
    const toks = tokens(normalize(text, o), { punctuation: o.punctuation || o.negation, special: o.special });
    let words = toks.map((t) => t.text);
    const surface = toks.map((t) => t.text); // normalized, before stemming
    let keep = words.map(() => true);
    if (o.negation) {
      words = markNegation(words);
      // punctuation was only needed to end negation scopes
      if (!o.punctuation) keep = toks.map((t) => t.kind !== 'punct');
    }
    const outWords: string[] = [];
    const outSurface: string[] = [];
    for (let i = 0; i < words.length; i++) {
      if (!keep[i]) continue;
      let w = words[i];
      const neg = w.startsWith('NOT_');
      const base = neg ? w.slice(4) : w;
      if (this.stop?.has(base)) continue;
      if (this.stemFn) w = (neg ? 'NOT_' : '') + this.stemFn(base);
      outWords.push(w);
      outSurface.push(surface[i]);
    }
    return { words: outWords, surface: outSurface };
  }

  /** All terms of a text, repeated as often as they occur. */
  terms(text: string): string[] {
    return this.generate(this.words(text).words, null);
  }

  /** Terms with the word positions each covers (for explanations). */
  spans(text: string): TermSpan[] {
    const covered: number[][] = [];
    const terms = this.generate(this.words(text).words, covered);
    return terms.map((term, t) => ({ term, tokens: covered[t] }));
  }

  /** The character n-gram terms of processed words. */
  charTerms(words: string[]): string[] {
    return this.generate(words, null, false);
  }

  /** Word then character n-grams of processed words; fills `covered` with word positions when given. */
  private generate(words: string[], covered: number[][] | null, wordGrams = true): string[] {
    const { ngram = [1, 1], charNgram = null, charMode = 'wb' } = this.options;
    const out: string[] = [];
    if (ngram && wordGrams) {
      for (let n = ngram[0]; n <= ngram[1]; n++)
        for (let i = 0; i + n <= words.length; i++) {
          out.push(n === 1 ? words[i] : words.slice(i, i + n).join(' '));
          covered?.push(range(i, i + n));
        }
    }
    if (!charNgram) return out;
    const [lo, hi] = charNgram;
    if (charMode === 'wb') {
      words.forEach((w, i) => {
        const padded = ` ${w} `;
        for (let n = lo; n <= hi; n++)
          for (let s = 0; s + n <= padded.length; s++) {
            out.push(CHAR_PREFIX + padded.slice(s, s + n));
            covered?.push([i]);
          }
      });
      return out;
    }
    const joined = words.join(' ');
    const owner: number[] = [];
    words.forEach((w, i) => {
      for (let c = 0; c < w.length; c++) owner.push(i);
      owner.push(-1); // the space between words belongs to neither
    });
    for (let n = lo; n <= hi; n++)
      for (let s = 0; s + n <= joined.length; s++) {
        out.push(CHAR_PREFIX + joined.slice(s, s + n));
        covered?.push([...new Set(owner.slice(s, s + n).filter((t) => t >= 0))]);
      }
    return out;
  }
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, t) => a + t);
}
