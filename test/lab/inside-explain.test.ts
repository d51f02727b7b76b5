// "Inside the CNN" in Node: the recorded layers of the shipped LeNet, and the saliency map checked
// against central differences of the explained class's logit.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { noGrad, tensor } from 'perceptio';
import { mnistEmbeddedSplits } from 'perceptio/train';
import { modelFromFiles } from '../../lab/src/pages/draw/load-model.js';
import { convFilters, explain } from '../../lab/src/pages/inside/explain.js';

const dir = new URL('../../lab/public/models/mnist-lenet/', import.meta.url);
const model = modelFromFiles(JSON.parse(readFileSync(new URL('model.json', dir), 'utf8')), readFileSync(new URL('model.safetensors', dir))).model;
const { test: held } = mnistEmbeddedSplits();
const digit = Float32Array.from(held.images.slice(0, 0, 1).values());
const label = held.labels.values()[0];

describe('explain', () => {
  const ex = explain(model, digit);

  test('every layer of LeNet-5 in forward order, with its shape', () => {
    expect(ex.layers.map((l) => [l.name, l.shape])).toEqual([
      ['conv1', [6, 28, 28]], ['act1', [6, 28, 28]], ['pool1', [6, 14, 14]],
      ['conv2', [16, 10, 10]], ['act2', [16, 10, 10]], ['pool2', [16, 5, 5]],
      ['fc1', [120]], ['act3', [120]], ['fc2', [84]], ['act4', [84]], ['fc3', [10]],
    ]);
    for (const l of ex.layers) expect(l.values.length).toBe(l.shape.reduce((a, b) => a * b, 1));
    expect(ex.layers.find((l) => l.name === 'act1')!.values.every((v) => v >= 0)).toBe(true); // ReLU
  });

  test('probabilities are the softmax of the logits and the top guess is right', () => {
    const logits = noGrad(() => model.forward(tensor(digit, { shape: [1, 1, 28, 28] }))).values();
    expect(Array.from(ex.layers.at(-1)!.values)).toEqual(Array.from(logits));
    expect(ex.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(ex.target).toBe(label);
  });

  test('saliency is |∂ logit / ∂ pixel|, as central differences give it', () => {
    const logit = (p: Float32Array, c: number) => noGrad(() => model.forward(tensor(p, { shape: [1, 1, 28, 28] }))).values()[c];
    const other = (label + 3) % 10;
    // faint noise breaks the max-pool ties of the flat background: at a tie the gradient takes the
    // first maximum (as PyTorch), which neither one-sided difference reproduces
    let seed = 7;
    const noisy = digit.map((v) => v + ((seed = (seed * 1103515245 + 12345) >>> 0) % 1000) / 20000);
    const forOther = explain(model, noisy, other);
    expect(forOther.target).toBe(other);
    // the ten most salient pixels and ten ordinary ones: large and small gradients alike must agree
    const order = Array.from(forOther.saliency.keys()).sort((a, b) => forOther.saliency[b] - forOther.saliency[a]);
    for (const i of [...order.slice(0, 10), ...order.slice(300, 310)]) {
      const eps = 3e-3; // small enough to cross no ReLU kink, large enough for float32 logits
      const [up, down] = [Float32Array.from(noisy), Float32Array.from(noisy)];
      up[i] += eps;
      down[i] -= eps;
      const numeric = Math.abs((logit(up, other) - logit(down, other)) / (2 * eps));
      expect(Math.abs(forOther.saliency[i] - numeric), `pixel ${i}`).toBeLessThan(2e-3 + 0.02 * numeric);
    }
    expect(Math.max(...forOther.saliency)).toBeGreaterThan(0);
  });

  test('leaves no gradients on the parameters; refuses a class the model does not have', () => {
    for (const p of model.parameters()) expect(p.grad === null || p.grad.abs().max().item() === 0).toBe(true);
    expect(() => explain(model, digit, 10)).toThrow(/class 10 is not one of the 10 classes/);
  });

  test('the learned filters of both convolutions, as in the state dict', () => {
    const f = convFilters(model);
    expect(f.map((x) => [x.name, x.shape])).toEqual([['conv1', [6, 1, 5, 5]], ['conv2', [16, 6, 5, 5]]]);
    expect(Array.from(f[1].values)).toEqual(Array.from(model.stateDict()['conv2.weight'].values()));
  });

  test('the Quick, Draw! small CNN: its layers by kind, batch norm and global pooling included', () => {
    const qd = new URL('../../lab/public/models/quickdraw-cnn/', import.meta.url);
    const small = modelFromFiles(JSON.parse(readFileSync(new URL('model.json', qd), 'utf8')), readFileSync(new URL('model.safetensors', qd))).model;
    const e = explain(small, digit);
    expect(e.probabilities.length).toBe(6);
    const kinds = e.layers.map((l) => l.kind);
    expect(kinds[0]).toBe('conv');
    expect(kinds.slice(-2)).toEqual(['gpool', 'fc']);
    expect(new Set(kinds)).toEqual(new Set(['conv', 'norm', 'act', 'pool', 'gpool', 'fc']));
    expect(e.layers.at(-2)!.shape).toEqual([64]); // one number per channel of the last stage
    expect(convFilters(small).map((f) => f.shape)).toEqual([[16, 1, 3, 3], [32, 16, 3, 3], [64, 32, 3, 3]]);
  });
});
