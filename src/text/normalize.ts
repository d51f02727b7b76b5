const ASCII = /^[\x00-\x7f]*$/;

export interface NormalizeOptions {
  /** Unicode NFC first, so `е` + U+0308 and the precomposed `ё` are one letter (default true) */
  nfc?: boolean;
  /** lowercase (default true) */
  lowercase?: boolean;
  /** `ё` → `е`: Russian texts write ё optionally, so ёлка and елка are one word (default true) */
  yo?: boolean;
  /** remove diacritics (café → cafe, stress marks), keeping the Cyrillic й and ё (default false) */
  stripAccents?: boolean;
  /** letters repeated 3+ times kept twice (sooooo → soo), other characters kept three times (default true) */
  squash?: boolean;
}

/**
 * Normalises text before tokenizing: NFC, lowercase, ё → е, optional accent stripping and
 * squashing of repeated letters (`sooooo` → `soo`, `!!!!!!` → `!!!`).
 * Example: normalize('ЁЖИК Сооооо!!!!!') // 'ежик соо!!!'
 */
export function normalize(text: string, opts: NormalizeOptions = {}): string {
  const { nfc = true, lowercase = true, yo = true, stripAccents = false, squash = true } = opts;
  // pure ASCII is already NFC; the test is much cheaper than normalize()
  let s = nfc && !ASCII.test(text) ? text.normalize('NFC') : text;
  if (lowercase) s = s.toLowerCase();
  if (stripAccents) s = removeAccents(s);
  if (yo) s = s.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
  if (squash) s = squashRepeats(s);
  return s;
}

/**
 * Drops combining marks after decomposition (é → e, stress marks on Cyrillic vowels), except the
 * breve of й and the diaeresis of ё, which make separate Russian letters rather than accents.
 */
export function removeAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/([иИеЕ])([\u0306\u0308])|[\u0300-\u036f]/g, (m, base: string | undefined, mark: string | undefined) =>
      base ? base + mark : '',
    )
    .normalize('NFC');
}

/** Runs of one letter longer than 2 become 2 (sooo → soo); runs of other symbols longer than 3 become 3. */
export function squashRepeats(text: string): string {
  return text.replace(/(\p{L})\1{2,}/gu, '$1$1').replace(/([^\p{L}\p{N}\s])\1{3,}/gu, '$1$1$1');
}

