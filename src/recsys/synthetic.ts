import { IdMap } from './ids.js';
import { Interactions } from './interactions.js';
import { Rng } from './random.js';

export interface SyntheticOptions {
  users?: number;
  items?: number;
  interactions?: number;
  /** Zipf exponent of item popularity: P(rank r) ∝ r^−s (default 1) */
  itemExponent?: number;
  /** σ of the log-normal user activity (default 1.2; larger is a longer tail) */
  activitySigma?: number;
  /** users prefer one of this many item groups (taste), so the data has structure to learn */
  groups?: number;
  /** share of a user's draws from their group (default 0.6) */
  taste?: number;
  seed?: number;
}

/** Inverse-CDF sampler of Zipf ranks 0…n−1 with exponent s. */
function zipf(n: number, s: number): (u: number) => number {
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let r = 0; r < n; r++) cdf[r] = acc += 1 / Math.pow(r + 1, s);
  for (let r = 0; r < n; r++) cdf[r] /= acc;
  return (u) => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/**
 * Seeded implicit-feedback data with long tails on both sides: user activity is log-normal
 * (scaled so the total is exactly `interactions`), item popularity is Zipf, and each user draws a
 * share of their items from a taste group (item i is in group i mod groups) so that
 * collaborative filtering has something to find. Pairs are unique.
 * Example: const data = syntheticInteractions({ users: 100_000, items: 20_000, interactions: 1_000_000 });
 */
export function syntheticInteractions(options: SyntheticOptions = {}): Interactions {
  const { users = 1000, items = 500, interactions = 10_000, itemExponent = 1, activitySigma = 1.2, groups = 20, taste = 0.6, seed = 0 } = options;
  if (interactions > users * items * 0.5) throw new Error(`syntheticInteractions: ${interactions} interactions are too dense for ${users}×${items}`);
  const rng = new Rng(seed);
  const cap = Math.floor(items / 2);
  // log-normal activity, rescaled to the total, at least 1 and at most half the catalogue each
  const raw = Float64Array.from({ length: users }, () => Math.exp(activitySigma * rng.normal()));
  const total = raw.reduce((a, b) => a + b, 0);
  const counts = Int32Array.from(raw, (w) => Math.min(cap, Math.max(1, Math.round((w / total) * interactions))));
  let diff = interactions - counts.reduce((a, b) => a + b, 0);
  while (diff !== 0) {
    const u = rng.int(users);
    if (diff > 0 && counts[u] < cap) {
      counts[u]++;
      diff--;
    } else if (diff < 0 && counts[u] > 1) {
      counts[u]--;
      diff++;
    }
  }
  const all = zipf(items, itemExponent);
  const perGroup = Math.ceil(items / groups);
  const inGroup = zipf(perGroup, itemExponent);
  const u32 = new Int32Array(interactions);
  const i32 = new Int32Array(interactions);
  const time = new Float64Array(interactions);
  const seen = new Set<number>();
  let e = 0;
  for (let u = 0; u < users; u++) {
    const g = rng.int(groups);
    seen.clear();
    for (let tries = 0; seen.size < counts[u]; tries++) {
      let item = -1;
      // a very active user exhausts the head; after many repeats draw uniformly so this ends
      if (tries > 20 * counts[u]) item = rng.int(items);
      else if (rng.next() < taste) {
        item = g + groups * inGroup(rng.next());
        if (item >= items) continue;
      } else item = all(rng.next());
      if (seen.has(item)) continue;
      seen.add(item);
      u32[e] = u;
      i32[e] = item;
      time[e] = e; // an increasing clock, so temporal splits are defined
      e++;
    }
  }
  const userIds = new IdMap(Array.from({ length: users }, (_, u) => `u${u}`));
  const itemIds = new IdMap(Array.from({ length: items }, (_, i) => `i${i}`));
  return new Interactions(userIds, itemIds, u32, i32, new Float64Array(interactions).fill(1), time, false);
}
