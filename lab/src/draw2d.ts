// Canvas drawing for the 2-D pages: class colours, decision heatmaps, scatter points and neuron
// thumbnails. Colours are chosen to stay distinguishable with common colour-vision deficiencies.

/** Class colours (Okabe–Ito), as [r, g, b]. */
export const classColors: [number, number, number][] = [
  [0, 114, 178], [213, 94, 0], [0, 158, 115], [204, 121, 167], [86, 180, 233], [230, 159, 0], [0, 0, 0], [240, 228, 66],
];
export const css = ([r, g, b]: [number, number, number]) => `rgb(${r}, ${g}, ${b})`;

/** Paints grid × grid class probabilities: the likeliest class's colour, paler where unsure. */
export function paintDecision(ctx: CanvasRenderingContext2D, size: number, probs: Float32Array, classes: number, grid: number): void {
  const img = new ImageData(grid, grid);
  for (let i = 0; i < grid * grid; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[i * classes + c] > probs[i * classes + best]) best = c;
    // confidence 0 at a uniform guess, 1 at certainty
    const conf = Math.max(0, (probs[i * classes + best] - 1 / classes) / (1 - 1 / classes));
    const [r, g, b] = classColors[best % classColors.length];
    const a = 0.15 + 0.45 * conf;
    img.data.set([255 + (r - 255) * a, 255 + (g - 255) * a, 255 + (b - 255) * a, 255], i * 4);
  }
  drawImage(ctx, img, size);
}

/** Paints one neuron's activation over the plane: orange above its mean level, blue below. */
export function paintNeuron(ctx: CanvasRenderingContext2D, size: number, values: Float32Array, grid: number): void {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const span = hi - lo || 1;
  const img = new ImageData(grid, grid);
  for (let i = 0; i < grid * grid; i++) {
    const t = (values[i] - lo) / span; // 0…1 within this neuron's own range
    const [r, g, b] = t > 0.5 ? classColors[1] : classColors[0];
    const a = Math.abs(t - 0.5) * 2;
    img.data.set([255 + (r - 255) * a, 255 + (g - 255) * a, 255 + (b - 255) * a, 255], i * 4);
  }
  drawImage(ctx, img, size);
}

function drawImage(ctx: CanvasRenderingContext2D, img: ImageData, size: number): void {
  const off = new OffscreenCanvas(img.width, img.height);
  off.getContext('2d')!.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, 0, 0, size, size);
}

/** Points in [−bound, bound]² as class-coloured dots with a white rim. */
export function drawPoints(ctx: CanvasRenderingContext2D, size: number, x: Float32Array, y: Int32Array, bound: number): void {
  const to = (v: number) => ((v + bound) / (2 * bound)) * size;
  for (let i = 0; i < y.length; i++) {
    ctx.beginPath();
    ctx.arc(to(x[2 * i]), size - to(x[2 * i + 1]), 3.5, 0, 2 * Math.PI);
    ctx.fillStyle = css(classColors[y[i] % classColors.length]);
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.strokeStyle = '#fff';
    ctx.stroke();
  }
}
