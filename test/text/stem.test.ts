import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../helpers/data.js';
import { mixedStemmer, stemmer } from '../../src/text/stem.js';
import { stopWords } from '../../src/text/stopwords.js';

// word/stem pairs copied from the Snowball project's published vocabularies (snowball-data
// diffs.txt); see each fixture's "source" and scripts/snowball-fixture.py
describe.each([
  ['en', 'snowball-en.json'],
  ['ru', 'snowball-ru.json'],
] as const)('Snowball %s', (lang, file) => {
  const fixture = JSON.parse(readFileSync(`${repoRoot}/test/fixtures/${file}`, 'utf8')) as { pairs: [string, string][] };
  test(`matches all ${fixture.pairs.length} published pairs`, () => {
    const stem = stemmer(lang);
    const wrong = fixture.pairs.filter(([w, s]) => stem(w) !== s).map(([w, s]) => `${w}: ${stem(w)} ≠ ${s}`);
    expect(wrong).toEqual([]);
    expect(fixture.pairs.length).toBeGreaterThan(400);
  });
});

test('mixedStemmer picks the stemmer by script', () => {
  const s = mixedStemmer();
  expect([s('abandoned'), s('абонируюсь'), s('42'), s('😀')]).toEqual(['abandon', 'абонир', '42', '😀']);
});

test('stop words: both languages, ё written е, negations can be kept', () => {
  const sw = stopWords(['en', 'ru'], { keep: ['не', 'not'] });
  expect(sw.has('the') && sw.has('и') && sw.has('еще')).toBe(true);
  expect(sw.has('не') || sw.has('not')).toBe(false);
  expect(() => stopWords('xx' as 'en')).toThrow(/no list for language 'xx'/);
});
