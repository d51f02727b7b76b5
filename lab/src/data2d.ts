// Two-dimensional classification datasets for the playground (seeded, so a page reload shows
// the same points), and the reader for a user's own CSV of x, y, label rows.
import { Generator } from 'perceptio';

export interface Points2d {
  /** row-major [n, 2] */
  x: Float32Array;
  /** class index per point, 0…classes−1 */
  y: Int32Array;
  classes: number;
}

export const datasetNames = ['xor', 'circles', 'spirals', 'blobs'] as const;
export type DatasetName = (typeof datasetNames)[number];

/** n points of a named dataset, coordinates within about [−1, 1], with Gaussian noise. */
export function makeDataset(name: DatasetName, { n = 200, noise = 0.1, seed = 1 } = {}): Points2d {
  const g = new Generator(seed);
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  let classes = 2;
  for (let i = 0; i < n; i++) {
    let a = 0, b = 0, c = 0;
    if (name === 'xor') {
      a = 2 * g.next() - 1;
      b = 2 * g.next() - 1;
      // keep points off the axes so the four quadrants are separable by eye
      a += Math.sign(a) * 0.05;
      b += Math.sign(b) * 0.05;
      c = a * b > 0 ? 0 : 1;
    } else if (name === 'circles') {
      c = i % 2;
      const r = c === 0 ? 0.35 * g.next() : 0.65 + 0.3 * g.next();
      const t = 2 * Math.PI * g.next();
      a = r * Math.cos(t);
      b = r * Math.sin(t);
    } else if (name === 'spirals') {
      c = i % 2;
      const s = g.next();
      const r = 0.05 + 0.9 * s;
      const t = 3 * Math.PI * s + c * Math.PI;
      a = r * Math.cos(t);
      b = r * Math.sin(t);
    } else {
      classes = 3;
      c = i % 3;
      const t = (2 * Math.PI * c) / 3 + 0.3;
      a = 0.55 * Math.cos(t) + 0.2 * g.normal();
      b = 0.55 * Math.sin(t) + 0.2 * g.normal();
    }
    x[2 * i] = a + noise * g.normal();
    x[2 * i + 1] = b + noise * g.normal();
    y[i] = c;
  }
  return { x, y, classes };
}

/** A CSV that cannot be used: `key` names the i18n message, vars fill it. */
export class CsvError extends Error {
  constructor(readonly key: string, readonly vars: Record<string, string | number> = {}) {
    super(`${key} ${JSON.stringify(vars)}`);
  }
}

const MAX_ROWS = 5000;
const MAX_CLASSES = 8;

/**
 * Reads rows of `x,y,label` (comma, semicolon or tab; an optional header row). Labels may be
 * numbers or names; coordinates are rescaled into [−1, 1] so any units train alike.
 * Throws CsvError with a message key when the columns are wrong.
 */
export function parseCsv2d(text: string): Points2d & { labels: string[] } {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length === 0) throw new CsvError('playground.csvEmpty');
  const sep = [',', ';', '\t'].find((s) => lines[0].includes(s)) ?? ',';
  const cells = lines.map((l) => l.split(sep).map((c) => c.trim().replace(/^"(.*)"$/, '$1')));
  const isNum = (s: string) => s !== '' && Number.isFinite(Number(s));
  // a header names both coordinates; one bad number in the first row is an error, not a header
  const header = cells[0].length >= 2 && !isNum(cells[0][0]) && !isNum(cells[0][1]) ? 1 : 0;
  if (header) cells.shift();
  if (cells.length < 4) throw new CsvError('playground.csvTooFew', { rows: cells.length });
  if (cells.length > MAX_ROWS) throw new CsvError('playground.csvTooMany', { rows: cells.length, max: MAX_ROWS });
  const n = cells.length;
  const x = new Float32Array(n * 2);
  const names: string[] = [];
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = cells[i];
    if (row.length !== 3) throw new CsvError('playground.csvColumns', { line: i + 1 + header, count: row.length });
    if (!isNum(row[0]) || !isNum(row[1])) throw new CsvError('playground.csvNumber', { line: i + 1 + header, value: isNum(row[0]) ? row[1] : row[0] });
    if (row[2] === '') throw new CsvError('playground.csvLabel', { line: i + 1 + header });
    x[2 * i] = Number(row[0]);
    x[2 * i + 1] = Number(row[1]);
    let c = names.indexOf(row[2]);
    if (c < 0) c = names.push(row[2]) - 1;
    y[i] = c;
  }
  if (names.length < 2) throw new CsvError('playground.csvOneClass');
  if (names.length > MAX_CLASSES) throw new CsvError('playground.csvManyClasses', { count: names.length, max: MAX_CLASSES });
  for (const d of [0, 1]) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, x[2 * i + d]);
      hi = Math.max(hi, x[2 * i + d]);
    }
    const mid = (lo + hi) / 2, half = (hi - lo) / 2 || 1;
    for (let i = 0; i < n; i++) x[2 * i + d] = (x[2 * i + d] - mid) / half;
  }
  return { x, y, classes: names.length, labels: names };
}
