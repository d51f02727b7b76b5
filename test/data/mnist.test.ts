import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  downloadMnist,
  loadMnistEmbedded,
  loadMnistIdx,
  loadMnistSplit,
  readIdx,
} from '../../src/data/index.js';
import { Generator } from '../../src/tensor/random.js';
import { sharedData } from '../helpers/data.js';

const counts = (labels: ArrayLike<number>) => {
  const c = new Array(10).fill(0);
  for (const l of Array.from(labels)) c[l]++;
  return c;
};

describe('MNIST', () => {
  test('embedded digits: 10,000 in digit-major order, equal to MNIST training images 0–9,999', () => {
    const { images, labels } = loadMnistEmbedded();
    expect(images.shape).toEqual([10000, 784]);
    expect(images.dtype).toBe('float32');
    expect(labels.dtype).toBe('int32');
    const lab = labels.dataSync();
    expect(counts(lab)).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(lab[0]).toBe(0);
    expect(lab[9999]).toBe(9);
    const px = images.dataSync();
    expect(Math.min(...px.subarray(0, 784 * 50))).toBe(0);
    expect(Math.max(...px.subarray(0, 784 * 50))).toBe(1);
    // the first digit 0 of the package is MNIST training image 1 (label 0), to 3 decimals
    const idx = readIdx(sharedData('mnist', 'train-images-idx3-ubyte.gz'));
    const original = Array.from(idx.data.subarray(784, 2 * 784), (p) => p / 255);
    expect(px.subarray(0, 784)).toBeAllClose(original, { atol: 5e-4 + 1e-7 });
    expect(loadMnistEmbedded({ flatten: false }).images.shape).toEqual([10000, 1, 28, 28]);
  });

  test('shared 10k split: files, counts and the regenerated permutations agree', () => {
    const dir = sharedData('mnist-10k-split');
    const s = loadMnistSplit(dir);
    expect(s.train.images.shape).toEqual([8000, 784]);
    expect(s.test.images.shape).toEqual([2000, 784]);
    expect(counts(s.train.labels.dataSync())).toEqual([
      819, 908, 792, 832, 760, 683, 810, 856, 756, 784,
    ]);
    expect(counts(s.test.labels.dataSync())).toEqual([
      182, 219, 199, 200, 220, 180, 204, 214, 188, 194,
    ]);
    expect(Array.from(s.permutation)).toEqual(
      Array.from(new Generator(20240601).permutation(10000)),
    );
    for (const e of [0, 9])
      expect(Array.from(s.order(e))).toEqual(Array.from(new Generator(1 + e).permutation(8000)));
    expect(s.order(10).length).toBe(8000);
    // without the folder the split is regenerated from its seeds: identical
    const r = loadMnistSplit();
    expect(r.train.labels.dataSync()).toEqual(s.train.labels.dataSync());
    expect(Array.from(r.order(3))).toEqual(Array.from(s.order(3)));
    // and the file checksums are the published ones
    const sha = (f: string) =>
      createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex');
    expect(sha('mnist10k_perm_u32.bin')).toBe(
      '5c680359a40a20886dd8260dbf89e388873b9afac4354c0c5fae614f31ad4258',
    );
  });

  test('full MNIST from the shared IDX files', () => {
    const { images, labels } = loadMnistIdx(sharedData('mnist'));
    expect(images.shape).toEqual([60000, 784]);
    expect(counts(labels.dataSync())).toEqual([
      5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949,
    ]);
    const px = images.slice(0, 0, 1).dataSync();
    expect(Math.max(...px)).toBe(1);
    expect(Math.min(...px)).toBe(0);
  });

  test('a missing IDX file names the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perceptio-mnist-'));
    expect(() => loadMnistIdx(dir, { split: 'test' })).toThrow(
      /file not found: .*t10k-images-idx3-ubyte/,
    );
  });

  test('downloadMnist verifies sha256 and uses the cache (stubbed fetch, no network)', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'perceptio-dl-'));
    const bad = async () => ({
      ok: true,
      status: 200,
      arrayBuffer: async () => new ArrayBuffer(8),
    });
    await expect(downloadMnist({ cacheDir, fetch: bad })).rejects.toThrow(
      /train-images-idx3-ubyte\.gz[\s\S]*sha256 mismatch: expected 440fcabf/,
    );
    const notFound = async () => ({
      ok: false,
      status: 404,
      arrayBuffer: async () => new ArrayBuffer(0),
    });
    await expect(downloadMnist({ cacheDir, fetch: notFound })).rejects.toThrow(/HTTP 404/);
    // files already cached with the right checksum are not fetched again
    const shared = sharedData('mnist');
    for (const f of ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'])
      writeFileSync(join(cacheDir, 'mnist', f), readFileSync(join(shared, f)));
    const fetched: string[] = [];
    const fake = async (url: string) => {
      fetched.push(url);
      return { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) };
    };
    await expect(downloadMnist({ cacheDir, fetch: fake })).rejects.toThrow(/t10k-images/);
    expect(fetched.every((u) => u.includes('t10k-images'))).toBe(true);
  });
});
