import { describe, expect, test } from 'vitest';
import { abTest, bootstrapDifference, permutationPValue, Popularity, randomSplit, syntheticInteractions, type Recommender } from '../../src/recsys/index.js';

describe('A/B statistics', () => {
  test('bootstrap interval of constant groups is the point difference', () => {
    expect(bootstrapDifference([1, 1, 1], [3, 3], { resamples: 200 })).toEqual([2, 2]);
  });

  test('permutation p-value of [0, 0] vs [1, 1]: 2 of the 6 relabellings are as extreme', () => {
    expect(permutationPValue([0, 0], [1, 1], { permutations: 20000, seed: 1 })).toBeCloseTo(1 / 3, 1);
    expect(permutationPValue([1, 2, 3], [1, 2, 3], { permutations: 500 })).toBe(1);
  });

  test('clearly separated groups give p < 0.01 and an interval excluding 0', () => {
    const a = Array.from({ length: 50 }, (_, i) => (i % 5) / 10);
    const b = a.map((x) => x + 0.3);
    const ci = bootstrapDifference(a, b, { resamples: 1000 });
    expect(ci[0]).toBeGreaterThan(0.2);
    expect(ci[1]).toBeLessThan(0.4);
    expect(permutationPValue(a, b, { permutations: 1000 })).toBeLessThan(0.01);
  });
});

describe('offline A/B harness', () => {
  const data = syntheticInteractions({ users: 400, items: 150, interactions: 6000, seed: 3 });
  const { train, test: held } = randomSplit(data, { testFraction: 0.2, seed: 1 });
  const random: Recommender = { name: 'random', fit() { return this; }, scoreItems: (u, out) => out.map((_, i) => Math.sin(u * 7919 + i * 104729)) };

  test('popularity beats a random recommender significantly; A vs A is not significant', () => {
    const pop = new Popularity().fit(train);
    const r = abTest(random, pop, train, held, { k: 10, bootstrap: 500, permutations: 500 });
    expect(r.a.users + r.b.users).toBeGreaterThan(250);
    expect(r.difference).toBeGreaterThan(0);
    expect(r.ci[0]).toBeGreaterThan(0);
    expect(r.significant).toBe(true);
    const same = abTest(pop, pop, train, held, { k: 10, bootstrap: 500, permutations: 500 });
    expect(same.significant).toBe(false);
  });
});
