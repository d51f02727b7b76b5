import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadModel, saveModel } from '../../src/io/model-file.js';
import { loadSafetensors } from '../../src/io/safetensors.js';
import { mlp } from '../../src/models/index.js';
import { Linear } from '../../src/nn/linear.js';
import { randn } from '../../src/tensor/create.js';
import { manualSeed } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const bits = (t: Tensor) => {
  const v = t.dataSync();
  return Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
};

describe('saveModel / loadModel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perceptio-model-'));

  test('an MLP round-trips bit-exactly through a folder, with its JSON architecture', () => {
    manualSeed(1);
    const model = mlp({ sizes: [6, 5, 3], activation: 'tanh', batchNorm: true });
    const out = join(dir, 'mlp');
    const p = saveModel(out, model);
    expect(p).toEqual({ json: join(out, 'model.json'), weights: join(out, 'model.safetensors') });
    const desc = JSON.parse(readFileSync(p.json, 'utf8'));
    expect(desc).toMatchObject({
      format: 'perceptio-model',
      version: 1,
      dtype: 'float32',
      weights: 'model.safetensors',
    });
    expect(desc.config).toEqual(model.config);
    expect(desc.parameters).toBe(model.numParameters());
    const loaded = loadModel(out);
    expect(loaded.config).toEqual(model.config);
    const a = model.stateDict();
    const b = loaded.stateDict();
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const k of Object.keys(a)) expect(bits(b[k])).toEqual(bits(a[k]));
    const x = randn([4, 6]);
    model.eval();
    expect(bits(loaded.forward(x))).toEqual(bits(model.forward(x)));
  });

  test('float64 weights stay float64; a lone .safetensors file carries its config', () => {
    const model = mlp({ sizes: [3, 2] }).double();
    const p = saveModel(join(dir, 'tiny.safetensors'), model);
    expect(p.json).toBe(join(dir, 'tiny.json'));
    expect(loadSafetensors(p.weights).metadata['perceptio.config']).toBe(
      JSON.stringify(model.config),
    );
    rmSync(p.json);
    const loaded = loadModel(p.weights);
    expect(loaded.stateDict()['layers.0.weight'].dtype).toBe('float64');
    expect(bits(loaded.stateDict()['layers.0.weight'])).toEqual(
      bits(model.stateDict()['layers.0.weight']),
    );
  });

  test('errors: a model without config, a missing folder, a foreign JSON', () => {
    expect(() => saveModel(join(dir, 'x'), new Linear(2, 2))).toThrow(
      /Linear has no config.*saveSafetensors/,
    );
    expect(() => loadModel(join(dir, 'absent'))).toThrow(/file not found: .*absent\/model\.json/);
    const p = saveModel(join(dir, 'm2'), mlp({ sizes: [2, 2] }));
    expect(existsSync(p.weights)).toBe(true);
    const other = join(dir, 'other.json');
    writeFileSync(other, '{"format":"keras"}');
    expect(() => loadModel(other)).toThrow(/not a Perceptio model description \(format 'keras'\)/);
  });
});
