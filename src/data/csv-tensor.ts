import { existsSync } from 'node:fs';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { columnIndex, numericColumn, readCsv, type Csv, type CsvOptions } from './csv.js';

export interface CsvTensorOptions extends CsvOptions {
  /** the column to predict, by name or index */
  target: string | number;
  /** the input columns (default: every column but the target) */
  features?: (string | number)[];
  /** dtype of x and of a numeric y (default float32) */
  dtype?: 'float32' | 'float64';
  /**
   * 'numeric' parses y as numbers; 'class' maps its distinct values (sorted) to int32 class indices;
   * 'auto' (default) is numeric when every value is a number, else class
   */
  targetType?: 'auto' | 'numeric' | 'class';
  /** accept empty/NA fields as NaN instead of throwing (default false) */
  allowMissing?: boolean;
}

export interface CsvTensors {
  /** [rows, features] */
  x: Tensor;
  /** [rows]: numbers (dtype) or int32 class indices */
  y: Tensor;
  /** the feature names, in x's column order */
  columns: string[];
  target: string;
  /** for a class target, the label of each class index */
  classes?: string[];
}

/**
 * Features and target of a parsed CSV as tensors. A non-numeric or (unless allowMissing) missing
 * feature value throws `file:line: column 'name': …`.
 * Example: const { x, y, columns } = csvToTensors(parseCsv(text), { target: 'price' });
 */
export function csvToTensors(csv: Csv, opts: CsvTensorOptions): CsvTensors {
  const t = typeof opts.target === 'number' ? opts.target : columnIndex(csv, opts.target);
  if (t < 0 || t >= csv.header.length)
    throw new Error(
      `${csv.file}: target column index ${t} is out of range (${csv.header.length} columns)`,
    );
  const feats = (opts.features ?? csv.header.map((_, i) => i).filter((i) => i !== t)).map((c) =>
    typeof c === 'number' ? c : columnIndex(csv, c),
  );
  const rows = csv.rows.length;
  const dtype = opts.dtype ?? 'float32';
  const x = new (dtype === 'float64' ? Float64Array : Float32Array)(rows * feats.length);
  feats.forEach((c, j) => {
    const col = numericColumn(csv, c);
    for (let r = 0; r < rows; r++) {
      if (Number.isNaN(col[r]) && !opts.allowMissing)
        throw new Error(`${csv.file}:${csv.lines[r]}: column '${csv.header[c]}': missing value`);
      x[r * feats.length + j] = col[r];
    }
  });
  const raw = csv.rows.map((r) => r[t].trim());
  const numeric = raw.every((s) => s !== '' && Number.isFinite(Number(s)));
  const kind = opts.targetType ?? 'auto';
  const out = {
    x: tensor(x, { shape: [rows, feats.length] }),
    columns: feats.map((c) => csv.header[c]),
    target: csv.header[t],
  };
  if (kind === 'numeric' || (kind === 'auto' && numeric)) {
    const y = numericColumn(csv, t);
    y.forEach((v, r) => {
      if (Number.isNaN(v))
        throw new Error(
          `${csv.file}:${csv.lines[r]}: column '${csv.header[t]}': missing target value`,
        );
    });
    return { ...out, y: tensor(dtype === 'float64' ? y : Float32Array.from(y)) };
  }
  const classes = [...new Set(raw)].sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  const index = new Map(classes.map((c, i) => [c, i]));
  return { ...out, y: tensor(Int32Array.from(raw, (s) => index.get(s)!)), classes };
}

/**
 * Reads a CSV/TSV file into { x, y, columns }; errors name the file and line.
 * Example: const { x, y } = readCsvTensors('houses.csv', { target: 'price' });
 */
export function readCsvTensors(path: string, opts: CsvTensorOptions): CsvTensors {
  if (!existsSync(path)) throw new Error(`readCsvTensors: file not found: ${path}`);
  return csvToTensors(readCsv(path, opts), opts);
}
