import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { UsageError } from '../../cli/args.js';
import { command } from '../../cli/commands/text.js';
import { sharedData } from '../helpers/data.js';

const dir = mkdtempSync(join(tmpdir(), 'perceptio-text-cli-'));
let out = '';
beforeEach(() => {
  out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const csv = join(dir, 'reviews.csv');
writeFileSync(csv, [
  'id,review,stars',
  '1,"Отличный фильм, всем советую!",pos',
  '2,"Ужасно, скучно и долго",neg',
  '3,"Great movie, loved it",pos',
  '4,"Boring, awful ""plot""",neg',
  '5,"Хороший сюжет, отличные актёры",pos',
  '6,"Скучный, плохой фильм",neg',
].join('\n'));

describe('perceptio text', () => {
  test('train, predict and explain a CSV with named columns', async () => {
    const model = join(dir, 'model.json');
    expect(await command.run(['train', csv, '--text-column', 'review', '--label-column', 'stars', '--stem', '--lang', 'ru', '-o', model, '--json'])).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ examples: 6, classes: ['neg', 'pos'] });
    out = '';
    expect(await command.run(['predict', model, 'отличное кино', 'скучно', '--proba'])).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines.map((l) => l.split('\t')[0])).toEqual(['pos', 'neg']);
    expect(lines[0]).toMatch(/neg=0\.\d+ pos=0\.\d+/);
    out = '';
    expect(await command.run(['explain', model, 'отличное кино', '--json'])).toBe(0);
    const e = JSON.parse(out);
    expect(e.label).toBe('pos');
    expect(e.tokens[0]).toMatchObject({ token: 'отличное' });
    expect(e.tokens[0].contribution).toBeGreaterThan(0);
  });

  test('one text per line with the label after a tab; --test and --cv report scores', async () => {
    const data = sharedData('sentiment-sentences', 'yelp_labelled.txt');
    const test = sharedData('sentiment-sentences', 'amazon_cells_labelled.txt');
    const model = join(dir, 'yelp.json');
    expect(await command.run(['train', data, '--model', 'nb', '--vectorizer', 'binary', '--test', test, '--cv', '3', '-o', model, '--json'])).toBe(0);
    const r = JSON.parse(out);
    expect(r.test.accuracy).toBeGreaterThan(0.7);
    expect(r.cv.folds).toBe(3);
    const file = join(dir, 'texts.txt');
    writeFileSync(file, 'great phone\nbroke after a day\n');
    out = '';
    expect(await command.run(['predict', model, '--file', file])).toBe(0);
    expect(out.trim().split('\n')).toEqual(['1', '0']);
  });

  test('clear errors: encoding, missing column, single-example label, bad options', async () => {
    const cp1251 = join(dir, 'cp1251.csv');
    writeFileSync(cp1251, Buffer.concat([Buffer.from('text,label\n'), Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), Buffer.from(',a\n')]));
    await expect(command.run(['train', cp1251, '-o', join(dir, 'x.json')])).rejects.toThrow(/cp1251\.csv:2: not valid UTF-8.*Windows-1251/);
    await expect(command.run(['train', csv, '-o', join(dir, 'x.json')])).rejects.toThrow(/no column 'text' \(columns: id, review, stars\)/);
    const single = join(dir, 'single.tsv');
    writeFileSync(single, 'text\tlabel\ngood\tpos\nbad\tneg\nfine\tpos\nworse\tneg\nmeh\tneutral\n');
    await expect(command.run(['train', single, '-o', join(dir, 'x.json')])).rejects.toThrow(/single\.tsv:6: label "neutral" has only one example/);
    await expect(command.run(['train', csv, '--model', 'forest', '-o', 'x'])).rejects.toThrow(UsageError);
    await expect(command.run(['train', csv, '--ngram', '3-1', '-o', 'x'])).rejects.toThrow(/--ngram expects A-B/);
    await expect(command.run(['train', csv])).rejects.toThrow(/needs -o/);
    await expect(command.run(['train', join(dir, 'none.csv'), '-o', 'x'])).rejects.toThrow(/none\.csv: no such file/);
    await expect(command.run(['predict', join(dir, 'missing.json'), 'x'])).rejects.toThrow(/no model file/);
    await expect(command.run(['fit'])).rejects.toThrow(/unknown sub-command 'fit'/);
  });
});
