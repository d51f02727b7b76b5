import type { Matrix } from './matrix.js';

/** One regression tree as parallel arrays over nodes; node 0 is the root. */
export interface TreeData {
  /** child indices; −1 marks a leaf */
  left: number[];
  right: number[];
  /** input column tested at the node (−1 for leaves) */
  feature: number[];
  /** numeric split: x ≤ threshold goes left */
  threshold: number[];
  /** missing values, and categories not seen in training, go left when 1 */
  defaultLeft: number[];
  /** categorical split: categories going left and the known ones going right (null for numeric) */
  catLeft: (number[] | null)[];
  catRight: (number[] | null)[];
  /** leaf output (already multiplied by the learning rate); at inner nodes, the weight before the split */
  value: number[];
  /** sum of hessians of the training rows reaching the node (XGBoost's cover; TreeSHAP weights) */
  cover: number[];
  /** loss reduction of the split (0 at leaves) */
  gain: number[];
}

/** Direction codes of a categorical lookup table. */
const DEFAULT = 0;
const LEFT = 1;
const RIGHT = 2;

/**
 * A fitted tree that predicts from raw feature values, so a saved model needs no binning data.
 * Example: new Tree(data).predictRow(x.data, 0)
 */
export class Tree {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly defaultLeft: Uint8Array;
  readonly value: Float64Array;
  readonly cover: Float64Array;
  readonly gain: Float64Array;
  /** per categorical node, direction by category code (DEFAULT / LEFT / RIGHT) */
  private readonly catTable: (Uint8Array | null)[];

  constructor(readonly data: TreeData) {
    this.left = Int32Array.from(data.left);
    this.right = Int32Array.from(data.right);
    this.feature = Int32Array.from(data.feature);
    this.threshold = Float64Array.from(data.threshold);
    this.defaultLeft = Uint8Array.from(data.defaultLeft);
    this.value = Float64Array.from(data.value);
    this.cover = Float64Array.from(data.cover);
    this.gain = Float64Array.from(data.gain);
    this.catTable = data.catLeft.map((l, i) => {
      const r = data.catRight[i];
      if (!l || !r) return null;
      const t = new Uint8Array(Math.max(-1, ...l, ...r) + 1);
      for (const c of l) t[c] = LEFT;
      for (const c of r) t[c] = RIGHT;
      return t;
    });
  }

  get nodeCount(): number {
    return this.left.length;
  }

  /** Whether a value at node `node` goes to the left child. */
  goesLeft(node: number, x: number): boolean {
    const table = this.catTable[node];
    if (table !== null) {
      const d = Number.isInteger(x) && x >= 0 && x < table.length ? table[x] : DEFAULT;
      return d === DEFAULT ? this.defaultLeft[node] === 1 : d === LEFT;
    }
    if (x !== x) return this.defaultLeft[node] === 1; // NaN: missing
    return x <= this.threshold[node];
  }

  /** Leaf reached by row r of a row-major matrix. */
  leafIndex(data: ArrayLike<number>, cols: number, r: number): number {
    const base = r * cols;
    let node = 0;
    const left = this.left;
    while (left[node] >= 0) {
      const x = data[base + this.feature[node]];
      node = this.goesLeft(node, x) ? left[node] : this.right[node];
    }
    return node;
  }

  /** Adds this tree's output for every row into out[r·stride + offset]. */
  addPredictions(x: Matrix, out: Float64Array, stride = 1, offset = 0): void {
    const { data, rows, cols } = x;
    for (let r = 0; r < rows; r++) out[r * stride + offset] += this.value[this.leafIndex(data, cols, r)];
  }

  /** Depth of the deepest leaf (a lone root has depth 0). */
  depth(): number {
    const walk = (n: number): number => (this.left[n] < 0 ? 0 : 1 + Math.max(walk(this.left[n]), walk(this.right[n])));
    return walk(0);
  }

  /**
   * XGBoost-style text dump, one node per line indented by depth:
   * `0:[f2<=0.5] yes=1,no=2,missing=1 gain=… cover=…` and `3:leaf=0.1 cover=…`.
   */
  dump(featureNames?: readonly string[]): string {
    const lines: string[] = [];
    const name = (f: number) => featureNames?.[f] ?? `f${f}`;
    const visit = (n: number, depth: number) => {
      const pad = '\t'.repeat(depth);
      if (this.left[n] < 0) {
        lines.push(`${pad}${n}:leaf=${fmt(this.value[n])} cover=${fmt(this.cover[n])}`);
        return;
      }
      const test = this.data.catLeft[n]
        ? `${name(this.feature[n])} in {${this.data.catLeft[n]!.join(',')}}`
        : `${name(this.feature[n])}<=${fmt(this.threshold[n])}`;
      const miss = this.defaultLeft[n] ? this.left[n] : this.right[n];
      lines.push(`${pad}${n}:[${test}] yes=${this.left[n]},no=${this.right[n]},missing=${miss} ` +
        `gain=${fmt(this.gain[n])} cover=${fmt(this.cover[n])}`);
      visit(this.left[n], depth + 1);
      visit(this.right[n], depth + 1);
    };
    visit(0, 0);
    return lines.join('\n');
  }
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(6).replace(/\.?0+$/, '');
}
