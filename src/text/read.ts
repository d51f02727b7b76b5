import { existsSync, readFileSync } from 'node:fs';
import { columnIndex, parseCsv } from '../data/csv.js';

export interface LabelledTexts {
  texts: string[];
  labels: string[];
  /** 1-based line of each example, for error messages */
  lines: number[];
}

export interface ReadTextsOptions {
  /** column holding the text: a name, or a 0-based index (default 'text') */
  textColumn?: string;
  /** column holding the label (default 'label') */
  labelColumn?: string;
  /** the file has no header line; columns are then named by index (default false) */
  noHeader?: boolean;
}

/**
 * Decodes bytes as UTF-8, refusing anything else with an error that names the file, the line of
 * the first bad byte and a likely fix (Russian data is often in Windows-1251).
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new Error(`${file}: the file is UTF-16; convert it to UTF-8 (e.g. iconv -f utf-16 -t utf-8)`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let bad = 0;
    for (let lo = 0, hi = bytes.length; lo < hi; ) {
      // bisect the longest decodable prefix to find the first bad byte
      const mid = (lo + hi + 1) >> 1;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid));
        lo = mid;
        bad = mid;
      } catch {
        hi = mid - 1;
        bad = hi;
      }
    }
    let line = 1;
    for (let i = 0; i < Math.min(bad, bytes.length); i++) if (bytes[i] === 10) line++;
    throw new Error(
      `${file}:${line}: not valid UTF-8 (byte ${bad}); the file is in another encoding, e.g. Windows-1251 — ` +
        `convert it with iconv -f cp1251 -t utf-8`,
    );
  }
}

/**
 * Reads labelled texts: CSV/TSV (quoted fields, header naming the columns) for .csv and .tsv
 * files, otherwise one example per line with the label after the last tab (or comma).
 * Each label must occur at least twice. Errors name the file and line.
 * Example: readLabelledTexts('reviews.csv', { textColumn: 'review', labelColumn: 'stars' })
 */
export function readLabelledTexts(path: string, opts: ReadTextsOptions = {}): LabelledTexts {
  if (!existsSync(path)) throw new Error(`${path}: no such file`);
  const text = decodeUtf8(readFileSync(path), path);
  const out: LabelledTexts = { texts: [], labels: [], lines: [] };
  if (/\.(csv|tsv)$/i.test(path)) {
    const csv = parseCsv(text, { file: path, header: !opts.noHeader });
    const col = (name: string) => (/^\d+$/.test(name) && !csv.header.includes(name) ? +name : columnIndex(csv, name));
    const t = col(opts.textColumn ?? (opts.noHeader ? '0' : 'text'));
    const l = col(opts.labelColumn ?? (opts.noHeader ? '1' : 'label'));
    for (const j of [t, l]) if (j >= csv.header.length) throw new Error(`${path}: no column ${j} (the file has ${csv.header.length})`);
    csv.rows.forEach((r, i) => {
      out.texts.push(r[t]);
      out.labels.push(r[l].trim());
      out.lines.push(csv.lines[i]);
    });
  } else {
    const tab = text.includes('\t');
    text.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      const cut = tab ? line.lastIndexOf('\t') : line.lastIndexOf(',');
      if (cut < 0) throw new Error(`${path}:${i + 1}: expected "text${tab ? '<TAB>' : ','}label"`);
      out.texts.push(line.slice(0, cut));
      out.labels.push(line.slice(cut + 1).trim());
      out.lines.push(i + 1);
    });
  }
  if (out.texts.length === 0) throw new Error(`${path}: no examples`);
  const count = new Map<string, number>();
  for (const l of out.labels) count.set(l, (count.get(l) ?? 0) + 1);
  for (const [label, c] of count)
    if (c < 2) {
      const line = out.lines[out.labels.indexOf(label)];
      throw new Error(`${path}:${line}: label ${JSON.stringify(label)} has only one example; every class needs at least 2`);
    }
  return out;
}
