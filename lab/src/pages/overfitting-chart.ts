// Page 2's plots: training (dashed) and test (solid) loss per epoch for every run with uPlot,
// and for regression the data with each run's fitted curve.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SplitData } from '../worker/jobs/curves.js';

/** Lecture colours first: red overfits, green generalises, blue is too simple. */
export const runColors = ['#c62828', '#2e7d32', '#1565c0', '#6a1b9a', '#8a5a00', '#00695c'];

export interface CurveChart {
  /** epochs[run] holds [train[], test[]] indexed by epoch − 1 */
  update(curves: [number[], number[]][]): void;
  destroy(): void;
}

export function curveChart(host: HTMLElement, names: string[], labels: { epoch: string; loss: string; train: string; test: string }, width: number): CurveChart {
  const series: uPlot.Series[] = [{ label: labels.epoch }];
  names.forEach((n, i) => {
    const stroke = runColors[i % runColors.length];
    series.push({ label: `${n} · ${labels.train}`, stroke, dash: [6, 4], width: 1.5, spanGaps: false });
    series.push({ label: `${n} · ${labels.test}`, stroke, width: 2.5, spanGaps: false });
  });
  const chart = new uPlot({
    width, height: 300, series,
    scales: { x: { time: false }, y: { distr: 3 } }, // log scale: late rises in test loss stay visible
    axes: [{ label: labels.epoch }, { label: labels.loss, size: 60 }],
    legend: { live: false },
  }, [[], ...names.flatMap(() => [[], []])] as unknown as uPlot.AlignedData, host);
  return {
    update(curves) {
      const n = Math.max(1, ...curves.map(([tr]) => tr.length));
      const x = Array.from({ length: n }, (_, i) => i + 1);
      // uPlot's log scale cannot show 0 or NaN: those points become gaps
      const pad = (a: number[]) => Array.from({ length: n }, (_, i) => (a[i] > 0 && Number.isFinite(a[i]) ? a[i] : null));
      chart.setData([x, ...curves.flatMap(([tr, te]) => [pad(tr), pad(te)])] as unknown as uPlot.AlignedData);
    },
    destroy: () => chart.destroy(),
  };
}

/** Training points (filled), test points (faint) and each run's predicted curve. */
export function drawFits(ctx: CanvasRenderingContext2D, w: number, h: number, d: SplitData, probe: Float32Array, fits: (Float32Array | null)[]): void {
  const px = (x: number) => ((x + 1.15) / 2.3) * w;
  const py = (y: number) => h / 2 - (y / 1.8) * (h / 2);
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = '#b8c0cc';
  for (let i = 0; i < d.yTest.length; i++) ctx.fillRect(px(d.xTest[i]) - 1.5, py(d.yTest[i]) - 1.5, 3, 3);
  fits.forEach((f, r) => {
    if (!f) return;
    ctx.strokeStyle = runColors[r % runColors.length];
    ctx.lineWidth = 2;
    ctx.beginPath();
    f.forEach((y, i) => (i === 0 ? ctx.moveTo(px(probe[i]), py(y)) : ctx.lineTo(px(probe[i]), py(Math.max(-3, Math.min(3, y))))));
    ctx.stroke();
  });
  for (let i = 0; i < d.yTrain.length; i++) {
    ctx.beginPath();
    ctx.arc(px(d.xTrain[i]), py(d.yTrain[i]), 4, 0, 2 * Math.PI);
    ctx.fillStyle = '#1b1f24';
    ctx.fill();
  }
}
