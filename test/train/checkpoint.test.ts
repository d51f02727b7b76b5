import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { crossEntropy } from '../../src/nn/index.js';
import { SGD, StepLR } from '../../src/optim/index.js';
import { tensor } from '../../src/index.js';
import { ModelCheckpoint, fit, loadCheckpoint, restoreCheckpoint, saveCheckpoint } from '../../src/train/index.js';
import { encodeSafetensors } from '../../src/io/safetensors.js';
import { loaders, smallNet } from './helpers.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'perceptio-ckpt-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const weights = (m: { stateDict(): Record<string, { dataSync(): ArrayLike<number> }> }) =>
  Object.fromEntries(Object.entries(m.stateDict()).map(([k, t]) => [k, Array.from(t.dataSync())]));

describe('checkpoints', () => {
  test('save and load restore weights and optimizer state exactly', () => {
    const dir = tempDir();
    const model = smallNet();
    const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    fit(model, { ...loaders(), loss: crossEntropy, optimizer, epochs: 1 });
    const path = join(dir, 'sub', 'c.safetensors');
    saveCheckpoint(path, { model, optimizer, epoch: 1, history: [{ epoch: 1, loss: 0.5 }] });
    const other = smallNet(5);
    const otherOpt = new SGD(other.parameters(), { lr: 0.3, momentum: 0.5 });
    const c = restoreCheckpoint(path, other, otherOpt);
    expect(c.epoch).toBe(1);
    expect(c.history).toEqual([{ epoch: 1, loss: 0.5 }]);
    expect(weights(other)).toEqual(weights(model));
    expect(otherOpt.paramGroups[0].lr).toBe(0.1);
    expect(otherOpt.paramGroups[0].momentum).toBe(0.9);
    const buf = (o: SGD) => [...o.state.values()].map((s) => Array.from((s.momentumBuffer as { dataSync(): ArrayLike<number> }).dataSync()));
    expect(buf(otherOpt)).toEqual(buf(optimizer));
    expect(readdirSync(join(dir, 'sub'))).toEqual(['c.safetensors']); // no temporary files left
  });

  test('a missing or foreign file is a clear error', () => {
    const dir = tempDir();
    expect(() => loadCheckpoint(join(dir, 'nope.safetensors'))).toThrow(/no such file: .*nope\.safetensors/);
    const p = join(dir, 'plain.safetensors');
    writeFileSync(p, encodeSafetensors({ w: tensor([1]) }));
    expect(() => loadCheckpoint(p)).toThrow(/not a Perceptio checkpoint/);
  });

  test('ModelCheckpoint writes last every epoch and best on improvement', () => {
    const dir = tempDir();
    const model = smallNet();
    const ckpt = new ModelCheckpoint({ dir });
    const { history } = fit(model, { ...loaders(), loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 3, callbacks: [ckpt] });
    expect(readdirSync(dir).sort()).toEqual(['best.safetensors', 'last.safetensors']);
    const last = loadCheckpoint(join(dir, 'last.safetensors'));
    expect(last.epoch).toBe(3);
    const best = loadCheckpoint(join(dir, 'best.safetensors'));
    const bestLoss = Math.min(...history.map((h) => h.valLoss!));
    expect(best.extra.best).toBe(bestLoss);
    expect(history[best.epoch - 1].valLoss).toBe(bestLoss);
  });

  test('resume continues training exactly where the checkpoint ended', () => {
    const straight = smallNet();
    const a = fit(straight, { ...loaders(), loss: crossEntropy, optimizer: new SGD(straight.parameters(), { lr: 0.1, momentum: 0.9 }), epochs: 4 });

    const dir = tempDir();
    const first = smallNet();
    fit(first, { ...loaders(), loss: crossEntropy, optimizer: new SGD(first.parameters(), { lr: 0.1, momentum: 0.9 }), epochs: 2, callbacks: [new ModelCheckpoint({ dir })] });
    // a new process: other initial weights, a fresh optimizer and fresh loaders
    const second = smallNet(77);
    const ckpt = new ModelCheckpoint({ dir, resume: true });
    const b = fit(second, { ...loaders(), loss: crossEntropy, optimizer: new SGD(second.parameters(), { lr: 0.1, momentum: 0.9 }), epochs: 4, callbacks: [ckpt] });
    expect(ckpt.resumedFrom).toBe(2);
    expect(b.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    expect(b.history.map((h) => h.loss)).toEqual(a.history.map((h) => h.loss));
    expect(weights(second)).toEqual(weights(straight));
  });

  test('resume restores the learning-rate schedule too', () => {
    const run = (model: ReturnType<typeof smallNet>, epochs: number, dir: string, resume: boolean) => {
      const optimizer = new SGD(model.parameters(), { lr: 0.2, momentum: 0.9 });
      const scheduler = new StepLR(optimizer, { stepSize: 1, gamma: 0.5 });
      return fit(model, { ...loaders(), loss: crossEntropy, optimizer, scheduler, epochs, callbacks: [new ModelCheckpoint({ dir, resume })] });
    };
    const straight = smallNet();
    const a = run(straight, 4, tempDir(), false);
    const dir = tempDir();
    run(smallNet(), 2, dir, false);
    const resumed = smallNet(8);
    const b = run(resumed, 4, dir, true);
    expect(b.history.map((h) => h.lr)).toEqual([0.2, 0.1, 0.05, 0.025]);
    expect(b.history.map((h) => h.loss)).toEqual(a.history.map((h) => h.loss));
    expect(weights(resumed)).toEqual(weights(straight));
  });

  test('a stray temporary file from a crash does not disturb loading', () => {
    const dir = tempDir();
    const model = smallNet();
    saveCheckpoint(join(dir, 'last.safetensors'), { model, epoch: 1 });
    const good = readFileSync(join(dir, 'last.safetensors'));
    writeFileSync(join(dir, 'last.safetensors.tmp-1-0'), good.subarray(0, 100)); // half-written, then killed
    expect(loadCheckpoint(join(dir, 'last.safetensors')).epoch).toBe(1);
  });
});
