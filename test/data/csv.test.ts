import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { columnIndex, numericColumn, numericMatrix, parseCsv, readCsv } from '../../src/data/csv.js';
import { sharedData } from '../helpers/data.js';

describe('parseCsv', () => {
  test('quoted fields hold delimiters, newlines and doubled quotes', () => {
    const csv = parseCsv('name,text\nA,"x, y"\nB,"line1\nline2"\nC,"say ""hi"""\n');
    expect(csv.header).toEqual(['name', 'text']);
    expect(csv.rows).toEqual([['A', 'x, y'], ['B', 'line1\nline2'], ['C', 'say "hi"']]);
    expect(csv.lines).toEqual([2, 3, 5]); // row C starts after the two-line field
  });
  test('CRLF, BOM, blank lines and a missing final newline', () => {
    const csv = parseCsv('\ufeffa,b\r\n1,2\r\n\r\n3,\r\n4,5');
    expect(csv.header).toEqual(['a', 'b']);
    expect(csv.rows).toEqual([['1', '2'], ['3', ''], ['4', '5']]);
  });
  test('tab delimiter is detected; header: false names columns c0…', () => {
    const csv = parseCsv('1\t2\n3\t4,5\n', { header: false });
    expect(csv.header).toEqual(['c0', 'c1']);
    expect(csv.rows).toEqual([['1', '2'], ['3', '4,5']]);
  });
  test('a row with the wrong number of fields names the file and line', () => {
    expect(() => parseCsv('a,b,c\n1,2,3\n\n4,5\n', { file: 'adult.test' })).toThrow(
      'adult.test:4: expected 3 fields, got 2',
    );
    expect(() => parseCsv('a\n"open', { file: 'f.csv' })).toThrow(/f\.csv:2: unterminated/);
    expect(() => parseCsv('', { file: 'e.csv' })).toThrow('e.csv: empty file');
  });
  test('trim and skipLines read the UCI Adult layout', () => {
    const csv = parseCsv('|1x3 Cross validator\n25, Private, <=50K.\n', { header: false, trim: true, skipLines: 1 });
    expect(csv.rows).toEqual([['25', 'Private', '<=50K.']]);
    expect(csv.lines).toEqual([2]);
  });
});

describe('numeric columns', () => {
  const csv = parseCsv('age,name,score\n30,a,1.5\n?,b,\n41,c,2e3\n', { file: 'p.csv' });
  test('numbers, with missing markers as NaN', () => {
    expect(numericColumn(csv, 'age')).toBeAllClose([30, NaN, 41]);
    expect(numericColumn(csv, 2)).toBeAllClose([1.5, NaN, 2000]);
    expect(numericMatrix(csv, ['age', 'score']).data).toBeAllClose([30, 1.5, NaN, NaN, 41, 2000]);
  });
  test('a non-numeric value names the column and line', () => {
    expect(() => numericColumn(csv, 'name')).toThrow(`p.csv:2: column 'name': not a number: "a"`);
    expect(() => columnIndex(csv, 'income')).toThrow(/no column 'income' \(columns: age, name, score\)/);
  });
});

describe('readCsv', () => {
  test('reads a file and names it in errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csv-'));
    const path = join(dir, 'x.csv');
    writeFileSync(path, 'a,b\n1,2\n3\n');
    expect(() => readCsv(path)).toThrow(`${path}:3: expected 2 fields, got 1`);
  });
  test('UCI Adult test split: 16,281 rows of 15 fields', () => {
    const csv = readCsv(sharedData('adult', 'adult.test'), { header: false, trim: true, skipLines: 1 });
    expect(csv.rows.length).toBe(16281);
    expect(csv.rows[0]).toHaveLength(15);
    expect(csv.rows[0][14]).toBe('<=50K.');
  });
});
