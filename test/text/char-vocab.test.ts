import { expect, test } from 'vitest';
import { CharVocab } from '../../src/text/char-vocab.js';

test('the vocabulary is the distinct code points of the text, sorted; Cyrillic and emoji are one token each', () => {
  const v = CharVocab.fromText('Привет, мир! 🎵 ba');
  expect(v.chars).toContain('🎵');
  expect(v.chars.slice(0, 4)).toEqual([' ', '!', ',', 'a']);
  expect(v.size).toBe(new Set('Привет, мир! 🎵 ba').size);
  const ids = v.encode('мир 🎵');
  expect(ids.length).toBe(5);
  expect(v.decode(ids)).toBe('мир 🎵');
});

test('encode names an unknown character and its position; JSON round trip', () => {
  const v = CharVocab.fromText('abc\n');
  expect(() => v.encode('ab\nZ')).toThrow(/'Z' \(U\+005A\) at position 3 is not in the vocabulary of 4 characters/);
  expect(() => v.encode('\t')).toThrow(/U\+0009 at position 0/);
  expect(CharVocab.fromJSON(v.toJSON()).encode('cab')).toEqual(v.encode('cab'));
  expect(() => CharVocab.fromJSON({ chars: ['ab'] })).toThrow(/one character per entry/);
});

test('an empty text is a clear error', () => {
  expect(() => CharVocab.fromText('', 'notes.txt')).toThrow(/notes.txt is empty: a character model needs some text/);
});
