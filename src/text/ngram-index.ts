/**
 * Open-addressing hash table from a pair of non-negative int32 keys to an int32 value; the key
 * (parent n-gram, next token) of NgramIndex. Typed arrays and integer hashing avoid building and
 * hashing an n-gram string for every occurrence, which dominated vectorizing time.
 */
class PairTable {
  private keys = new Int32Array(2 << 12);
  private vals = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  private size = 0;

  get(a: number, b: number): number {
    const keys = this.keys;
    for (let s = hash(a, b) & this.mask; ; s = (s + 1) & this.mask) {
      const k = keys[2 * s];
      if (k === 0) return -1;
      if (k === a + 1 && keys[2 * s + 1] === b) return this.vals[s];
    }
  }

  set(a: number, b: number, v: number): void {
    if (2 * (this.size + 1) > this.vals.length) this.grow();
    for (let s = hash(a, b) & this.mask; ; s = (s + 1) & this.mask) {
      const k = this.keys[2 * s];
      if (k === 0) {
        this.keys[2 * s] = a + 1; // 0 marks an empty slot
        this.keys[2 * s + 1] = b;
        this.vals[s] = v;
        this.size++;
        return;
      }
      if (k === a + 1 && this.keys[2 * s + 1] === b) {
        this.vals[s] = v;
        return;
      }
    }
  }

  private grow(): void {
    const { keys, vals } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.vals = new Int32Array(vals.length * 2);
    this.mask = vals.length * 2 - 1;
    this.size = 0;
    for (let s = 0; s < vals.length; s++) if (keys[2 * s] !== 0) this.set(keys[2 * s] - 1, keys[2 * s + 1], vals[s]);
  }
}

function hash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) >>> 0;
}

/**
 * Word n-grams as a trie: token strings get small ids once, an n-gram is the node reached from
 * the root by its tokens, and each node may own a feature column. Counting a document then costs
 * one string lookup per token and integer probes per n-gram.
 */
export class NgramIndex {
  private readonly tokenIds = new Map<string, number>();
  private readonly children = new PairTable();
  private nodes = 0;
  /** column of each node, −1 when the n-gram is not a feature */
  private columns = new Int32Array(1024).fill(-1);

  /** Id of a token; unknown tokens get a new id when `add`, else −1. */
  token(word: string, add: boolean): number {
    let id = this.tokenIds.get(word);
    if (id === undefined) {
      if (!add) return -1;
      this.tokenIds.set(word, (id = this.tokenIds.size));
    }
    return id;
  }

  /** Node after `parent` (−1: the root) followed by token; created when `add`, else −1 if absent. */
  child(parent: number, token: number, add: boolean): number {
    let node = this.children.get(parent + 1, token);
    if (node < 0 && add) {
      node = this.nodes++;
      if (node >= this.columns.length) {
        const grown = new Int32Array(this.columns.length * 2).fill(-1);
        grown.set(this.columns);
        this.columns = grown;
      }
      this.children.set(parent + 1, token, node);
    }
    return node;
  }

  column(node: number): number {
    return this.columns[node];
  }

  setColumn(node: number, column: number): void {
    this.columns[node] = column;
  }

  /** Registers a space-joined n-gram (as stored in a vocabulary) under a column. */
  insert(term: string, column: number): void {
    let node = -1;
    for (const w of term.split(' ')) node = this.child(node, this.token(w, true), true);
    this.setColumn(node, column);
  }
}
