/**
 * A horizontal bar chart of feature importances as standalone SVG text (no dependencies), the
 * largest first. Example: writeFileSync('importance.svg', importanceSvg(names, booster.featureImportance('gain')))
 */
export function importanceSvg(
  names: readonly string[],
  values: ArrayLike<number>,
  { title = 'Feature importance (total gain)', top = 20 }: { title?: string; top?: number } = {},
): string {
  const items = Array.from(values, (v, i) => ({ name: names[i] ?? `f${i}`, v }))
    .filter((d) => d.v > 0)
    .sort((a, b) => b.v - a.v)
    .slice(0, top);
  const max = Math.max(...items.map((d) => d.v), 1e-300);
  const labelW = 10 + 7 * Math.max(8, ...items.map((d) => d.name.length));
  const barW = 360;
  const rowH = 22;
  const width = labelW + barW + 90;
  const height = 40 + rowH * items.length + 10;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const bars = items.map((d, i) => {
    const y = 40 + i * rowH;
    const w = Math.max(1, (d.v / max) * barW);
    return `  <text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${esc(d.name)}</text>\n` +
      `  <rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="#4878d0"/>\n` +
      `  <text x="${(labelW + w + 6).toFixed(1)}" y="${y + 15}">${d.v.toPrecision(4)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `font-family="sans-serif" font-size="13">\n  <text x="10" y="24" font-size="15" font-weight="bold">${esc(title)}</text>\n` +
    `${bars.join('\n')}\n</svg>\n`;
}
