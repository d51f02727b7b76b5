// The playground's network diagram: one column of nodes per layer, an edge per weight. In the
// gradient view, edges show one step's ∂loss/∂w and light up from the output back to the inputs,
// the order in which backpropagation computes them.
import { classColors, css } from '../draw2d.js';

export type EdgeView = 'weights' | 'gradients';

/**
 * Draws layers of sizes `sizes` (inputs first) with `values[l]` the [out, in] matrix between
 * column l and l+1. `reveal` ∈ [0, 1] shows edge columns from the right (backprop order).
 */
export function drawNetwork(
  ctx: CanvasRenderingContext2D, width: number, height: number,
  sizes: number[], values: Float32Array[], reveal = 1,
): void {
  ctx.clearRect(0, 0, width, height);
  const cols = sizes.length;
  const pad = 18;
  const xAt = (l: number) => pad + ((width - 2 * pad) * l) / Math.max(1, cols - 1);
  const yAt = (l: number, i: number) => pad + ((height - 2 * pad) * (i + 0.5)) / sizes[l];
  let max = 1e-12;
  for (const m of values) for (const v of m) max = Math.max(max, Math.abs(v));
  const shownFrom = Math.ceil((1 - reveal) * values.length); // edge columns ≥ this are drawn
  for (let l = values.length - 1; l >= shownFrom; l--) {
    const m = values[l];
    const nIn = sizes[l], nOut = sizes[l + 1];
    for (let o = 0; o < nOut; o++)
      for (let i = 0; i < nIn; i++) {
        const v = m[o * nIn + i] ?? 0;
        const t = Math.abs(v) / max;
        ctx.strokeStyle = css(v >= 0 ? classColors[1] : classColors[0]);
        ctx.globalAlpha = 0.15 + 0.85 * t;
        ctx.lineWidth = 0.5 + 3.5 * t;
        ctx.beginPath();
        ctx.moveTo(xAt(l), yAt(l, i));
        ctx.lineTo(xAt(l + 1), yAt(l + 1, o));
        ctx.stroke();
      }
  }
  ctx.globalAlpha = 1;
  for (let l = 0; l < cols; l++)
    for (let i = 0; i < sizes[l]; i++) {
      ctx.beginPath();
      ctx.arc(xAt(l), yAt(l, i), Math.min(7, (height - 2 * pad) / sizes[l] / 2.5), 0, 2 * Math.PI);
      ctx.fillStyle = l === 0 || l === cols - 1 ? '#1b1f24' : '#ffffff';
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#1b1f24';
      ctx.stroke();
    }
}

/** Runs drawNetwork over ~1 s with reveal going 0 → 1; returns a cancel function. */
export function animateBackprop(draw: (reveal: number) => void, ms = 1000): () => void {
  const start = performance.now();
  let frame = 0;
  const tick = () => {
    const t = Math.min(1, (performance.now() - start) / ms);
    draw(t);
    if (t < 1) frame = requestAnimationFrame(tick);
  };
  frame = requestAnimationFrame(tick);
  return () => cancelAnimationFrame(frame);
}
