import { describe, expect, test } from 'vitest';
import { describeData, gini, Interactions, loadInteractions, reportSvg, reportTable, syntheticInteractions } from '../../src/recsys/index.js';
import { sharedData } from '../helpers/data.js';

describe('data properties', () => {
  test('gini: equal counts 0, one item holding everything (n = 4) 3/4', () => {
    expect(gini([1, 1, 1, 1])).toBe(0);
    expect(gini([0, 0, 0, 1])).toBeCloseTo(0.75, 12);
  });

  test('tiny matrix: counts, sparsity, histogram, cold start, unseen test users', () => {
    const d = Interactions.fromTriples([
      { user: 'a', item: 'x', value: 5, time: 0 }, { user: 'a', item: 'y', value: 3, time: 86400 }, { user: 'b', item: 'x', value: 5, time: 0 },
    ]);
    const test2 = Interactions.fromTriples([{ user: 'c', item: 'x', value: 1 }], { users: d.users, items: d.items });
    const r = describeData(d, test2);
    expect([r.users, r.items, r.interactions]).toEqual([2, 2, 3]);
    expect(r.sparsity).toBeCloseTo(0.25, 12);
    expect(r.ratings).toEqual([{ value: 3, count: 1 }, { value: 5, count: 2 }]);
    expect(r.coldUsers).toBe(1);
    expect(r.testUnseenUsers).toBe(1);
    expect(reportTable(r)).toMatch(/\| sparsity \| 25\.0% \|/);
    expect(reportSvg(r)).toMatch(/^<svg[\s\S]*<polyline[\s\S]*<rect[\s\S]*<\/svg>$/);
  });

  test('MovieLens 100K: 943 users, 1,682 items, 93.7% sparse, every user has ≥ 20 ratings', () => {
    const r = describeData(loadInteractions(sharedData('movielens-100k', 'u.data')));
    expect([r.users, r.items, r.interactions]).toEqual([943, 1682, 100000]);
    expect(r.sparsity).toBeCloseTo(1 - 100000 / (943 * 1682), 12);
    expect(r.userActivity.min).toBe(20);
    expect(r.ratings.map((x) => x.count).reduce((a, b) => a + b)).toBe(100000);
    expect(r.top20Share).toBeGreaterThan(0.6); // the long tail
  });

  test('synthetic data is seeded, exact in size, unique in pairs and long-tailed', () => {
    const a = syntheticInteractions({ users: 2000, items: 500, interactions: 20000, seed: 4 });
    const b = syntheticInteractions({ users: 2000, items: 500, interactions: 20000, seed: 4 });
    expect(a.length).toBe(20000);
    expect(Array.from(a.item.subarray(0, 50))).toEqual(Array.from(b.item.subarray(0, 50)));
    expect(a.byUser().indices.length).toBe(20000); // no repeated (user, item)
    const r = describeData(a);
    expect(r.top20Share).toBeGreaterThan(0.5);
    expect(r.userActivity.max).toBeGreaterThan(5 * r.userActivity.median);
  });
});
