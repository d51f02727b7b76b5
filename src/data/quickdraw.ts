import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { readNpy } from './npy.js';
import { stratifiedSplitIndices } from './split.js';

/** Labelled images [N, 1, 28, 28] float32 in [0, 1], labels [N] int32, and the class names. */
export interface LabelledImages {
  images: Tensor;
  labels: Tensor;
  classes: string[];
}

/**
 * Quick, Draw! bitmaps from a folder of `<category>.npy` files (Google's "numpy_bitmap" form: uint8
 * rows of 784 = 28×28 pixels, ink high on a 0 background, shape (N, 784) or (N, 1, 784)). Classes
 * are the file names in alphabetical order; `perClass` keeps the first rows of each file.
 * Example: const { images, labels, classes } = loadQuickDraw('../shared/data/quickdraw'); // classes[0] 'apple'
 */
export function loadQuickDraw(dir: string, { perClass }: { perClass?: number } = {}): LabelledImages {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`loadQuickDraw: no such folder: ${dir}`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.npy')).sort();
  if (files.length < 2) throw new Error(`loadQuickDraw: ${dir} holds ${files.length} .npy file(s); one per category, at least two, are needed`);
  const parts = files.map((f) => {
    const path = join(dir, f);
    const { shape, dtype, data } = readNpy(path);
    const rows = shape[0];
    if (dtype !== '|u1' || shape.slice(1).reduce((a, b) => a * b, 1) !== 784)
      throw new Error(`${path}: expected uint8 bitmaps of 784 pixels, shape (N, 784) or (N, 1, 784), got ${dtype} (${shape.join(', ')})`);
    const keep = Math.min(rows, perClass ?? rows);
    return { data: data.subarray(0, keep * 784) as Uint8Array, rows: keep };
  });
  const n = parts.reduce((s, p) => s + p.rows, 0);
  const px = new Float32Array(n * 784);
  const labels = new Int32Array(n);
  let at = 0;
  parts.forEach((p, label) => {
    for (let i = 0; i < p.data.length; i++) px[at * 784 + i] = p.data[i] / 255;
    labels.fill(label, at, at + p.rows);
    at += p.rows;
  });
  return { images: tensor(px, { shape: [n, 1, 28, 28] }), labels: tensor(labels), classes: files.map((f) => basename(f, '.npy')) };
}

/**
 * A seeded stratified split: every class keeps its share in both parts (`testFraction` of each
 * class held out, default 0.2), so six equal categories stay equal in train and test.
 * Example: const { train, test } = stratifiedImageSplit(loadQuickDraw(dir), { seed: 0 });
 */
export function stratifiedImageSplit(
  data: LabelledImages,
  { testFraction = 0.2, seed = 0 }: { testFraction?: number; seed?: number } = {},
): { train: LabelledImages; test: LabelledImages } {
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`stratifiedImageSplit: testFraction must be in (0, 1), got ${testFraction}`);
  const [trainIdx, testIdx] = stratifiedSplitIndices(data.labels, [1 - testFraction, testFraction], { seed });
  const pick = (idx: Int32Array): LabelledImages => ({
    images: data.images.indexSelect(0, tensor(idx)),
    labels: data.labels.indexSelect(0, tensor(idx)),
    classes: data.classes,
  });
  return { train: pick(trainIdx), test: pick(testIdx) };
}
