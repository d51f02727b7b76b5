import type { Interactions } from './interactions.js';
import { Rng } from './random.js';

/** A train/test pair over the same id maps; no interaction appears in both. */
export interface Split {
  train: Interactions;
  test: Interactions;
}

function byMask(data: Interactions, inTest: Uint8Array): Split {
  const tr: number[] = [];
  const te: number[] = [];
  for (let k = 0; k < data.length; k++) (inTest[k] ? te : tr).push(k);
  return { train: data.subset(tr), test: data.subset(te) };
}

/**
 * Random split of interactions: each goes to test with probability testFraction (exactly
 * round(n·testFraction) of them, drawn without replacement).
 * Example: const { train, test } = randomSplit(data, { testFraction: 0.2, seed: 1 });
 */
export function randomSplit(data: Interactions, { testFraction = 0.2, seed = 0 } = {}): Split {
  const order = new Rng(seed).shuffle(Int32Array.from({ length: data.length }, (_, k) => k));
  const inTest = new Uint8Array(data.length);
  const nTest = Math.round(data.length * testFraction);
  for (let k = 0; k < nTest; k++) inTest[order[k]] = 1;
  return byMask(data, inTest);
}

/** Positions of each user's interactions, grouped by user. */
function positionsByUser(data: Interactions): number[][] {
  const out: number[][] = Array.from({ length: data.nUsers }, () => []);
  for (let k = 0; k < data.length; k++) out[data.user[k]].push(k);
  return out;
}

/**
 * Per-user random holdout: a fraction of each user's interactions (at least one, when the user
 * has at least minTrain+1) goes to test; with userShare < 1 only that random share of users holds
 * anything out (as MovieLens u1, whose test users lose about 40% and the others nothing), and
 * with `users` only those users do. What the ranker of a two-stage model learns from.
 * Example: perUserRandomSplit(data, { testFraction: 0.2, seed: 3 })
 */
export function perUserRandomSplit(
  data: Interactions,
  { testFraction = 0.2, seed = 0, minTrain = 1, userShare = 1, users }: { testFraction?: number; seed?: number; minTrain?: number; userShare?: number; users?: Set<number> } = {},
): Split {
  const rng = new Rng(seed);
  const inTest = new Uint8Array(data.length);
  for (const [u, pos] of positionsByUser(data).entries()) {
    if (users && !users.has(u)) continue;
    if (pos.length <= minTrain || (userShare < 1 && rng.next() >= userShare)) continue;
    rng.shuffle(pos);
    const n = Math.min(pos.length - minTrain, Math.max(1, Math.round(pos.length * testFraction)));
    for (let k = 0; k < n; k++) inTest[pos[k]] = 1;
  }
  return byMask(data, inTest);
}

/**
 * Per-user leave-last-n-out by time: each user's n latest interactions are the test set (users
 * with at most n interactions stay wholly in train). Ties in time keep input order.
 * Example: const { train, test } = leaveLastOut(data, { n: 1 });
 */
export function leaveLastOut(data: Interactions, { n = 1 } = {}): Split {
  const inTest = new Uint8Array(data.length);
  for (const pos of positionsByUser(data)) {
    if (pos.length <= n) continue;
    pos.sort((a, b) => data.time[a] - data.time[b] || a - b);
    for (let k = pos.length - n; k < pos.length; k++) inTest[pos[k]] = 1;
  }
  return byMask(data, inTest);
}

/**
 * Global temporal split: everything before the cut time trains, the rest tests. The cut is a
 * time (`at`) or the time quantile `trainFraction` of all interactions.
 * Example: temporalSplit(data, { trainFraction: 0.8 })
 */
export function temporalSplit(data: Interactions, { at, trainFraction = 0.8 }: { at?: number; trainFraction?: number } = {}): Split {
  let cut = at;
  if (cut === undefined) {
    const sorted = Float64Array.from(data.time).sort();
    cut = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * trainFraction))];
  }
  const inTest = new Uint8Array(data.length);
  for (let k = 0; k < data.length; k++) inTest[k] = data.time[k] >= cut ? 1 : 0;
  return byMask(data, inTest);
}
