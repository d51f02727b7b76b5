import { describe, expect, test } from 'vitest';
import { markNegation, splitSentences, tokenize, tokens } from '../../src/text/tokenize.js';
import { normalize, removeAccents } from '../../src/text/normalize.js';

const kinds = (text: string) => tokens(text, { punctuation: true }).map((t) => `${t.text}/${t.kind}`);

describe('tokens', () => {
  test.each([
    // English
    ["Don't stop-and-go, it's fine!", ["Don't/word", 'stop-and-go/word', ',/punct', "it's/word", 'fine/word', '!/punct']],
    ['see https://example.com/a?b=1. now', ['see/word', 'https://example.com/a?b=1/url', './punct', 'now/word']],
    ['www.site.org, mail me@mail.co.uk', ['www.site.org/url', ',/punct', 'mail/word', 'me@mail.co.uk/email']],
    ['@john_doe loves #NLP2024', ['@john_doe/mention', 'loves/word', '#NLP2024/hashtag']],
    ['costs 3.50 or 20% for the 2nd', ['costs/word', '3.50/number', 'or/word', '20%/number', 'for/word', 'the/word', '2nd/word']],
    ["it 's does n't", ['it/word', "'s/word", 'does/word', "n't/word"]], // PTB clitics as in SST-2
    ['great :) :-( ;P <3 xD ^_^', ['great/word', ':)/emoticon', ':-(/emoticon', ';P/emoticon', '<3/emoticon', 'xD/emoticon', '^_^/emoticon']],
    // Russian
    ['Ёлка-палка, кто-то пришёл!!!', ['Ёлка-палка/word', ',/punct', 'кто-то/word', 'пришёл/word', '!!!/punct']],
    ['Ура)))) до встречи((', ['Ура/word', '))))/emoticon', 'до/word', 'встречи/word', '((/emoticon']],
    ['Смотри vk.com и https://vk.com/id1 @durov', ['Смотри/word', 'vk/word', './punct', 'com/word', 'и/word', 'https://vk.com/id1/url', '@durov/mention']],
    // emoji: skin tones, ZWJ families and flags stay one token
    ['класс 👍🏽 👨‍👩‍👧 🇷🇺❤️', ['класс/word', '👍🏽/emoji', '👨‍👩‍👧/emoji', '🇷🇺/emoji', '❤️/emoji']],
  ])('%s', (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  test('drops punctuation unless asked, offsets point into the input', () => {
    expect(tokenize('Hi, you!')).toEqual(['Hi', 'you']);
    const t = tokens('Hi, you!');
    expect(t.map((x) => x.start)).toEqual([0, 4]);
  });

  test('placeholders replace URLs, e-mails, mentions and numbers', () => {
    expect(tokenize('@bob see http://x.io or a@b.io 42', { special: 'placeholder' })).toEqual([
      '<user>', 'see', '<url>', 'or', '<email>', '<num>',
    ]);
  });
});

describe('normalize', () => {
  test('lowercase, ё → е, squashing', () => {
    expect(normalize('ЁЖИК Сооооо!!!!!! Cooool 10000')).toBe('ежик соо!!! cool 10000');
  });
  test('NFC joins a decomposed ё so it is replaced too', () => {
    expect(normalize('е\u0308лка')).toBe('елка');
    expect(normalize('е\u0308лка', { yo: false })).toBe('ёлка');
  });
  test('accent stripping keeps й and ё but drops stress marks and Latin accents', () => {
    expect(removeAccents('ударе́ние йод ёж café naïve')).toBe('ударение йод ёж cafe naive');
  });
});

test('splitSentences', () => {
  expect(splitSentences('Привет! Как дела? Dr. Who is here. А. С. Пушкин пришёл… Конец')).toEqual([
    'Привет!', 'Как дела?', 'Dr. Who is here.', 'А. С. Пушкин пришёл…', 'Конец',
  ]);
});

test('markNegation marks the words after a negator until punctuation', () => {
  expect(markNegation(['this', 'is', "n't", 'good', ',', 'but', 'fun'])).toEqual([
    'this', 'is', "n't", 'NOT_good', ',', 'but', 'fun',
  ]);
  expect(markNegation(['мне', 'не', 'понравился', 'фильм', '.', 'жаль'])).toEqual([
    'мне', 'не', 'NOT_понравился', 'NOT_фильм', '.', 'жаль',
  ]);
});
