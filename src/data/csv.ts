import { readFileSync } from 'node:fs';

export interface CsvOptions {
  /** field separator; 'auto' (default) picks tab when the first line has more tabs than commas */
  delimiter?: ',' | '\t' | ';' | '|' | 'auto';
  /** the first record names the columns (default true); otherwise names are c0, c1, … */
  header?: boolean;
  /** file name used in error messages */
  file?: string;
  /** trim spaces around unquoted fields, for files written as `a, b, c` (default false) */
  trim?: boolean;
  /** skip this many physical lines before parsing (e.g. adult.test's `|1x3 Cross validator`) */
  skipLines?: number;
}

export interface Csv {
  header: string[];
  rows: string[][];
  /** 1-based physical line on which each row starts, for error messages */
  lines: number[];
  file: string;
}

/**
 * Parses CSV/TSV text as RFC 4180: quoted fields may hold delimiters, newlines and doubled quotes
 * (`""`); CRLF and a UTF-8 BOM are accepted; empty lines are skipped. A row whose field count
 * differs from the first row throws `file:line: expected N fields, got M`.
 * Example: parseCsv('a,b\n1,"x, y"\n').rows // [['1', 'x, y']]
 */
export function parseCsv(text: string, opts: CsvOptions = {}): Csv {
  const file = opts.file ?? '<csv>';
  const trim = opts.trim ?? false;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  for (let s = 0; s < (opts.skipLines ?? 0) && pos < text.length; s++) {
    const nl = text.indexOf('\n', pos);
    pos = nl < 0 ? text.length : nl + 1;
    line++;
  }
  const delim = opts.delimiter === undefined || opts.delimiter === 'auto' ? sniff(text, pos) : opts.delimiter;
  const d = delim.charCodeAt(0);
  const records: string[][] = [];
  const lines: number[] = [];
  const n = text.length;
  while (pos < n) {
    const startLine = line;
    const fields: string[] = [];
    let atEnd = false;
    while (!atEnd) {
      let value: string;
      let c = text.charCodeAt(pos);
      if (trim) while (c === 32) c = text.charCodeAt(++pos);
      if (c === 34 /* " */) {
        let out = '';
        let from = ++pos;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) throw new Error(`${file}:${startLine}: unterminated quoted field`);
          out += text.slice(from, q);
          for (let i = from; i < q; i++) if (text.charCodeAt(i) === 10) line++;
          if (text.charCodeAt(q + 1) === 34) {
            out += '"'; // doubled quote inside a quoted field is one literal quote
            from = q + 2;
          } else {
            pos = q + 1;
            break;
          }
        }
        if (trim) while (text.charCodeAt(pos) === 32) pos++;
        value = out;
        c = text.charCodeAt(pos);
        if (!(c === d || c === 10 || c === 13 || pos >= n))
          throw new Error(`${file}:${line}: unexpected character after closing quote`);
      } else {
        const from = pos;
        while (pos < n) {
          c = text.charCodeAt(pos);
          if (c === d || c === 10 || c === 13) break;
          pos++;
        }
        value = text.slice(from, pos);
        if (trim) value = value.trimEnd();
      }
      fields.push(value);
      if (pos >= n) atEnd = true;
      else if (c === d) pos++;
      else {
        if (c === 13 && text.charCodeAt(pos + 1) === 10) pos++;
        pos++;
        line++;
        atEnd = true;
      }
    }
    if (fields.length === 1 && fields[0] === '') continue; // blank line
    records.push(fields);
    lines.push(startLine);
  }
  const hasHeader = opts.header ?? true;
  if (records.length === 0) {
    if (hasHeader) throw new Error(`${file}: empty file`);
    return { header: [], rows: [], lines: [], file };
  }
  const width = records[0].length;
  for (let r = 1; r < records.length; r++)
    if (records[r].length !== width)
      throw new Error(`${file}:${lines[r]}: expected ${width} fields, got ${records[r].length}`);
  if (!hasHeader) return { header: records[0].map((_, i) => `c${i}`), rows: records, lines, file };
  return { header: records[0], rows: records.slice(1), lines: lines.slice(1), file };
}

/** Tab when the first line has more tabs than commas, else comma. */
function sniff(text: string, from: number): ',' | '\t' {
  const nl = text.indexOf('\n', from);
  const first = text.slice(from, nl < 0 ? text.length : nl);
  const tabs = first.split('\t').length;
  const commas = first.split(',').length;
  return tabs > commas ? '\t' : ',';
}

/**
 * Reads and parses a CSV/TSV file (UTF-8); errors name the file.
 * Example: const { header, rows } = readCsv('adult.data', { header: false, trim: true });
 */
export function readCsv(path: string, opts: CsvOptions = {}): Csv {
  return parseCsv(readFileSync(path, 'utf8'), { file: path, ...opts });
}

/** Index of a named column; throws naming the column and the available ones. */
export function columnIndex(csv: Pick<Csv, 'header' | 'file'>, name: string): number {
  const i = csv.header.indexOf(name);
  if (i < 0) throw new Error(`${csv.file}: no column '${name}' (columns: ${csv.header.join(', ')})`);
  return i;
}

/**
 * Converts one column to numbers. Empty fields and the `missing` markers become NaN; any other
 * non-numeric value throws `file:line: column 'age': not a number: "abc"`.
 * Example: numericColumn(csv, 'age') // Float64Array
 */
export function numericColumn(
  csv: Csv,
  column: string | number,
  { missing = ['', 'NA', 'NaN', '?'] }: { missing?: string[] } = {},
): Float64Array {
  const j = typeof column === 'number' ? column : columnIndex(csv, column);
  const name = csv.header[j] ?? `#${j}`;
  const out = new Float64Array(csv.rows.length);
  for (let r = 0; r < csv.rows.length; r++) {
    const s = csv.rows[r][j].trim();
    if (missing.includes(s)) {
      out[r] = NaN;
      continue;
    }
    const x = Number(s);
    if (!Number.isFinite(x))
      throw new Error(`${csv.file}:${csv.lines[r]}: column '${name}': not a number: ${JSON.stringify(s)}`);
    out[r] = x;
  }
  return out;
}

/**
 * Converts the given columns (default: all) to a row-major numeric matrix.
 * Example: const { data, rows, cols } = numericMatrix(csv, ['f0', 'f1']);
 */
export function numericMatrix(
  csv: Csv,
  columns: (string | number)[] = csv.header.map((_, i) => i),
  opts: { missing?: string[] } = {},
): { data: Float64Array; rows: number; cols: number } {
  const rows = csv.rows.length;
  const cols = columns.length;
  const data = new Float64Array(rows * cols);
  columns.forEach((c, j) => {
    const col = numericColumn(csv, c, opts);
    for (let r = 0; r < rows; r++) data[r * cols + j] = col[r];
  });
  return { data, rows, cols };
}
