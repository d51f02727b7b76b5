import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseCsv } from '../data/csv.js';
import { IdMap } from './ids.js';
import { Interactions, type Triple } from './interactions.js';

/** Which columns hold what, by header name or 0-based position. */
export interface ColumnSpec {
  user: string | number;
  item: string | number;
  value?: string | number;
  time?: string | number;
}

export interface LoadOptions {
  /** id maps to extend, so several files share indices */
  users?: IdMap;
  items?: IdMap;
  /** 'udata' (tab, no header), 'dat' (`::`), 'csv' (header); default: from the name and first line */
  format?: 'udata' | 'dat' | 'csv';
  /** columns of a 'csv' file; default: the first header names among userId/user/…, movieId/item/… */
  columns?: ColumnSpec;
  /** treat every row as an implicit event (value 1), ignoring any rating column */
  implicit?: boolean;
}

const guesses = {
  user: ['userid', 'user_id', 'user', 'uid', 'customer_id', 'visitorid'],
  item: ['movieid', 'itemid', 'item_id', 'movie_id', 'item', 'iid', 'product_id', 'itemid'],
  value: ['rating', 'value', 'score', 'weight', 'count'],
  time: ['timestamp', 'time', 'ts', 'date', 'datetime'],
};

/** u.data and ua.base are tab-separated, ratings.dat uses `::`, anything else is a CSV with a header. */
function detectFormat(path: string, text: string): 'udata' | 'dat' | 'csv' {
  const first = text.slice(0, text.indexOf('\n') >>> 0);
  if (first.includes('::')) return 'dat';
  if (/\.(data|base|test)$/.test(path) || (first.includes('\t') && /^\d/.test(first))) return 'udata';
  return 'csv';
}

