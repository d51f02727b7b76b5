/**
 * A seeded generator (mulberry32): the same seed gives the same numbers in Node and in browsers,
 * and it is the generator the shared MNIST split was shuffled with.
 * Example: const g = new Generator(42); g.next(); // in [0, 1)
 */
export class Generator {
  private state: number;
  private spare: number | null = null;
  constructor(seed = Date.now()) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Standard normal by the Box–Muller transform (the second value is kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u = 1 - this.next(); // in (0, 1] so log is finite
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
  /** Integer in [low, high). */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low));
  }
  /** A random permutation of 0…n−1 (Fisher–Yates, as the shared MNIST split was made). */
  permutation(n: number): Int32Array {
    const p = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p;
  }
}

let global = new Generator(0x5eed);

/** Reseeds the default generator used by rand, randn, init … */
export function manualSeed(seed: number): void {
  global = new Generator(seed);
}
export const defaultGenerator = () => global;
