import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { csrFromCoo, hasEntry, IdMap, Interactions, loadInteractions, loadItemTitles, loadMovieLensFold, readTriples, transpose } from '../../src/recsys/index.js';
import { sharedData } from '../helpers/data.js';

const dir = mkdtempSync(join(tmpdir(), 'recsys-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('IdMap and CSR', () => {
  test('ids of any form map to dense indices and back', () => {
    const m = new IdMap(['42', 'tt0114709']);
    expect(m.add('42')).toBe(0);
    expect(m.add('x')).toBe(2);
    expect(m.indexOf('tt0114709')).toBe(1);
    expect(m.indexOf('nope')).toBeUndefined();
    expect(m.id(2)).toBe('x');
    expect(() => m.id(3)).toThrow(/index 3 out of range \[0, 3\)/);
  });

  test('csrFromCoo sorts rows and keeps the latest of a repeated pair', () => {
    // (0,2)=5 at t=1, (1,0)=3, (0,1)=4, (0,2)=1 at t=9 → row 0: cols 1, 2 with values 4, 1
    const m = csrFromCoo(2, 3, Int32Array.of(0, 1, 0, 0), Int32Array.of(2, 0, 1, 2), Float64Array.of(5, 3, 4, 1), Float64Array.of(1, 0, 0, 9));
    expect(Array.from(m.indptr)).toEqual([0, 2, 3]);
    expect(Array.from(m.indices)).toEqual([1, 2, 0]);
    expect(Array.from(m.values)).toEqual([4, 1, 3]);
    const t = transpose(m);
    expect(Array.from(t.indptr)).toEqual([0, 1, 2, 3]);
    expect(Array.from(t.indices)).toEqual([1, 0, 0]);
    expect(Array.from(t.values)).toEqual([3, 4, 1]);
    expect(hasEntry(m, 0, 2)).toBe(true);
    expect(hasEntry(m, 1, 2)).toBe(false);
  });

  test('Interactions exposes views by user and by item and item counts', () => {
    const x = Interactions.fromTriples([
      { user: 'a', item: 'x', value: 4 },
      { user: 'b', item: 'x', value: 2 },
      { user: 'a', item: 'y', value: 3 },
    ]);
    expect(x.nUsers).toBe(2);
    expect(x.mean()).toBe(3);
    expect(Array.from(x.itemCounts())).toEqual([2, 1]);
    expect(Array.from(x.byItem().indices)).toEqual([0, 1, 0]);
  });
});

describe('loaders', () => {
  test('u.data, ratings.dat and ratings.csv give the same triples', () => {
    const a = readTriples(file('u.data', '196\t242\t3\t881250949\n186\t302\t3\t891717742\n'));
    const b = readTriples(file('ratings.dat', '196::242::3::881250949\n186::302::3::891717742\n'));
    const c = readTriples(file('ratings.csv', 'userId,movieId,rating,timestamp\n196,242,3,881250949\n186,302,3.0,891717742\n'));
    expect(a).toEqual([{ user: '196', item: '242', value: 3, time: 881250949 }, { user: '186', item: '302', value: 3, time: 891717742 }]);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  test('any CSV with named or positional columns; implicit events have value 1', () => {
    const p = file('events.csv', 'ts,visitor,product\n10,v1,p9\n11,v2,p9\n');
    const t = readTriples(p, { columns: { user: 'visitor', item: 'product', time: 'ts' } });
    expect(t).toEqual([{ user: 'v1', item: 'p9', value: 1, time: 10 }, { user: 'v2', item: 'p9', value: 1, time: 11 }]);
    const d = loadInteractions(p, { columns: { user: 1, item: 2 } });
    expect(d.explicit).toBe(false);
    expect(d.nItems).toBe(1);
  });

  test('a malformed line is an error naming the file and line', () => {
    const p = file('bad.data', '1\t2\t3\t4\n1\t2\tfive\t4\n');
    expect(() => readTriples(p)).toThrow(/bad\.data:2: value is not a number: "five"/);
    const q = file('short.dat', '1::2::3::4\n1::2\n');
    expect(() => readTriples(q)).toThrow(/short\.dat:2: expected user::item::rating/);
  });

  test('MovieLens 100K u1 fold: 80,000 / 20,000 ratings over shared maps, ids in order', () => {
    const d = sharedData('movielens-100k');
    const { train, test } = loadMovieLensFold(d, 1);
    expect(train.length).toBe(80000);
    expect(test.length).toBe(20000);
    expect(train.users).toBe(test.users);
    expect(train.nUsers).toBe(943);
    expect(train.nItems).toBe(1682);
    expect(train.users.id(0)).toBe('1');
    const titles = loadItemTitles(join(d, 'u.item'), train.items);
    expect(titles[0]).toBe('Toy Story (1995)');
  });
});
