// Writes the lab's replay samples (lab/public/models/<name>/samples.u8): a few training images
// of every class, mixed into each batch when the draw page fine-tunes a model on the user's own
// drawings, so it learns them without forgetting the rest. Records: one label byte, 784 pixel bytes.
// Run: npx vite-node scripts/lab-samples.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mnistEmbeddedSplits } from 'perceptio/train';
import { encodeSamples } from '../lab/src/pages/draw/samples.js';
import { QUICKDRAW_CLASSES } from '../lab/src/pages/draw/catalog.js';

const PER_CLASS = 20;
const out = (name: string) => join('lab', 'public', 'models', name, 'samples.u8');

// digits: the first PER_CLASS of each class among the 7,000 training digits of `perceptio train mnist-cnn`
const { train } = mnistEmbeddedSplits();
const px = train.images.values();
const labels = train.labels.values();
const digits: { pixels: Float32Array; label: number }[] = [];
const taken = new Array(10).fill(0);
for (let i = 0; i < labels.length && digits.length < 10 * PER_CLASS; i++) {
  const label = labels[i];
  if (taken[label]++ < PER_CLASS) digits.push({ label, pixels: Float32Array.from(px.subarray(i * 784, (i + 1) * 784)) });
}
writeFileSync(out('mnist-lenet'), encodeSamples(digits));

// Quick, Draw!: the last PER_CLASS bitmaps of each category's .npy file (uint8, header length at bytes 8–9)
const dir = process.argv[2] ?? '../shared/data/quickdraw';
const drawings = QUICKDRAW_CLASSES.flatMap((name, label) => {
  const bytes = readFileSync(join(dir, `${name}.npy`));
  const start = 10 + bytes.readUInt16LE(8);
  const rows = (bytes.length - start) / 784;
  return Array.from({ length: PER_CLASS }, (_, k) => {
    const at = start + (rows - PER_CLASS + k) * 784;
    return { label, pixels: Float32Array.from(bytes.subarray(at, at + 784), (v) => v / 255) };
  });
});
writeFileSync(out('quickdraw-cnn'), encodeSamples(drawings));
console.log(`wrote ${digits.length} digits and ${drawings.length} drawings`);
