// Flat dictionaries, one per language; keys are namespaced by page id ("linear.title").
import en from '../i18n/en.json';
import ru from '../i18n/ru.json';

export type Lang = 'en' | 'ru';
export const languages: Lang[] = ['en', 'ru'];
const dictionaries: Record<Lang, Record<string, string>> = { en, ru };
const STORAGE_KEY = 'perceptio-lab-lang';

/** Fills `{name}` placeholders; a missing key shows itself so it is noticed, never throws. */
export function translate(lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
  const text = dictionaries[lang][key] ?? dictionaries.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** The remembered language, else the browser's if it is Russian, else English. */
export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'ru') return saved;
  } catch {
    // storage can be disabled (private mode); fall through to the browser's language
  }
  return navigator.language.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered, but the switch still works for this visit
  }
}
