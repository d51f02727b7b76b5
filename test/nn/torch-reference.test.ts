import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { setBackend } from '../../src/backend/index.js';
import { tensor } from '../../src/index.js';
import { bceLoss, bceWithLogitsLoss, crossEntropy, huberLoss, l1Loss, mseLoss, nllLoss } from '../../src/nn/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';

// Loss values and input gradients from PyTorch (test/fixtures/torch-reference.json, written by
// scripts/torch-reference.py), in float64 and in float32, on every backend.

interface T { shape: number[]; values: number[]; dtype: 'float64' | 'int64' }
interface LossCase { name: string; loss: string; options: Record<string, unknown>; inputs: T[]; output: number; grad: number[] }
const fixture: { library: string; version: string; losses: LossCase[] } = JSON.parse(
  readFileSync(new URL('../fixtures/torch-reference.json', import.meta.url), 'utf8'),
);

const losses: Record<string, (x: Tensor, y: Tensor, o: any) => Tensor> = {
  mseLoss, l1Loss, huberLoss, bceLoss, bceWithLogitsLoss, crossEntropy, nllLoss,
};
const load = (t: T, dtype: 'float32' | 'float64') => tensor(t.values, { shape: t.shape, dtype: t.dtype === 'int64' ? 'int32' : dtype });
const isTensor = (v: unknown): v is T => typeof v === 'object' && v !== null && 'shape' in v && 'values' in v;

const runs = (['js', 'wasm'] as const).flatMap((b) => (['float64', 'float32'] as const).map((d) => [b, d] as const));
describe.each(runs)(`losses match PyTorch ${fixture.version} (%s, %s)`, (backend, dtype) => {
  beforeAll(() => void setBackend(backend));
  afterAll(() => void setBackend('js'));
  const tol = dtype === 'float64' ? { rtol: 1e-10, atol: 1e-12 } : { rtol: 1e-5, atol: 1e-6 };
  test.each(fixture.losses.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const [x, y] = c.inputs.map((t) => load(t, dtype));
    x.requiresGrad = true;
    const opts = Object.fromEntries(Object.entries(c.options).map(([k, v]) => [k, isTensor(v) ? load(v, dtype) : v]));
    const out = losses[c.loss](x, y, opts);
    expect(out).toBeAllClose(c.output, tol);
    out.backward();
    expect(x.grad!).toBeAllClose(c.grad, tol);
  });
});
