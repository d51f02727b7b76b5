/**
 * The characters of a text as token ids, for character-level language models. Characters are
 * Unicode code points (so Cyrillic, accents and emoji are one token each), sorted by code point.
 * Example: const v = CharVocab.fromText('abba'); v.encode('ab') // Int32Array [0, 1]
 */
export class CharVocab {
  private readonly index: Map<string, number>;
  constructor(readonly chars: readonly string[]) {
    if (chars.length === 0) throw new Error('CharVocab: the vocabulary is empty');
    this.index = new Map(chars.map((c, i) => [c, i]));
    if (this.index.size !== chars.length) throw new Error('CharVocab: characters repeat');
  }

  /** The distinct characters of text; an empty text is an error (there is nothing to model). */
  static fromText(text: string, source = 'text'): CharVocab {
    if (text.length === 0) throw new Error(`${source} is empty: a character model needs some text to learn from`);
    const set = new Set(text); // iterates code points, not UTF-16 units
    return new CharVocab([...set].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!));
  }

  get size(): number {
    return this.chars.length;
  }

  has(c: string): boolean {
    return this.index.has(c);
  }

  /** Ids of the characters of text; a character outside the vocabulary is an error naming it. */
  encode(text: string): Int32Array {
    const chars = Array.from(text);
    const out = new Int32Array(chars.length);
    chars.forEach((c, i) => {
      const id = this.index.get(c);
      if (id === undefined) throw new Error(`character ${describe(c)} at position ${i} is not in the vocabulary of ${this.size} characters`);
      out[i] = id;
    });
    return out;
  }

  decode(ids: Iterable<number>): string {
    let s = '';
    for (const i of ids) s += this.chars[i];
    return s;
  }

  toJSON(): { chars: string[] } {
    return { chars: [...this.chars] };
  }

  static fromJSON(json: { chars?: unknown }): CharVocab {
    if (!Array.isArray(json.chars) || json.chars.some((c) => typeof c !== 'string' || [...c].length !== 1))
      throw new Error('CharVocab.fromJSON: expected { chars: [one character per entry] }');
    return new CharVocab(json.chars as string[]);
  }
}

/** 'x' or U+000A for characters that do not print. */
function describe(c: string): string {
  const hex = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(c) ? `'${c}' (${hex})` : hex;
}
