// Page 1's two plots: price against area with the model's four lines (one per river/road
// combination), and the loss over (w_area, w_road) as filled contours with the descent path.
import { classColors, css } from '../draw2d.js';
import { lossAt, type LandData, type Quadratic } from './linear-model.js';

export const AREA = [0, 6] as const;
export const PRICE = [0, 35] as const;
export const W_AREA = [-1, 6] as const;
export const W_ROAD = [-6, 22] as const;

const groups = [[0, 0], [1, 0], [0, 1], [1, 1]] as const; // [river, road]
export const groupColor = (river: number, road: number) => css(classColors[river + 2 * road]);

/** Scatter of price against area, coloured by (river, road), and the model's prediction lines. */
export function drawScatter(ctx: CanvasRenderingContext2D, w: number, h: number, d: LandData, weights: readonly number[]): void {
  const px = (a: number) => 36 + ((a - AREA[0]) / (AREA[1] - AREA[0])) * (w - 46);
  const py = (p: number) => h - 28 - ((p - PRICE[0]) / (PRICE[1] - PRICE[0])) * (h - 38);
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = '#4a5360';
  ctx.strokeStyle = '#c9d0da';
  ctx.font = '12px system-ui, sans-serif';
  for (let a = 0; a <= 6; a++) {
    ctx.fillText(String(a), px(a) - 3, h - 10);
    ctx.beginPath();
    ctx.moveTo(px(a), py(PRICE[0]));
    ctx.lineTo(px(a), py(PRICE[1]));
    ctx.stroke();
  }
  for (let p = 0; p <= 35; p += 5) {
    ctx.fillText(String(p), 6, py(p) + 4);
    ctx.beginPath();
    ctx.moveTo(px(AREA[0]), py(p));
    ctx.lineTo(px(AREA[1]), py(p));
    ctx.stroke();
  }
  ctx.save();
  ctx.beginPath();
  ctx.rect(px(AREA[0]), py(PRICE[1]), px(AREA[1]) - px(AREA[0]), py(PRICE[0]) - py(PRICE[1]));
  ctx.clip();
  for (const [r, s] of groups) {
    ctx.strokeStyle = groupColor(r, s);
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    for (const a of AREA) {
      const p = weights[0] * a + weights[1] * r + weights[2] * s;
      if (a === AREA[0]) ctx.moveTo(px(a), py(p));
      else ctx.lineTo(px(a), py(p));
    }
    ctx.stroke();
  }
  ctx.restore();
  for (let i = 0; i < d.n; i++) {
    const [a, r, s] = [d.x[3 * i], d.x[3 * i + 1], d.x[3 * i + 2]];
    ctx.beginPath();
    ctx.arc(px(a), py(d.y[i]), 4, 0, 2 * Math.PI);
    ctx.fillStyle = groupColor(r, s);
    ctx.fill();
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 1;
    ctx.stroke();
  }
}

/**
 * Filled contours of log L over (w_area, w_road) with w_river fixed, the true weights marked,
 * and the path of descent; points off the plot are drawn at its edge (divergence leaves it).
 */
export function drawContour(
  ctx: CanvasRenderingContext2D, size: number, q: Quadratic, wRiver: number, path: readonly (readonly number[])[],
  axes: [string, string],
): void {
  const cells = 80;
  const img = new ImageData(cells, cells);
  const at = (i: number, n: number, [lo, hi]: readonly [number, number]) => lo + ((hi - lo) * (i + 0.5)) / n;
  for (let r = 0; r < cells; r++)
    for (let c = 0; c < cells; c++) {
      const loss = lossAt(q, [at(c, cells, W_AREA), wRiver, at(cells - 1 - r, cells, W_ROAD)]);
      // bands of equal width in log loss look like a topographic map
      const band = Math.floor(Math.log(1 + Math.max(0, loss)) * 2) / 2;
      const t = Math.min(1, band / 8);
      img.data.set([255 - 200 * t, 255 - 150 * t, 255 - 60 * t, 255], (r * cells + c) * 4);
    }
  const off = new OffscreenCanvas(cells, cells);
  off.getContext('2d')!.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(off, 0, 0, size, size);
  const px = (v: number) => ((v - W_AREA[0]) / (W_AREA[1] - W_AREA[0])) * size;
  const py = (v: number) => size - ((v - W_ROAD[0]) / (W_ROAD[1] - W_ROAD[0])) * size;
  const clamp = (v: number) => Math.max(2, Math.min(size - 2, v));
  ctx.fillStyle = '#1b1f24';
  ctx.font = '12px system-ui, sans-serif';
  ctx.textAlign = 'right';
  ctx.fillText(axes[0], size - 4, size - 6);
  ctx.textAlign = 'left';
  ctx.fillText(axes[1], 4, 14);
  ctx.strokeStyle = '#1b1f24';
  ctx.lineWidth = 2;
  ctx.beginPath(); // the lecture's weights: a cross
  ctx.moveTo(px(2.5) - 6, py(10)); ctx.lineTo(px(2.5) + 6, py(10));
  ctx.moveTo(px(2.5), py(10) - 6); ctx.lineTo(px(2.5), py(10) + 6);
  ctx.stroke();
  if (path.length === 0) return;
  ctx.strokeStyle = css(classColors[1]);
  ctx.lineWidth = 2;
  ctx.beginPath();
  path.forEach((w, i) => {
    const [x, y] = [clamp(px(w[0])), clamp(py(w[2]))];
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  });
  ctx.stroke();
  const [lx, ly] = [clamp(px(path.at(-1)![0])), clamp(py(path.at(-1)![2]))];
  ctx.beginPath();
  ctx.arc(lx, ly, 5, 0, 2 * Math.PI);
  ctx.fillStyle = css(classColors[1]);
  ctx.fill();
}
