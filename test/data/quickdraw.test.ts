import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadQuickDraw, stratifiedImageSplit } from '../../src/data/quickdraw.js';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, loadFashionMnist } from '../../src/data/fashion-mnist.js';
import { sharedData } from '../helpers/data.js';

const counts = (labels: ArrayLike<number>, k: number) => {
  const c = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) c[labels[i]]++;
  return c;
};

describe('Quick, Draw!', () => {
  const dir = sharedData('quickdraw');

  test('one class per .npy file, alphabetical; images [N, 1, 28, 28] in [0, 1]', () => {
    const d = loadQuickDraw(dir, { perClass: 50 });
    expect(d.classes).toEqual(['apple', 'bicycle', 'cat', 'diamond', 'eye', 'fish']);
    expect(d.images.shape).toEqual([300, 1, 28, 28]);
    expect(counts(d.labels.dataSync(), 6)).toEqual([50, 50, 50, 50, 50, 50]);
    const px = d.images.dataSync();
    expect(Math.max(...px.subarray(0, 784))).toBe(1);
    expect(Math.min(...Array.from(px.subarray(0, 7840)))).toBe(0);
  });

  test('the stratified 80/20 split keeps every class at 80/20, is seeded, and parts are disjoint', () => {
    const d = loadQuickDraw(dir, { perClass: 105 });
    const a = stratifiedImageSplit(d, { seed: 1 });
    expect(counts(a.train.labels.dataSync(), 6)).toEqual(new Array(6).fill(84));
    expect(counts(a.test.labels.dataSync(), 6)).toEqual(new Array(6).fill(21));
    const b = stratifiedImageSplit(d, { seed: 1 });
    expect(b.test.images.dataSync()).toEqual(a.test.images.dataSync());
    const c = stratifiedImageSplit(d, { seed: 2 });
    expect(c.test.images.dataSync()).not.toEqual(a.test.images.dataSync());
    // no drawing in both parts (the 630 drawings are all different)
    const keys = (part: { images: { dataSync(): ArrayLike<number> }; labels: { dataSync(): ArrayLike<number> } }) => {
      const [x, y] = [part.images.dataSync() as Float32Array, part.labels.dataSync()];
      return Array.from({ length: y.length }, (_, i) => `${y[i]}:${x.subarray(784 * i, 784 * (i + 1)).join()}`);
    };
    const train = new Set(keys(a.train));
    const test = keys(a.test);
    expect(test.filter((k) => train.has(k))).toEqual([]);
    expect(() => stratifiedImageSplit(d, { testFraction: 1 })).toThrow(/testFraction must be in \(0, 1\), got 1/);
  });

  test('a missing folder, a folder with one file, and a file of the wrong shape are errors', () => {
    expect(() => loadQuickDraw('/nowhere/quickdraw')).toThrow(/no such folder: \/nowhere\/quickdraw/);
    const tmp = mkdtempSync(join(tmpdir(), 'perceptio-qd-'));
    copyFileSync(join(dir, 'cat.npy'), join(tmp, 'cat.npy'));
    expect(() => loadQuickDraw(tmp)).toThrow(/holds 1 \.npy file\(s\)/);
    // a float32 (2, 3) array where a bitmap file belongs
    const head = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }".padEnd(117, ' ') + '\n';
    const bytes = new Uint8Array(10 + head.length + 24);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, head.length, 0]);
    bytes.set(new TextEncoder().encode(head), 10);
    writeFileSync(join(tmp, 'dog.npy'), bytes);
    expect(() => loadQuickDraw(tmp)).toThrow(/dog\.npy: expected uint8 bitmaps of 784 pixels.*got <f4 \(2, 3\)/);
    mkdirSync(join(tmp, 'empty'));
    expect(() => loadQuickDraw(join(tmp, 'empty'))).toThrow(/holds 0 \.npy file/);
  });
});

describe('Fashion-MNIST', () => {
  test('Debian\'s dataset-fashion-mnist files: 60,000 train and 10,000 test images with class names', () => {
    const { train, test } = loadFashionMnist(FASHION_MNIST_DIR);
    expect(train.images.shape).toEqual([60000, 1, 28, 28]);
    expect(test.images.shape).toEqual([10000, 1, 28, 28]);
    expect(counts(test.labels.dataSync(), 10)).toEqual(new Array(10).fill(1000)); // the official test set is balanced
    expect(train.classes).toBe(FASHION_MNIST_CLASSES);
    expect(train.classes[9]).toBe('Ankle boot');
  });

  test('a missing folder names the package to install', () => {
    expect(() => loadFashionMnist('/nowhere/fashion')).toThrow(/no such folder: \/nowhere\/fashion \(install Debian's dataset-fashion-mnist/);
  });
});
