import * as snowball from 'snowball-stemmers';

/** A word → stem function. */
export type Stem = (word: string) => string;

const CYRILLIC = /[\u0400-\u04ff]/;
const LATIN = /[a-z]/i;

/**
 * The Snowball ("Porter2") stemmer for English or Russian, through the `snowball-stemmers`
 * package; results are cached, since a corpus repeats its words (SST-2: 1.3M tokens, 15k types).
 * Words are expected lowercase. Example: stemmer('ru')('абонируюсь') // 'абонир'
 */
export function stemmer(lang: 'en' | 'ru'): Stem {
  const s = snowball.newStemmer(lang === 'en' ? 'english' : 'russian');
  const cache = new Map<string, string>();
  return (word) => {
    let out = cache.get(word);
    if (out === undefined) {
      out = s.stem(word);
      if (cache.size < 1_000_000) cache.set(word, out);
    }
    return out;
  };
}

/**
 * Stems each word with the stemmer of its script: Cyrillic words in Russian, Latin words in
 * English, anything else (numbers, emoji, mixed) unchanged. Social-media Russian mixes both.
 * Example: mixedStemmer()('running') // 'run'; mixedStemmer()('бегущий') // 'бегущ'
 */
export function mixedStemmer(): Stem {
  const en = stemmer('en');
  const ru = stemmer('ru');
  return (word) => {
    if (CYRILLIC.test(word)) return LATIN.test(word) ? word : ru(word);
    if (LATIN.test(word)) return en(word);
    return word;
  };
}
