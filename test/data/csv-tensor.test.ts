import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { csvToTensors, parseCsv, readCsvTensors } from '../../src/data/index.js';

describe('CSV to tensors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perceptio-csv-'));
  test('features and a numeric target', () => {
    const p = join(dir, 'land.csv');
    writeFileSync(p, 'area,river,road,price\n10,1,0,29.1\n"20",0,1,60\n');
    const { x, y, columns, target } = readCsvTensors(p, { target: 'price' });
    expect(columns).toEqual(['area', 'river', 'road']);
    expect(target).toBe('price');
    expect(x.shape).toEqual([2, 3]);
    expect(x.toArray()).toEqual([
      [10, 1, 0],
      [20, 0, 1],
    ]);
    expect(y.toArray()).toBeAllClose([29.1, 60], { rtol: 1e-6 });
  });
  test('a string target becomes int32 classes', () => {
    const csv = parseCsv('a;b;label\n1;2;cat\n3;4;dog\n5;6;cat\n', { delimiter: ';' });
    const { y, classes, x } = csvToTensors(csv, {
      target: 'label',
      features: ['b'],
      dtype: 'float64',
    });
    expect(classes).toEqual(['cat', 'dog']);
    expect(y.dtype).toBe('int32');
    expect(y.toArray()).toEqual([0, 1, 0]);
    expect(x.dtype).toBe('float64');
    expect(x.toArray()).toEqual([[2], [4], [6]]);
    const num = csvToTensors(parseCsv('a,c\n1,10\n2,2\n'), { target: 1, targetType: 'class' });
    expect(num.classes).toEqual(['2', '10']);
  });
  test('a bad row names the file and line', () => {
    const p = join(dir, 'bad.csv');
    writeFileSync(p, 'a,b,y\n1,2,3\n4,oops,6\n');
    expect(() => readCsvTensors(p, { target: 'y' })).toThrow(
      /bad\.csv:3: column 'b': not a number: "oops"/,
    );
    writeFileSync(p, 'a,b,y\n1,2,3\n4,,6\n');
    expect(() => readCsvTensors(p, { target: 'y' })).toThrow(
      /bad\.csv:3: column 'b': missing value/,
    );
    expect(readCsvTensors(p, { target: 'y', allowMissing: true }).x.toArray()).toEqual([
      [1, 2],
      [4, NaN],
    ]);
    expect(() => readCsvTensors(p, { target: 'price' })).toThrow(/no column 'price'/);
    writeFileSync(p, 'a,b,y\n1,2,3\n4,5\n');
    expect(() => readCsvTensors(p, { target: 'y' })).toThrow(
      /bad\.csv:3: expected 3 fields, got 2/,
    );
  });
  test('a missing file names the path', () => {
    expect(() => readCsvTensors(join(dir, 'absent.csv'), { target: 'y' })).toThrow(
      /file not found: .*absent\.csv/,
    );
  });
});
