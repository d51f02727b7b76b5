import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli } from '../helpers/cli.js';
import { loadModel } from '../../src/io/model-file.js';
import { mnistEmbeddedSplits, predictDigit } from '../../src/train/mnist-mlp.js';

const dir = mkdtempSync(join(tmpdir(), 'perceptio-cli-'));
const modelDir = join(dir, 'model');
let trained: { code: number; out: string; err: string };
beforeAll(async () => {
  trained = await cli('train', 'mnist-mlp', '--hidden', '64', '--epochs', '2', '--out', modelDir, '--json');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('perceptio train mnist-mlp', () => {
  test('--json prints one object with final metrics and the saved files; progress goes to stderr', () => {
    expect(trained.code).toBe(0);
    const lines = trained.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]);
    expect(r.sizes).toEqual([784, 64, 10]);
    expect(r.history).toHaveLength(2);
    expect(r.testAccuracy).toBeGreaterThan(0.85);
    for (const f of [r.files.model, r.files.weights, r.files.chart]) expect(existsSync(f), f).toBe(true);
    expect(readFileSync(r.files.chart, 'utf8')).toMatch(/^<svg[^]*validation loss[^]*<\/svg>\s*$/);
    expect(trained.err).toMatch(/epoch 2\/2 .*valAccuracy/);
  });

  test('prints readable lines without --json', async () => {
    const r = await cli('train', 'mnist-mlp', '--hidden', '16', '--epochs', '1', '--out', join(dir, 'small'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/epoch 1\/1 /);
    expect(r.out).toMatch(/test accuracy \d+\.\d\d% \(2,000 held-out digits\)/);
    expect(r.out).toContain(`chart: ${join(dir, 'small', 'loss.svg')}`);
  });

  test.each([
    [['train'], /which model\?/],
    [['train', 'cifar'], /unknown task 'cifar'/],
    [['train', 'mnist-mlp', '--epochs', 'many'], /--epochs expects a number, got "many"/],
    [['train', 'mnist-mlp', '--hidden', '0'], /--hidden expects a positive integer/],
    [['train', 'mnist-mlp', '--lr=-1'], /--lr expects a positive number/],
    [['train', 'mnist-mlp', '--bogus'], /Unknown option '--bogus'/],
  ])('bad arguments %j exit with code 2 and a message', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });
});

describe('perceptio eval', () => {
  test('evaluates the saved model on the test digits', async () => {
    const r = await cli('eval', '--model', modelDir, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.n).toBe(2000);
    expect(j.accuracy).toBeCloseTo(JSON.parse(trained.out).testAccuracy, 10);
    expect(j.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(2000);
    const text = await cli('eval', '--model', modelDir);
    expect(text.out).toMatch(/^accuracy \d+\.\d\d% on 2000 test digits/);
  });

  test('a missing model is an error (exit 1) naming the path', async () => {
    const r = await cli('eval', '--model', join(dir, 'nowhere'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nowhere/);
  });
});

describe('perceptio predict', () => {
  /** A test digit the model gets right with confidence, drawn dark on light paper at 3× size. */
  function digitPng(): { path: string; label: number } {
    const model = loadModel(modelDir);
    const { test } = mnistEmbeddedSplits();
    const images = test.images.dataSync();
    const labels = test.labels.dataSync();
    for (let i = 0; i < 100; i++) {
      const x = images.slice(i * 784, (i + 1) * 784) as Float32Array;
      const { digit, probabilities } = predictDigit(model, x);
      if (digit !== labels[i] || probabilities[digit] < 0.95) continue;
      const png = new PNG({ width: 84, height: 90 });
      for (let y = 0; y < 90; y++)
        for (let xx = 0; xx < 84; xx++) {
          const v = y < 84 ? x[Math.floor(y / 3) * 28 + Math.floor(xx / 3)] : 0;
          const o = 4 * (y * 84 + xx);
          png.data[o] = png.data[o + 1] = png.data[o + 2] = Math.round(255 * (1 - v));
          png.data[o + 3] = 255;
        }
      const path = join(dir, `digit-${labels[i]}.png`);
      writeFileSync(path, PNG.sync.write(png));
      return { path, label: labels[i] };
    }
    throw new Error('no confidently classified test digit among the first 100');
  }

  test('recognises a digit from a PNG (dark ink on white, 84×90)', async () => {
    const { path, label } = digitPng();
    const r = await cli('predict', path, '--model', modelDir, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.digit).toBe(label);
    expect(j.probabilities).toHaveLength(10);
    expect(j.probabilities.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5);
    const text = await cli('predict', path, '--model', modelDir);
    expect(text.out).toMatch(new RegExp(`^digit ${label} \\(\\d+\\.\\d%\\)`));
  });

  test.each([
    [[], /which image\?/],
    [['missing.png'], /no such file: missing\.png/],
  ])('bad arguments %j exit with code 2', async (argv, message) => {
    const r = await cli('predict', ...argv, '--model', modelDir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  test('a file that is not a PNG, or is too small, is a usage error', async () => {
    const junk = join(dir, 'junk.png');
    writeFileSync(junk, 'not a png');
    expect((await cli('predict', junk, '--model', modelDir)).err).toMatch(/junk\.png is not a readable PNG/);
    const tiny = join(dir, 'tiny.png');
    writeFileSync(tiny, PNG.sync.write(new PNG({ width: 10, height: 10 })));
    const r = await cli('predict', tiny, '--model', modelDir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/10×10; digits must be at least 28×28/);
  });
});

describe('perceptio info and bench', () => {
  test('info names backend, SIMD, threads and Node version', async () => {
    const r = await cli('info', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(['js', 'wasm']).toContain(j.backend);
    expect(typeof j.simd).toBe('boolean');
    expect(j.fma).toBe(process.env.PERCEPTIO_FMA !== '0'); // this machine's V8 has relaxed SIMD (behind a flag in Node 20)
    expect(j.threads).toBeGreaterThanOrEqual(1);
    expect(j.node).toBe(process.versions.node);
    expect((await cli('info')).out).toMatch(/backend\s+(js|wasm)\nSIMD\s+(yes|no)\nfused mul-add\s+(yes|no)/);
  });

  test('bench measures GEMM, add overhead and the MLP', async () => {
    const r = await cli('bench', '--sizes', '32,64', '--epochs', '1', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.gemm.map((g: { n: number }) => g.n)).toEqual([32, 64]);
    expect(j.gemm[0].gflops).toBeGreaterThan(0);
    expect(j.addMicros).toBeGreaterThan(0);
    expect(j.mlpSecondsPerEpoch).toBeGreaterThan(0);
    expect((await cli('bench', '--sizes', 'x')).code).toBe(2);
    expect((await cli('bench', '--backend', 'gpu')).err).toMatch(/--backend expects js or wasm/);
  });

  test('--help works for every command and the dispatcher lists them', async () => {
    for (const name of ['train', 'eval', 'predict', 'info', 'bench']) {
      const r = await cli(name, '--help');
      expect(r.code, name).toBe(0);
      expect(r.out, name).toMatch(new RegExp(`^Usage: perceptio ${name}`));
    }
    const all = await cli('--help');
    for (const name of ['train', 'eval', 'predict', 'info', 'bench']) expect(all.out).toContain(`  ${name}`);
  });
});
