import { describe, expect, test } from 'vitest';
import { Interactions, leaveLastOut, loadMovieLensFold, perUserRandomSplit, randomSplit, syntheticInteractions, temporalSplit, type Split } from '../../src/recsys/index.js';
import { sharedData } from '../helpers/data.js';

const data = syntheticInteractions({ users: 300, items: 200, interactions: 4000, seed: 7 });

/** Every interaction lands in exactly one side, and no (user, item) pair is on both. */
function expectNoLeakage(d: Interactions, { train, test }: Split) {
  expect(train.length + test.length).toBe(d.length);
  const key = (s: Interactions, e: number) => `${s.user[e]}:${s.item[e]}:${s.time[e]}`;
  const all = new Map<string, number>();
  for (let e = 0; e < d.length; e++) all.set(key(d, e), (all.get(key(d, e)) ?? 0) + 1);
  for (const s of [train, test]) for (let e = 0; e < s.length; e++) all.set(key(s, e), all.get(key(s, e))! - 1);
  expect([...all.values()].every((c) => c === 0)).toBe(true);
  const pairs = new Set<string>();
  for (let e = 0; e < train.length; e++) pairs.add(`${train.user[e]}:${train.item[e]}`);
  for (let e = 0; e < test.length; e++) expect(pairs.has(`${test.user[e]}:${test.item[e]}`)).toBe(false);
  expect(train.users).toBe(d.users);
}

describe('splits leave no leakage', () => {
  test('random', () => {
    const s = randomSplit(data, { testFraction: 0.25, seed: 1 });
    expect(s.test.length).toBe(1000);
    expectNoLeakage(data, s);
  });

  test('per-user random keeps at least minTrain items per user in train', () => {
    const s = perUserRandomSplit(data, { testFraction: 0.3, seed: 2, minTrain: 2 });
    expectNoLeakage(data, s);
    const U = s.train.byUser();
    const full = data.byUser();
    for (let u = 0; u < U.rows; u++) expect(U.indptr[u + 1] - U.indptr[u]).toBeGreaterThanOrEqual(Math.min(2, full.indptr[u + 1] - full.indptr[u]));
  });

  test('leave-last-n-out: the test items are each user’s latest', () => {
    const s = leaveLastOut(data, { n: 2 });
    expectNoLeakage(data, s);
    const lastTrain = new Float64Array(data.nUsers).fill(-Infinity);
    for (let e = 0; e < s.train.length; e++) lastTrain[s.train.user[e]] = Math.max(lastTrain[s.train.user[e]], s.train.time[e]);
    for (let e = 0; e < s.test.length; e++) expect(s.test.time[e]).toBeGreaterThan(lastTrain[s.test.user[e]]);
    const perUser = new Map<number, number>();
    for (let e = 0; e < s.test.length; e++) perUser.set(s.test.user[e], (perUser.get(s.test.user[e]) ?? 0) + 1);
    expect([...perUser.values()].every((c) => c === 2)).toBe(true);
  });

  test('global temporal: every test time is after every train time', () => {
    const s = temporalSplit(data, { trainFraction: 0.8 });
    expectNoLeakage(data, s);
    expect(Math.max(...s.train.time)).toBeLessThan(Math.min(...s.test.time));
  });

  test('MovieLens u1: base and test share no rating', () => {
    const { train, test } = loadMovieLensFold(sharedData('movielens-100k'), 1);
    const pairs = new Set<number>();
    for (let e = 0; e < train.length; e++) pairs.add(train.user[e] * 10000 + train.item[e]);
    let shared = 0;
    for (let e = 0; e < test.length; e++) shared += pairs.has(test.user[e] * 10000 + test.item[e]) ? 1 : 0;
    expect(shared).toBe(0);
  });
});
