import { describe, expect, test } from 'vitest';
import { arange, tensor } from '../../src/tensor/create.js';
import { Generator } from '../../src/tensor/random.js';
import { DataLoader, collate, Subset, TensorDataset, type Dataset } from '../../src/data/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const xy = (n: number) => {
  const x = arange(0, n * 2, 1, { dtype: 'float32' }).reshape(n, 2);
  const y = arange(0, n, 1, { dtype: 'int32' });
  return new TensorDataset(x, y);
};

describe('TensorDataset', () => {
  test('get returns the rows of every tensor', () => {
    const [x, y] = xy(5).get(3);
    expect(x.shape).toEqual([2]);
    expect(x.toArray()).toEqual([6, 7]);
    expect(y.item()).toBe(3);
  });
  test('tensors must share the first dimension', () => {
    expect(() => new TensorDataset(tensor([1, 2, 3]), tensor([1, 2]))).toThrow(
      /first dimension.*\[3\].*\[2\]/,
    );
  });
  test('an index out of range is an error', () => {
    expect(() => xy(3).get(3)).toThrow(/index 3 is out of range for length 3/);
  });
});

describe('DataLoader', () => {
  test('sequential batches in order, last batch smaller', () => {
    const loader = new DataLoader(xy(10), { batchSize: 4 });
    const batches = [...loader];
    expect(loader.length).toBe(3);
    expect(batches.map(([, y]) => y.toArray())).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(batches[2][0].toArray()).toEqual([
      [16, 17],
      [18, 19],
    ]);
    expect(batches[0][1].dtype).toBe('int32');
  });
  test('dropLast drops the short batch', () => {
    const loader = new DataLoader(xy(10), { batchSize: 4, dropLast: true });
    expect(loader.length).toBe(2);
    expect([...loader].length).toBe(2);
  });
  test('a seeded shuffle is a permutation, differs per epoch and repeats per seed', () => {
    const ds = xy(50);
    const a = new DataLoader(ds, { batchSize: 8, shuffle: true, seed: 7 });
    const b = new DataLoader(ds, { batchSize: 8, shuffle: true, seed: 7 });
    const epoch = (l: DataLoader<[Tensor, Tensor]>) =>
      [...l].flatMap(([, y]) => y.toArray() as number[]);
    const a0 = epoch(a);
    const a1 = epoch(a);
    expect([...a0].sort((p, q) => p - q)).toEqual([...Array(50).keys()]);
    expect(a1).not.toEqual(a0);
    expect(epoch(b)).toEqual(a0);
    // rows stay aligned across tensors
    for (const [x, y] of new DataLoader(ds, { batchSize: 8, shuffle: true, seed: 3 }))
      expect((x.toArray() as number[][]).map((r) => r[0] / 2)).toEqual(y.toArray());
    // setting epoch replays that epoch (resuming)
    b.epoch = 1;
    expect(epoch(b)).toEqual(a1);
  });
  test('seed 1 reproduces the mulberry32 Fisher–Yates epoch order', () => {
    const loader = new DataLoader(xy(100), { batchSize: 100, shuffle: true, seed: 1 });
    expect(Array.from(loader.indices(2))).toEqual(Array.from(new Generator(3).permutation(100)));
  });
  test('a generator draws consecutive permutations', () => {
    const g = new Generator(5);
    const loader = new DataLoader(xy(20), { batchSize: 20, shuffle: true, generator: g });
    const [[, y]] = [...loader];
    expect(y.toArray()).toEqual(Array.from(new Generator(5).permutation(20)));
  });
  test('order gives the visiting order per epoch', () => {
    const loader = new DataLoader(xy(6), {
      batchSize: 4,
      order: (e) => (e === 0 ? [5, 4, 3, 2, 1, 0] : [0, 0, 1]),
    });
    expect([...loader].map(([, y]) => y.toArray())).toEqual([
      [5, 4, 3, 2],
      [1, 0],
    ]);
    expect([...loader].map(([, y]) => y.toArray())).toEqual([[0, 0, 1]]);
    expect(() => [...new DataLoader(xy(3), { order: () => [3] })]).toThrow(
      /index 3, out of range for 3/,
    );
  });
  test('a Subset of a TensorDataset is gathered through composed indices', () => {
    const sub = new Subset(new Subset(xy(10), [9, 8, 7, 6, 5]), [4, 0, 2]);
    const [[x, y]] = [...new DataLoader(sub, { batchSize: 3 })];
    expect(y.toArray()).toEqual([5, 9, 7]);
    expect(x.toArray()).toEqual([
      [10, 11],
      [18, 19],
      [14, 15],
    ]);
  });
  test('generic datasets are collated: tensors stacked, numbers to float32, objects by key', () => {
    const ds: Dataset<{ v: Tensor; n: number }> = {
      length: 3,
      get: (i) => ({ v: tensor([i, -i]), n: i / 2 }),
    };
    const [b0, b1] = [...new DataLoader(ds, { batchSize: 2 })];
    expect(b0.v.toArray()).toEqual([
      [0, -0],
      [1, -1],
    ]);
    expect(b0.n.toArray()).toEqual([0, 0.5]);
    expect(b1.v.shape).toEqual([1, 2]);
    expect(collate([[tensor([1]), 3]])[1].dtype).toBe('float32');
  });
  test('a TensorDataset is gathered with one indexSelect per tensor, never per sample', () => {
    const ds = xy(100);
    let gets = 0;
    const get = ds.get.bind(ds);
    ds.get = (i) => (gets++, get(i));
    const batches = [...new DataLoader(ds, { batchSize: 32, shuffle: true, seed: 0 })];
    expect(batches.map(([x]) => x.shape[0])).toEqual([32, 32, 32, 4]);
    expect(gets).toBe(0);
  });
  test('bad batch size is an error', () => {
    expect(() => new DataLoader(xy(3), { batchSize: 0 })).toThrow(
      /batchSize must be a positive integer, got 0/,
    );
  });
});
