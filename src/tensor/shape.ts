/** Shapes, strides and broadcasting: the only place that knows how indices map to memory. */
export type Shape = readonly number[];

export const size = (shape: Shape) => shape.reduce((a, b) => a * b, 1);

/** Row-major strides: the last axis is contiguous. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

export const fmt = (shape: Shape) => `[${shape.join(', ')}]`;

/** NumPy broadcasting: align on the right; each pair of sizes must match or contain a 1. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = rank - s.length + i;
      if (s[i] === out[j] || s[i] === 1) continue;
      if (out[j] !== 1) throw new Error(`${op}: shapes cannot broadcast: ${shapes.map(fmt).join(' and ')}`);
      out[j] = s[i];
    }
  }
  return out;
}

/** Strides that read `strides`-laid data as if expanded to `target` (stride 0 on broadcast axes). */
export function broadcastStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[lead + i] = shape[i] === 1 ? 0 : strides[i];
  return out;
}

/** A negative axis counts from the end, as in NumPy; out of range is an error naming the op. */
export function normAxis(op: string, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= Math.max(rank, 1))
    throw new Error(`${op}: axis ${axis} is out of range for a tensor of rank ${rank}`);
  return a;
}

/** Sorted unique axes; undefined means all of them. */
export function normAxes(op: string, axes: number | readonly number[] | undefined, rank: number): number[] {
  if (axes === undefined) return [...Array(rank).keys()];
  const list = (typeof axes === 'number' ? [axes] : axes).map((a) => normAxis(op, a, rank));
  return [...new Set(list)].sort((a, b) => a - b);
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Resolves one -1 in a reshape target. */
export function inferShape(op: string, from: Shape, to: readonly number[]): number[] {
  const n = size(from);
  const known = to.reduce((acc, d) => (d === -1 ? acc : acc * d), 1);
  const minus = to.filter((d) => d === -1).length;
  const out = to.map((d) => (d === -1 ? n / known : d));
  if (minus > 1 || out.some((d) => !Number.isInteger(d) || d < 0) || size(out) !== n)
    throw new Error(`${op}: cannot reshape ${fmt(from)} (${n} elements) to ${fmt(to)}`);
  return out;
}