function findColumn(header: string[], want: string | number | undefined, names: string[]): number {
  if (typeof want === 'number') return want;
  const lower = header.map((h) => h.trim().toLowerCase());
  if (want !== undefined) return lower.indexOf(want.toLowerCase());
  for (const n of names) {
    const i = lower.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

function toNumber(s: string, file: string, line: number, what: string): number {
  const t = s.trim();
  const x = Number(t);
  if (t === '' || !Number.isFinite(x)) {
    const ms = Date.parse(t); // ISO dates are accepted as times
    if (what === 'time' && Number.isFinite(ms)) return ms / 1000;
    throw new Error(`${file}:${line}: ${what} is not a number: ${JSON.stringify(s)}`);
  }
  return x;
}

/**
 * Reads interactions from MovieLens `u.data` (tab-separated user, item, rating, time), `ratings.dat`
 * (`::`) or `ratings.csv`, or any CSV with user, item and optional value and time columns. A
 * malformed line throws `file:line: …`.
 * Example: const triples = readTriples('ml-100k/u.data');
 */
export function readTriples(path: string, opts: Omit<LoadOptions, 'users' | 'items'> = {}): Triple[] {
  const text = readFileSync(path, 'utf8');
  const format = opts.format ?? detectFormat(path, text);
  let rows: string[][];
  let lines: number[];
  let cols: [number, number, number, number];
  if (format === 'dat') {
    rows = [];
    lines = [];
    text.split('\n').forEach((l, k) => {
      const s = l.replace(/\r$/, '');
      if (s.trim() === '') return;
      const f = s.split('::');
      if (f.length < 3) throw new Error(`${path}:${k + 1}: expected user::item::rating[::time], got ${JSON.stringify(s)}`);
      rows.push(f);
      lines.push(k + 1);
    });
    cols = [0, 1, 2, 3];
  } else {
    const csv = parseCsv(text, { file: path, header: format === 'csv', delimiter: format === 'udata' ? '\t' : 'auto' });
    rows = csv.rows;
    lines = csv.lines;
    if (format === 'udata') cols = [0, 1, 2, 3];
    else {
      const c = opts.columns;
      const u = findColumn(csv.header, c?.user, guesses.user);
      const i = findColumn(csv.header, c?.item, guesses.item);
      if (u < 0 || i < 0)
        throw new Error(`${path}: no user or item column (columns: ${csv.header.join(', ')}); pass columns`);
      cols = [u, i, findColumn(csv.header, c?.value, guesses.value), findColumn(csv.header, c?.time, guesses.time)];
    }
  }
  const [cu, ci, cv, ct] = cols;
  const out: Triple[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const f = rows[r];
    const line = lines[r];
    if (f.length <= Math.max(cu, ci)) throw new Error(`${path}:${line}: expected at least ${Math.max(cu, ci) + 1} fields, got ${f.length}`);
    const user = f[cu].trim();
    const item = f[ci].trim();
    if (user === '' || item === '') throw new Error(`${path}:${line}: empty user or item id`);
    const value = opts.implicit || cv < 0 || cv >= f.length ? 1 : toNumber(f[cv], path, line, 'value');
    const time = ct < 0 || ct >= f.length ? r : toNumber(f[ct], path, line, 'time');
    out[r] = { user, item, value, time };
  }
  return out;
}

/**
 * Loads a ratings file as Interactions (see readTriples for the formats).
 * Example: const data = loadInteractions('../shared/data/movielens-100k/u.data');
 */
export function loadInteractions(path: string, opts: LoadOptions = {}): Interactions {
  const triples = readTriples(path, opts);
  const explicit = !opts.implicit && triples.some((t) => t.value !== 1);
  return Interactions.fromTriples(triples, { users: opts.users, items: opts.items, explicit });
}

/**
 * One of MovieLens 100K's own splits (u1…u5 are the 5 disjoint-test folds, ua/ub hold 10 ratings
 * per user out), with train and test sharing id maps. Ids are registered in sorted numeric order
 * so that index k is MovieLens id k+1 when every id occurs.
 * Example: const { train, test } = loadMovieLensFold(dir, 1);
 */
export function loadMovieLensFold(dir: string, fold: 1 | 2 | 3 | 4 | 5 | 'a' | 'b') {
  const base = readTriples(join(dir, `u${fold}.base`), { format: 'udata' });
  const test = readTriples(join(dir, `u${fold}.test`), { format: 'udata' });
  const byNumber = (a: string, b: string) => Number(a) - Number(b) || a.localeCompare(b);
  const users = new IdMap([...new Set([...base, ...test].map((t) => t.user))].sort(byNumber));
  const items = new IdMap([...new Set([...base, ...test].map((t) => t.item))].sort(byNumber));
  return {
    train: Interactions.fromTriples(base, { users, items }),
    test: Interactions.fromTriples(test, { users, items }),
  };
}

/** Where the ratings and (when present) titles of a dataset folder or file are. */
export function resolveDataset(path: string): { ratings: string; titles?: string } {
  if (!existsSync(path)) throw new Error(`no such file or folder: ${path}`);
  if (!statSync(path).isDirectory()) return { ratings: path, titles: findTitles(join(path, '..')) };
  for (const name of ['u.data', 'ratings.dat', 'ratings.csv'])
    if (existsSync(join(path, name))) return { ratings: join(path, name), titles: findTitles(path) };
  throw new Error(`${path}: no u.data, ratings.dat or ratings.csv in this folder`);
}

function findTitles(dir: string): string | undefined {
  for (const name of ['u.item', 'movies.dat', 'movies.csv']) if (existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

/**
 * Item titles by item index from `u.item` (`|`, Latin-1), `movies.dat` (`::`) or `movies.csv`
 * (movieId,title,…); items without a title get ''.
 * Example: loadItemTitles('ml-100k/u.item', data.items)[0] // 'Toy Story (1995)'
 */
export function loadItemTitles(path: string, items: IdMap): string[] {
  const out = new Array<string>(items.size).fill('');
  const name = basename(path);
  if (name.endsWith('.csv')) {
    const csv = parseCsv(readFileSync(path, 'utf8'), { file: path });
    for (const row of csv.rows) {
      const i = items.indexOf(row[0].trim());
      if (i !== undefined) out[i] = row[1];
    }
    return out;
  }
  // u.item is Latin-1; movies.dat of ML-1M is too
  const text = readFileSync(path, 'latin1');
  const sep = name === 'u.item' ? '|' : '::';
  for (const line of text.split('\n')) {
    const f = line.split(sep);
    if (f.length < 2) continue;
    const i = items.indexOf(f[0].trim());
    if (i !== undefined) out[i] = f[1];
  }
  return out;
}
