export interface ConfusionSvgOptions {
  title?: string;
  /** side of one cell in pixels (default 44) */
  cell?: number;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A standalone SVG heat map of a confusion matrix (rows true classes, columns predicted, as
 * confusionMatrix gives it): each cell shows its count, shaded by its share of the row, so a
 * class's recall reads along the diagonal whatever the class sizes; class names label both axes.
 * Example: writeFileSync('confusion.svg', confusionSvg(confusionMatrix(y, pred, 3), ['cat', 'dog', 'fish']))
 */
export function confusionSvg(matrix: readonly (readonly number[])[], classes: readonly string[], opts: ConfusionSvgOptions = {}): string {
  const k = matrix.length;
  if (k === 0 || matrix.some((row) => row.length !== k)) throw new Error(`confusionSvg: expected a square matrix, got ${k} rows of lengths [${matrix.map((r) => r.length).join(', ')}]`);
  if (classes.length !== k) throw new Error(`confusionSvg: ${classes.length} class names for a ${k}×${k} matrix`);
  const { title = 'Confusion matrix', cell = 44 } = opts;
  const longest = Math.max(...classes.map((c) => c.length));
  const labelW = Math.min(160, 12 + 7 * longest); // room for row names and the rotated column names
  const m = { left: labelW + 28, top: 44 + labelW, right: 16, bottom: 16 };
  const width = Math.max(m.left + k * cell + m.right, 20 + 8 * title.length); // room for the title too
  const height = m.top + k * cell + m.bottom;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escape(title)}</text>`,
    `<text x="${m.left + (k * cell) / 2}" y="40" text-anchor="middle">predicted class</text>`,
    `<text transform="translate(14 ${m.top + (k * cell) / 2}) rotate(-90)" text-anchor="middle">true class</text>`,
  ];
  matrix.forEach((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    const y = m.top + t * cell;
    parts.push(`<text x="${m.left - 6}" y="${y + cell / 2 + 4}" text-anchor="end">${escape(classes[t])}</text>`);
    row.forEach((count, p) => {
      const share = total ? count / total : 0;
      const x = m.left + p * cell;
      // white → blue by the share of the row; counts switch to white text on dark cells
      const shade = (c0: number, c1: number) => Math.round(c0 + (c1 - c0) * share);
      const fill = `rgb(${shade(255, 8)},${shade(255, 69)},${shade(255, 148)})`;
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" stroke="#ccc"><title>true ${escape(classes[t])}, predicted ${escape(classes[p])}: ${count}</title></rect>`,
        `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" fill="${share > 0.5 ? 'white' : 'black'}">${count}</text>`,
      );
    });
  });
  classes.forEach((c, p) => {
    const x = m.left + p * cell + cell / 2 + 4;
    parts.push(`<text transform="translate(${x} ${m.top - 6}) rotate(-90)" text-anchor="start">${escape(c)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
