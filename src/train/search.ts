import { Generator } from '../tensor/random.js';
import { kFold, stratifiedKFold, stratifiedSplitIndices } from '../data/split.js';

/** A continuous or integer range for random search; grid search needs explicit value lists. */
export type Distribution =
  | { uniform: readonly [number, number] }
  | { logUniform: readonly [number, number] }
  | { int: readonly [number, number] };

/** Each hyperparameter: a list of candidate values, or a distribution to sample from. */
export type Space = Record<string, readonly unknown[] | Distribution>;

export type Params = Record<string, unknown>;

/** The rows of one validation round: indices into the data the objective trains and scores on. */
export interface Split {
  train: Int32Array;
  validation: Int32Array;
  /** 0-based fold (always 0 for a holdout) */
  fold: number;
}

export interface SearchOptions<P extends Params = Params> {
  space: Space;
  /** trains on split.train with params and returns its score on split.validation */
  objective: (params: P, split: Split) => number | Promise<number>;
  /** number of rows in the data the splits index */
  n: number;
  /** 'grid' tries every combination; 'random' samples `trials` of them (default 'grid') */
  strategy?: 'grid' | 'random';
  /** random search: how many candidates (default 10) */
  trials?: number;
  /** holdout fraction of the rows (default 0.2), or k-fold cross-validation; `stratify`: a label per row */
  validation?: ({ holdout: number } | { kFold: number }) & { stratify?: ArrayLike<number> };
  /** 'max' for accuracy-like scores (default), 'min' for losses and errors */
  mode?: 'max' | 'min';
  /** seeds the row shuffle and the random candidates (default 0) */
  seed?: number;
}

export interface SearchResult<P extends Params = Params> {
  /** 1 for the best */
  rank: number;
  params: P;
  /** mean validation score over folds */
  score: number;
  /** standard deviation over folds (0 for a holdout) */
  std: number;
  scores: number[];
  seconds: number;
}

const isDistribution = (v: unknown): v is Distribution => !Array.isArray(v);

/** Every combination of the listed values, the first key varying slowest. */
export function gridCandidates(space: Space): Params[] {
  let out: Params[] = [{}];
  for (const [key, values] of Object.entries(space)) {
    if (isDistribution(values))
      throw new Error(`gridSearch: '${key}' is a distribution; grid search needs a list of values (or use randomSearch)`);
    if (values.length === 0) throw new Error(`gridSearch: '${key}' has no values`);
    out = out.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  }
  return out;
}

/** `trials` independent draws: lists pick uniformly, ranges sample (logUniform uniformly in log space). */
export function randomCandidates(space: Space, trials: number, rng: Generator): Params[] {
  return Array.from({ length: trials }, () => {
    const p: Params = {};
    for (const [key, spec] of Object.entries(space)) {
      if (!isDistribution(spec)) {
        if (spec.length === 0) throw new Error(`randomSearch: '${key}' has no values`);
        p[key] = spec[rng.int(0, spec.length)];
      } else if ('uniform' in spec) p[key] = spec.uniform[0] + rng.next() * (spec.uniform[1] - spec.uniform[0]);
      else if ('logUniform' in spec) {
        const [a, b] = spec.logUniform;
        if (!(a > 0 && b > 0)) throw new Error(`randomSearch: logUniform bounds of '${key}' must be positive, got [${a}, ${b}]`);
        p[key] = Math.exp(Math.log(a) + rng.next() * (Math.log(b) - Math.log(a)));
      } else p[key] = rng.int(spec.int[0], spec.int[1] + 1); // inclusive, like scikit-learn's randint(a, b+1)
    }
    return p;
  });
}

/**
 * Shuffled holdout or k-fold splits of n rows (every row is validated exactly once in k-fold);
 * with `stratify` (one label per row) each part keeps the class proportions.
 */
