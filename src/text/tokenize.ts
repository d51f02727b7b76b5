/** What a token is; `word` covers letters with inner apostrophes and hyphens and clitics like `'s`. */
export type TokenKind =
  | 'url' | 'email' | 'mention' | 'hashtag' | 'emoticon' | 'emoji' | 'number' | 'word' | 'punct';

export interface Token {
  text: string;
  kind: TokenKind;
  /** offset in the input (UTF-16 code units) */
  start: number;
}

export interface TokenizeOptions {
  /** keep punctuation tokens such as `!` or `?!` (default false) */
  punctuation?: boolean;
  /**
   * 'keep' (default) emits URLs, e-mails, @mentions and numbers as they are; 'placeholder' replaces
   * them with `<url>`, `<email>`, `<user>`, `<num>`, so rare strings share one feature.
   */
  special?: 'keep' | 'placeholder';
}

// One alternative per kind, tried left to right at each position: the more specific patterns
// (URL before word, emoticon before punctuation) come first. Letters are \p{L} so Cyrillic,
// Latin and other scripts are words alike; \p{M} keeps combining marks inside words.
const W = String.raw`[\p{L}\p{M}\p{N}_]`;
const PATTERNS: [TokenKind, string][] = [
  ['url', String.raw`(?:[hH][tT][tT][pP][sS]?:\/\/|[wW]{3}\.)[^\s<>"'«»]+[^\s<>"'«».,;:!?)\]]`],
  ['email', String.raw`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}`],
  ['mention', String.raw`@${W}+`],
  ['hashtag', String.raw`#\p{L}${W}*`],
  // `)))` and `(((` are the common Russian smileys and may touch the word before them
  ['emoticon', String.raw`(?<![\p{L}\p{N}])(?:[:;=8][\-o^']?[()\[\]dDpP\/\\|*3oO0]+|[xX][dD]\b)|[)(]{2,}|<3|\^[_.\-]?\^`],
  ['emoji', String.raw`\p{RI}\p{RI}|\p{Extended_Pictographic}(?:\uFE0F|\p{EMod}|\u200D\p{Extended_Pictographic}\uFE0F?)*`],
  ['word', String.raw`\p{L}[\p{L}\p{M}\p{N}]*(?:['’\-]\p{L}[\p{L}\p{M}\p{N}]*)*|['’](?:[sSdDmMtT]|re|ve|ll|RE|VE|LL)(?![\p{L}])|\p{N}+\p{L}[\p{L}\p{N}]*`],
  ['number', String.raw`[+\-]?\p{N}+(?:[.,:/]\p{N}+)*%?`],
  ['punct', String.raw`([^\s\p{L}\p{N}])\BACKREF*`],
];
const KINDS = PATTERNS.map(([k]) => k);
// numbered groups, one per kind (group 1 + i), are much faster than named ones; the punctuation
// run's inner group comes last, so its back-reference is group KINDS.length + 1
const TOKEN_RE = new RegExp(
  PATTERNS.map(([, re]) => `(${re.replace('BACKREF', String(PATTERNS.length + 1))})`).join('|'),
  'gu',
);
const PLACEHOLDER: Partial<Record<TokenKind, string>> = {
  url: '<url>',
  email: '<email>',
  mention: '<user>',
  number: '<num>',
};

/**
 * Splits text into typed tokens: URLs, e-mails, @mentions, #hashtags, emoticons (`:)`, `)))`),
 * emoji (with skin tones and ZWJ sequences), words with inner apostrophes and hyphens
 * (`don't`, `кто-то`), numbers and punctuation runs. Whitespace separates and is dropped.
 * Example: tokens('Wow :) see https://x.io') // word, emoticon, word, url
 */
export function tokens(text: string, opts: TokenizeOptions = {}): Token[] {
  const keepPunct = opts.punctuation ?? false;
  const placeholder = opts.special === 'placeholder';
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    let g = 1;
    while (g < KINDS.length && m[g] === undefined) g++;
    const kind = KINDS[g - 1];
    if (kind === 'punct' && !keepPunct) continue;
    out.push({ text: (placeholder && PLACEHOLDER[kind]) || m[0], kind, start: m.index });
  }
  return out;
}

/**
 * The token strings of `tokens`.
 * Example: tokenize("не очень-то хорошо :(", { punctuation: true }) // ['не', 'очень-то', 'хорошо', ':(']
 */
export function tokenize(text: string, opts: TokenizeOptions = {}): string[] {
  return tokens(text, opts).map((t) => t.text);
}

// a sentence ends at . ! ? … (runs included) followed by space and then a capital, digit or quote
const SENTENCE_END = /([.!?…]+["'»”)]*)\s+(?=["'«“(]?[\p{Lu}\p{N}])/gu;
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'vs', 'etc', 'e.g', 'i.e', 'jr', 'sr', 'inc', 'ltd', 'no',
  'т.е', 'т.д', 'т.п', 'т.к', 'г', 'гг', 'ул', 'им', 'др', 'пр', 'стр', 'см', 'руб', 'тыс', 'млн', 'млрд',
]);

/**
 * Splits text into sentences at `.`, `!`, `?`, `…` followed by a capital letter or digit, except
 * after known abbreviations (Dr., т.е., г.) and single-letter initials (A. S. Pushkin).
 * Example: splitSentences('Привет! Как дела? Dr. Who is here.') // ['Привет!', 'Как дела?', 'Dr. Who is here.']
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (const m of text.matchAll(SENTENCE_END)) {
    const end = m.index + m[1].length;
    const before = text.slice(from, m.index).match(/([\p{L}.]+)$/u)?.[1] ?? '';
    if (m[1] === '.' && (ABBREVIATIONS.has(before.toLowerCase()) || /^\p{L}$/u.test(before))) continue;
    out.push(text.slice(from, end).trim());
    from = m.index + m[0].length;
  }
  const rest = text.slice(from).trim();
  if (rest) out.push(rest);
  return out.filter((s) => s.length > 0);
}

const NEGATORS = new Set([
  'not', 'no', 'never', "n't", 'nothing', 'nobody', 'none', 'neither', 'nor', 'cannot', 'without',
  'не', 'нет', 'ни', 'никогда', 'ничего', 'нельзя', 'без',
]);
const SCOPE_END = /^(?:[.,:;!?…]+|but|however|но|однако|а)$/u;

/**
 * Negation scope marking (Das & Chen 2001, Pang et al. 2002): words after a negator (`not`,
 * `n't`, `не`, `нет` …) up to the next punctuation mark or contrastive conjunction get the prefix
 * `NOT_`, so "not good" and "good" become different features. Tokens should be lowercase and
 * include punctuation, which ends a scope.
 * Example: markNegation(['not', 'good', ',', 'fun']) // ['not', 'NOT_good', ',', 'fun']
 */
export function markNegation(toks: string[], { maxScope = 3 }: { maxScope?: number } = {}): string[] {
  const out: string[] = [];
  let left = 0;
  for (const t of toks) {
    if (SCOPE_END.test(t)) left = 0;
    else if (left > 0 && /\p{L}/u.test(t)) {
      out.push('NOT_' + t);
      left--;
      if (NEGATORS.has(t) || t.endsWith("n't")) left = maxScope;
      continue;
    }
    out.push(t);
    if (NEGATORS.has(t) || t.endsWith("n't")) left = maxScope;
  }
  return out;
}
