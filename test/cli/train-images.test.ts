import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tensor } from '../../src/index.js';
import { loadModel, saveModel } from '../../src/io/model-file.js';
import { mlp } from '../../src/models/index.js';
import { quickDrawTask } from '../../src/train/image-tasks.js';
import { predictDigit } from '../../src/train/mnist-mlp.js';
import { encodeImage } from '../../src/vision/image.js';
import { cli } from '../helpers/cli.js';
import { sharedData } from '../helpers/data.js';

// Seeded smoke trainings on small subsets (a small 3-stage CNN, 2 epochs): well above chance, and
// every file written. The full-size runs and their accuracies are in docs/cnn-results.md.
const dir = mkdtempSync(join(tmpdir(), 'perceptio-images-'));
const quick = ['--channels', '8,16,32', '--epochs', '2', '--batch-size', '32', '--json'];
const qdDir = sharedData('quickdraw');
const qdOut = join(dir, 'quickdraw');
let qd: { code: number; out: string; err: string };
beforeAll(async () => {
  qd = await cli('train', 'quickdraw', '--data', qdDir, '--train-limit', '900', '--val-limit', '300', '--out', qdOut, ...quick);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const filesOf = (r: { files: Record<string, string> }) => [r.files.model, r.files.weights, r.files.chart, r.files.confusion];

describe('perceptio train quickdraw, fashion-mnist, mnist-cnn --data', () => {
  test('quickdraw: six categories, seeded 80/20 split, test accuracy far above chance (1/6), all files written', () => {
    expect(qd.code, qd.err).toBe(0);
    const r = JSON.parse(qd.out);
    expect(r.trainImages).toBe(900);
    expect(r.testImages).toBe(300);
    expect(r.testAccuracy).toBeGreaterThan(0.45); // 0.65 when written
    expect(r.history).toHaveLength(2);
    for (const f of filesOf(r)) expect(existsSync(f), f).toBe(true);
    const svg = readFileSync(r.files.confusion, 'utf8');
    for (const c of ['apple', 'bicycle', 'cat', 'diamond', 'eye', 'fish']) expect(svg).toContain(`>${c}</text>`);
    expect(svg).toContain(`accuracy ${(100 * r.testAccuracy).toFixed(2)}%`);
    const saved = JSON.parse(readFileSync(r.files.model, 'utf8'));
    expect(saved.config).toMatchObject({ type: 'small-cnn', numClasses: 6, classes: ['apple', 'bicycle', 'cat', 'diamond', 'eye', 'fish'], input: { box: 26, centre: 'box' } });
    expect(qd.err).toMatch(/epoch 2\/2 .*valAccuracy/);
  });

  test('the same seed gives the same model', async () => {
    const again = await cli('train', 'quickdraw', '--data', qdDir, '--train-limit', '900', '--val-limit', '300', '--out', join(dir, 'qd2'), ...quick);
    expect(JSON.parse(again.out).testAccuracy).toBe(JSON.parse(qd.out).testAccuracy);
    expect(readFileSync(join(dir, 'qd2', 'model.safetensors'))).toEqual(readFileSync(join(qdOut, 'model.safetensors')));
  }, 120_000);

  test('fashion-mnist: scored on the official test set, class names in the confusion matrix', async () => {
    const out = join(dir, 'fashion');
    const r = await cli('train', 'fashion-mnist', '--train-limit', '900', '--val-limit', '300', '--out', out, ...quick);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.data).toBe('/usr/share/datasets/fashion-mnist'); // the default folder
    expect(j.testAccuracy).toBeGreaterThan(0.4); // chance 0.1; 0.61 when written
    for (const f of filesOf(j)) expect(existsSync(f), f).toBe(true);
    expect(readFileSync(j.files.confusion, 'utf8')).toContain('>Ankle boot</text>');
  }, 120_000);

  test('mnist-cnn --data: the last 10,000 training digits are the validation set', async () => {
    const out = join(dir, 'mnist');
    const r = await cli('train', 'mnist-cnn', '--model', 'small-cnn', '--data', sharedData('mnist'), '--train-limit', '900', '--val-limit', '300', '--out', out, ...quick);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.validationAccuracy).toBeGreaterThan(0.4); // chance 0.1; 0.59 when written
    expect(j.validationImages).toBe(300);
    for (const f of filesOf(j)) expect(existsSync(f), f).toBe(true);
  }, 120_000);

  test.each([
    [['quickdraw'], /quickdraw needs --data/],
    [['quickdraw', '--data', '/nowhere/qd'], /--data: no such folder: \/nowhere\/qd/],
    [['fashion-mnist', '--data', '/nowhere/fm'], /--data: no such folder: \/nowhere\/fm/],
    [['mnist-cnn', '--data', '.', '--model', 'lenet'], /--data trains the small CNN; --model lenet/],
    [['mnist-cnn', '--data', '.'], /file not found: .*train-images-idx3-ubyte/],
    [['quickdraw', '--data', '.'], /holds 0 \.npy file/],
    [['quickdraw', '--data', '.', '--channels', '8,x'], /--channels expects a number, got "x"/],
    [['quickdraw', '--data', '.', '--train-limit', '0'], /--train-limit expects a positive integer, got 0/],
  ])('bad input %j: exit code 2 and a clear message', async (argv, message) => {
    const r = await cli('train', ...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe('perceptio predict with an image-classification model', () => {
  /** A test drawing the saved model gets right with confidence, as dark ink on white paper at 3× size with a margin. */
  function drawing(): { label: string; pixels: Float32Array } {
    const model = loadModel(qdOut);
    const task = quickDrawTask(qdDir, { seed: 0, validationLimit: 300 });
    const x = task.validation.images.dataSync() as Float32Array;
    const y = task.validation.labels.dataSync();
    for (let i = 0; i < 300; i++) {
      const px = x.slice(784 * i, 784 * (i + 1));
      const { digit, probabilities } = predictDigit(model, px);
      if (digit === y[i] && probabilities[digit] > 0.8) return { label: task.classes[y[i]], pixels: px };
    }
    throw new Error('no confidently classified test drawing');
  }
  const paper = (px: Float32Array) => {
    const side = 100;
    const img = new Float32Array(side * side).fill(1);
    for (let yy = 0; yy < 84; yy++) for (let xx = 0; xx < 84; xx++) img[(yy + 8) * side + xx + 8] = 1 - px[Math.floor(yy / 3) * 28 + Math.floor(xx / 3)];
    return tensor(img, { shape: [1, side, side] });
  };

  test('names the Quick, Draw! category of a PNG and a JPEG, with its probability', async () => {
    const { label, pixels } = drawing();
    const png = join(dir, 'doodle.png');
    const jpg = join(dir, 'doodle.jpg');
    writeFileSync(png, encodeImage(paper(pixels), 'png'));
    writeFileSync(jpg, encodeImage(paper(pixels), 'jpeg', { quality: 95 }));
    for (const file of [png, jpg]) {
      const r = await cli('predict', file, '--model', qdOut, '--json');
      expect(r.code, r.err).toBe(0);
      const j = JSON.parse(r.out);
      expect(j.class).toBe(label);
      expect(j.classes).toEqual(['apple', 'bicycle', 'cat', 'diamond', 'eye', 'fish']);
      expect(j.probabilities.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5);
      expect(j.probability).toBe(Math.max(...j.probabilities));
      expect(j.digit).toBeUndefined();
    }
    const text = await cli('predict', png, '--model', qdOut);
    expect(text.out).toMatch(new RegExp(`^${label} \\(\\d+\\.\\d%\\)\\n`));
    expect(text.out).toMatch(/\n {2}bicycle +\d+\.\d%/);
  });

  test('bad input: a non-image file, a model of the wrong kind, a missing model', async () => {
    const junk = join(dir, 'notes.jpg');
    writeFileSync(junk, 'a doodle of a cat');
    const r1 = await cli('predict', junk, '--model', qdOut);
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(/notes\.jpg is not a readable PNG or JPEG image/);
    const tabular = join(dir, 'tabular');
    mkdirSync(tabular);
    saveModel(tabular, mlp({ sizes: [13, 4, 2] }));
    const r2 = await cli('predict', junk, '--model', tabular); // the model is checked first
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/holds a mlp model of 13 inputs; predict needs a model of 28×28 grayscale images/);
    const r3 = await cli('predict', junk, '--model', join(dir, 'nowhere'));
    expect(r3.code).toBe(1);
    expect(r3.err).toMatch(/nowhere/);
  });
});
