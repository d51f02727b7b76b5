import { createRequire } from 'node:module';

export type Lang = 'en' | 'ru';

// stopwords-iso is a JSON map from ISO 639-1 code to word list; JSON is read through require so
// the ESM build needs no import assertions
const lists = createRequire(import.meta.url)('stopwords-iso') as Record<string, string[]>;

/**
 * The stopwords-iso list for a language, lowercased, with ё written е like normalize does.
 * NOTE: the lists include negations (`not`, `не`); drop them from a sentiment model with `keep`.
 * Example: stopWords('ru', { keep: ['не', 'нет'] }).has('и') // true
 */
export function stopWords(lang: Lang | Lang[], { keep = [] as string[] } = {}): Set<string> {
  const out = new Set<string>();
  for (const l of Array.isArray(lang) ? lang : [lang]) {
    const words = lists[l];
    if (!words) throw new Error(`stopWords: no list for language '${l}' (have en, ru)`);
    for (const w of words) out.add(w.toLowerCase().replace(/ё/g, 'е'));
  }
  for (const w of keep) out.delete(w);
  return out;
}

/** Negations and intensity words that carry sentiment; kept by the pipeline when it drops stop words. */
export const SENTIMENT_KEEP = [
  'not', 'no', 'never', 'nor', "n't", 'very', 'too', 'but', 'against', 'down', 'up', 'off', 'over',
  'не', 'нет', 'ни', 'никогда', 'ничего', 'без', 'но', 'очень', 'хорошо', 'лучше', 'нельзя', 'спасибо',
];