export function makeSplits(n: number, validation: SearchOptions['validation'], seed: number): Split[] {
  const v = validation ?? { holdout: 0.2 };
  if (v.stratify && v.stratify.length !== n)
    throw new Error(`search: stratify has ${v.stratify.length} labels for ${n} rows`);
  if ('holdout' in v) {
    const k = Math.round(n * v.holdout);
    if (!(v.holdout > 0 && v.holdout < 1) || k === 0 || k === n)
      throw new Error(`search: holdout must leave rows on both sides, got ${v.holdout} of ${n} rows`);
    if (v.stratify) {
      const [train, validation] = stratifiedSplitIndices(v.stratify, [1 - v.holdout, v.holdout], { seed });
      return [{ train, validation, fold: 0 }];
    }
    const perm = new Generator(seed).permutation(n);
    return [{ train: perm.slice(k), validation: perm.slice(0, k), fold: 0 }];
  }
  const folds = v.stratify
    ? stratifiedKFold(v.stratify, v.kFold, { shuffle: true, seed })
    : kFold(n, v.kFold, { shuffle: true, seed });
  return folds.map((f, i) => ({ train: f.train, validation: f.test, fold: i }));
}

/**
 * Scores every candidate of a hyperparameter space with holdout or k-fold validation and returns
 * the results best first.
 * Example: const [best] = await search({ space: { lr: [0.01, 0.1], hidden: [32, 64] }, n: x.shape[0],
 *   validation: { kFold: 3 }, objective: ({ lr, hidden }, { train, validation }) => … });
 */
export async function search<P extends Params = Params>(opts: SearchOptions<P>): Promise<SearchResult<P>[]> {
  const seed = opts.seed ?? 0;
  const rng = new Generator(seed + 1);
  const candidates = (opts.strategy ?? 'grid') === 'grid' ? gridCandidates(opts.space) : randomCandidates(opts.space, opts.trials ?? 10, rng);
  const splits = makeSplits(opts.n, opts.validation, seed);
  const results: Omit<SearchResult<P>, 'rank'>[] = [];
  for (const params of candidates as P[]) {
    const started = performance.now();
    const scores: number[] = [];
    for (const split of splits) {
      const s = await opts.objective(params, split);
      if (typeof s !== 'number' || Number.isNaN(s))
        throw new Error(`search: objective returned ${String(s)} for ${JSON.stringify(params)}, fold ${split.fold}`);
      scores.push(s);
    }
    const score = scores.reduce((a, b) => a + b, 0) / scores.length;
    const std = Math.sqrt(scores.reduce((a, b) => a + (b - score) ** 2, 0) / scores.length);
    results.push({ params, score, std, scores, seconds: (performance.now() - started) / 1000 });
  }
  const sign = opts.mode === 'min' ? 1 : -1;
  results.sort((a, b) => sign * (a.score - b.score));
  return results.map((r, i) => ({ rank: i + 1, ...r }));
}

/** search with strategy 'grid'. */
export const gridSearch = <P extends Params = Params>(opts: Omit<SearchOptions<P>, 'strategy'>) =>
  search({ ...opts, strategy: 'grid' });

/** search with strategy 'random' (default 10 trials). */
export const randomSearch = <P extends Params = Params>(opts: Omit<SearchOptions<P>, 'strategy'>) =>
  search({ ...opts, strategy: 'random' });

/** The results as an aligned text table: rank, score ± std, seconds, then one column per parameter. */
export function formatResults(results: readonly SearchResult[]): string {
  const keys = [...new Set(results.flatMap((r) => Object.keys(r.params)))];
  const show = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(4) : String(v));
  const rows = [
    ['rank', 'score', '± std', 'seconds', ...keys],
    ...results.map((r) => [String(r.rank), r.score.toFixed(4), r.std.toFixed(4), r.seconds.toFixed(2), ...keys.map((k) => show(r.params[k]))]),
  ];
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  return rows.map((r) => r.map((c, j) => c.padStart(widths[j])).join('  ')).join('\n');
}
