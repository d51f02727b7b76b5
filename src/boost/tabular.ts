import { columnIndex, numericColumn, type Csv } from '../data/csv.js';
import type { Matrix } from './matrix.js';

/** One feature column of a table: numbers, or strings mapped to category codes. */
export interface ColumnSpec {
  name: string;
  kind: 'numeric' | 'categorical';
  /** categorical: code i is categories[i] */
  categories?: string[];
}

/** How a CSV table maps to a feature matrix and a target; saved with CLI models. */
export interface TableSchema {
  target: string;
  task: 'classification' | 'regression';
  features: ColumnSpec[];
  /** classification: the label of each class index */
  classes?: string[];
}

/** Cell values read as missing. */
export const missingMarkers = ['', '?', 'NA', 'NaN', 'nan', 'null', 'NULL'];

/**
 * Builds a schema from training data: every column but the target (and `drop`) is a feature,
 * numeric unless listed in `categorical`. Errors name the file, line and column: a non-numeric value
 * in a numeric column, a missing target column, a constant target, a file without rows.
 * Example: fitSchema(readCsv('adult.csv'), { target: 'income', categorical: ['workclass'] })
 */
export function fitSchema(
  csv: Csv,
  { target, categorical = [], drop = [], task }: {
    target: string; categorical?: string[]; drop?: string[]; task?: 'classification' | 'regression';
  },
): TableSchema {
  if (csv.rows.length === 0) throw new Error(`${csv.file}: no data rows`);
  const t = columnIndex(csv, target);
  for (const c of [...categorical, ...drop]) columnIndex(csv, c);
  const features: ColumnSpec[] = [];
  csv.header.forEach((name, j) => {
    if (j === t || drop.includes(name)) return;
    if (categorical.includes(name)) {
      const seen = new Set<string>();
      for (const row of csv.rows) if (!missingMarkers.includes(row[j].trim())) seen.add(row[j].trim());
      features.push({ name, kind: 'categorical', categories: [...seen].sort() });
    } else {
      numericColumn(csv, j, { missing: missingMarkers }); // throws file:line: column 'x': not a number
      features.push({ name, kind: 'numeric' });
    }
  });
  if (features.length === 0) throw new Error(`${csv.file}: no feature columns besides the target '${target}'`);
  const labels = csv.rows.map((r) => r[t].trim());
  csv.rows.forEach((r, i) => {
    if (missingMarkers.includes(r[t].trim())) throw new Error(`${csv.file}:${csv.lines[i]}: target '${target}' is missing`);
  });
  const distinct = [...new Set(labels)];
  if (distinct.length < 2)
    throw new Error(`${csv.file}: target column '${target}' is constant (${JSON.stringify(distinct[0])}); nothing to learn`);
  const numeric = labels.every((l) => Number.isFinite(Number(l)));
  const kind = task ?? (!numeric || distinct.length <= 2 ? 'classification' : 'regression');
  if (kind === 'regression') {
    if (!numeric) numericColumn(csv, t, { missing: [] }); // names the first bad line
    return { target, task: kind, features };
  }
  const classes = numeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
  return { target, task: kind, features, classes };
}

/** The feature matrix of a table under a schema; unseen categories get a code the model never saw. */
export function encodeFeatures(csv: Csv, schema: TableSchema): Matrix {
  const rows = csv.rows.length;
  const cols = schema.features.length;
  const data = new Float64Array(rows * cols);
  schema.features.forEach((spec, c) => {
    const j = columnIndex(csv, spec.name);
    if (spec.kind === 'numeric') {
      const v = numericColumn(csv, j, { missing: missingMarkers });
      for (let r = 0; r < rows; r++) data[r * cols + c] = v[r];
    } else {
      const code = new Map(spec.categories!.map((s, i) => [s, i]));
      const unseen = spec.categories!.length;
      for (let r = 0; r < rows; r++) {
        const s = csv.rows[r][j].trim();
        data[r * cols + c] = missingMarkers.includes(s) ? NaN : (code.get(s) ?? unseen);
      }
    }
  });
  return { data, rows, cols };
}

/** The target as numbers: class indices for classification, values for regression. */
export function encodeTarget(csv: Csv, schema: TableSchema): Float64Array {
  const t = columnIndex(csv, schema.target);
  if (schema.task === 'regression') return numericColumn(csv, t, { missing: [] });
  const code = new Map(schema.classes!.map((s, i) => [s, i]));
  return Float64Array.from(csv.rows, (r, i) => {
    const c = code.get(r[t].trim());
    if (c === undefined) throw new Error(`${csv.file}:${csv.lines[i]}: unknown class ${JSON.stringify(r[t].trim())} in '${schema.target}'`);
    return c;
  });
}

/** Indices of the categorical features, for the booster's categoricalFeatures. */
export function categoricalIndices(schema: TableSchema): number[] {
  return schema.features.flatMap((f, i) => (f.kind === 'categorical' ? [i] : []));
}
