import type { EpochLogs } from './callbacks.js';

export interface Series {
  name: string;
  /** y values at x = 1, 2, …; NaN or undefined leaves a gap */
  values: readonly (number | undefined)[];
  /** CSS colour (default from a colour-blind-safe palette) */
  color?: string;
}

export interface LineChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
}

const palette = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'];

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** About five round tick values covering [lo, hi] (steps of 1, 2 or 5 × 10ᵏ). */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/**
 * A standalone SVG line chart of one or more series over x = 1…n, with axes, ticks and a legend.
 * Example: writeFileSync('loss.svg', lineChart([{ name: 'train', values: [0.9, 0.5, 0.4] }], { title: 'Loss' }))
 */
export function lineChart(series: readonly Series[], opts: LineChartOptions = {}): string {
  const { width = 640, height = 400, title = '', xLabel = '', yLabel = '' } = opts;
  const m = { left: 64, right: 20, top: title ? 40 : 20, bottom: 56 };
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const ys = series.flatMap((s) => s.values.filter((v): v is number => v !== undefined && Number.isFinite(v)));
  let [lo, hi] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  if (hi === lo) [lo, hi] = [lo - 0.5 * (Math.abs(lo) || 1), hi + 0.5 * (Math.abs(hi) || 1)];
  const pad = (hi - lo) * 0.05;
  [lo, hi] = [lo - pad, hi + pad];
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const inset = 12; // keep the first and last points off the axes
  const x = (i: number) => m.left + (n === 1 ? pw / 2 : inset + ((i - 1) / (n - 1)) * (pw - 2 * inset));
  const y = (v: number) => m.top + (1 - (v - lo) / (hi - lo)) * ph;
  const f = (v: number) => v.toFixed(1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
  ];
  if (title) out.push(`<text x="${width / 2}" y="24" text-anchor="middle" font-size="16">${escape(title)}</text>`);
  for (const t of ticks(lo, hi)) {
    out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${f(y(t))}" y2="${f(y(t))}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${m.left - 6}" y="${f(y(t) + 4)}" text-anchor="end">${t}</text>`);
  }
  for (const t of ticks(1, n, Math.min(10, n - 1 || 1)).filter(Number.isInteger))
    out.push(`<text x="${f(x(t))}" y="${m.top + ph + 18}" text-anchor="middle">${t}</text>`);
  out.push(`<path d="M${m.left},${m.top}V${m.top + ph}H${m.left + pw}" fill="none" stroke="#333"/>`);
  if (xLabel) out.push(`<text x="${m.left + pw / 2}" y="${height - 14}" text-anchor="middle">${escape(xLabel)}</text>`);
  if (yLabel)
    out.push(`<text transform="translate(16 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}</text>`);
  series.forEach((s, k) => {
    const color = s.color ?? palette[k % palette.length];
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === undefined || !Number.isFinite(v)) return void (pen = false);
      d += `${pen ? 'L' : 'M'}${f(x(i + 1))},${f(y(v))}`;
      pen = true;
      out.push(`<circle cx="${f(x(i + 1))}" cy="${f(y(v))}" r="3" fill="${color}"/>`);
    });
    out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"><title>${escape(s.name)}</title></path>`);
    const ly = m.top + 8 + 18 * k;
    out.push(`<line x1="${m.left + pw - 120}" x2="${m.left + pw - 96}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    out.push(`<text x="${m.left + pw - 90}" y="${ly + 4}">${escape(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/**
 * The usual training curve: train and validation loss per epoch from fit's history.
 * Example: writeFileSync('loss.svg', lossChart(history))
 */
export function lossChart(history: readonly EpochLogs[], opts: LineChartOptions = {}): string {
  const series: Series[] = [{ name: 'train loss', values: history.map((h) => h.loss) }];
  if (history.some((h) => h.valLoss !== undefined)) series.push({ name: 'validation loss', values: history.map((h) => h.valLoss) });
  return lineChart(series, { title: 'Loss per epoch', xLabel: 'epoch', yLabel: 'loss', ...opts });
}
