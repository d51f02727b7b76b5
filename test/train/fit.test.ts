import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { crossEntropy } from '../../src/nn/index.js';
import { SGD } from '../../src/optim/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import {
  EarlyStopping, ModelCheckpoint, NonFiniteLossError, Progress, evaluate, fit, fitAsync, loadCheckpoint, type Scheduler,
} from '../../src/train/index.js';
import { loaders, smallNet } from './helpers.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'perceptio-fit-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('fit', () => {
  test('returns per-epoch train and validation loss and metrics, and learns', () => {
    const model = smallNet();
    const { history, stoppedEpoch } = fit(model, {
      ...loaders(), loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }),
      epochs: 4, metrics: ['accuracy', 'f1'],
    });
    expect(stoppedEpoch).toBeNull();
    expect(history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    for (const h of history)
      for (const k of ['loss', 'accuracy', 'f1', 'valLoss', 'valAccuracy', 'valF1', 'lr', 'seconds']) expect(h[k], k).toBeTypeOf('number');
    expect(history[3].loss).toBeLessThan(history[0].loss);
    expect(history[3].valAccuracy).toBeGreaterThan(0.9);
    expect(history[0].lr).toBe(0.1);
  });

  test('evaluate gives the validation figures of the last epoch', () => {
    const model = smallNet();
    const { validation, train } = loaders();
    const { history } = fit(model, { train, validation, loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 2, metrics: ['accuracy'] });
    const r = evaluate(model, validation, { loss: crossEntropy, metrics: ['accuracy'] });
    expect(r.loss).toBeCloseTo(history[1].valLoss!, 6);
    expect(r.accuracy).toBe(history[1].valAccuracy);
    expect(model.training).toBe(false);
  });

  test('is deterministic under the same seeds', () => {
    const run = () => {
      const model = smallNet(3);
      return fit(model, { ...loaders(3), loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 }), epochs: 2 })
        .history.map((h) => [h.loss, h.valLoss]);
    };
    expect(run()).toEqual(run());
  });

  test('custom metrics receive all outputs and targets of the epoch', () => {
    const model = smallNet();
    const seen: number[] = [];
    fit(model, {
      ...loaders(), loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 1,
      metrics: [{ name: 'rows', fn: (out: Tensor, y: Tensor) => (seen.push(y.shape[0]), out.shape[0]) }],
    });
    expect(seen).toEqual([240, 90]);
  });

  test('the scheduler option steps each epoch; a step(metric) schedule gets the validation loss', () => {
    const model = smallNet();
    const optimizer = new SGD(model.parameters(), { lr: 0.2 });
    const halve: Scheduler = { step: () => void (optimizer.lr *= 0.5) };
    const { history } = fit(model, { ...loaders(), loss: crossEntropy, optimizer, epochs: 3, scheduler: halve });
    expect(history.map((h) => h.lr)).toEqual([0.2, 0.1, 0.05]);
    const metrics: number[] = [];
    const plateau: Scheduler = { step: (m?: number) => void metrics.push(m!) };
    const r = fit(model, { ...loaders(), loss: crossEntropy, optimizer, epochs: 2, scheduler: plateau });
    expect(metrics).toEqual(r.history.map((h) => h.valLoss));
  });

  test('fitAsync gives the same history as fit and lets timers run while it trains', async () => {
    const run = () => {
      const model = smallNet(4);
      return { model, optimizer: new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 }) };
    };
    const a = run();
    const sync = fit(a.model, { ...loaders(4), loss: crossEntropy, optimizer: a.optimizer, epochs: 2 });
    const b = run();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const async = await fitAsync(b.model, { ...loaders(4), loss: crossEntropy, optimizer: b.optimizer, epochs: 2, yieldEveryMs: 0 });
    clearInterval(timer);
    expect(async.history.map((h) => h.loss)).toEqual(sync.history.map((h) => h.loss));
    expect(ticks).toBeGreaterThan(0);
  });

  test('rejects a bad epoch count', () => {
    const model = smallNet();
    expect(() => fit(model, { ...loaders(), loss: crossEntropy, optimizer: new SGD(model.parameters()), epochs: 1.5 })).toThrow(/epochs.*1\.5/);
  });
});

describe('EarlyStopping', () => {
  test('stops after `patience` epochs without improvement', () => {
    const model = smallNet();
    const es = new EarlyStopping({ monitor: 'valLoss', patience: 2 });
    // lr 0: nothing changes, so epoch 1 stays best and epochs 2 and 3 do not improve
    const r = fit(model, { ...loaders(), loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0 }), epochs: 10, callbacks: [es] });
    expect(r.stoppedEpoch).toBe(3);
    expect(r.history).toHaveLength(3);
    expect(es.bestEpoch).toBe(1);
  });

  test('restores the weights of the best epoch', () => {
    const model = smallNet();
    // mode 'max' on a falling loss: epoch 1 is "best", so the final weights must be epoch 1's
    const es = new EarlyStopping({ monitor: 'valLoss', mode: 'max', patience: 2, restoreBestWeights: true });
    const { validation, train } = loaders();
    const r = fit(model, { train, validation, loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 10, callbacks: [es] });
    expect(es.bestEpoch).toBe(1);
    expect(r.history.length).toBe(3);
    expect(evaluate(model, validation, { loss: crossEntropy }).loss).toBeCloseTo(r.history[0].valLoss!, 6);
  });

  test('names the available keys when the monitor is unknown', () => {
    const model = smallNet();
    const es = new EarlyStopping({ monitor: 'valAcc' });
    expect(() => fit(model, { ...loaders(), loss: crossEntropy, optimizer: new SGD(model.parameters()), epochs: 1, callbacks: [es] }))
      .toThrow(/monitor 'valAcc' is not in the epoch logs \(available: .*valLoss/);
  });
});

describe('non-finite loss', () => {
  test('stops with an error naming epoch and step, and the last good checkpoint stays intact', () => {
    const dir = tempDir();
    const model = smallNet();
    const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    let calls = 0;
    // 240 rows in batches of 32: 8 steps per epoch, plus 2 validation batches; call 25 is epoch 3, step 5
    const loss = (out: Tensor, y: Tensor) => (++calls === 25 ? crossEntropy(out, y).mul(NaN) : crossEntropy(out, y));
    const ckpt = new ModelCheckpoint({ dir });
    let error: unknown;
    try {
      fit(model, { ...loaders(), loss, optimizer, epochs: 5, callbacks: [ckpt] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect((error as Error).message).toBe(`fit: loss became NaN at epoch 3, step 5; the last good checkpoint is ${join(dir, 'last.safetensors')}`);
    expect(error).toMatchObject({ epoch: 3, step: 5 });
    const c = loadCheckpoint(join(dir, 'last.safetensors'));
    expect(c.epoch).toBe(2);
    expect(c.history).toHaveLength(2);
    for (const t of Object.values(c.model)) expect(t.dataSync().every(Number.isFinite)).toBe(true);
    // the saved weights still give the validation loss recorded for epoch 2
    const fresh = smallNet(9);
    fresh.loadStateDict(c.model);
    expect(evaluate(fresh, loaders().validation, { loss: crossEntropy }).loss).toBeCloseTo(c.history[1].valLoss!, 6);
  });

  test('an infinite loss without a checkpoint says so', () => {
    const model = smallNet();
    const loss = (out: Tensor, y: Tensor) => crossEntropy(out, y).mul(Infinity);
    expect(() => fit(model, { ...loaders(), loss, optimizer: new SGD(model.parameters()), epochs: 1 }))
      .toThrow('fit: loss became Infinity at epoch 1, step 1; no checkpoint was written (add a ModelCheckpoint)');
  });
});

describe('Progress', () => {
  const collect = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, stream: { isTTY, columns: 200, write: (s: string) => chunks.push(s) } };
  };

  test('prints one plain line per epoch when not a terminal', () => {
    const { chunks, stream } = collect(false);
    const model = smallNet();
    fit(model, { ...loaders(), loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 2, metrics: ['accuracy'], callbacks: [new Progress({ stream })] });
    const text = chunks.join('');
    expect(text).not.toContain('\r');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^epoch 2\/2 \d+\.\ds · loss \d\.\d{4} · accuracy \d\.\d{4} · valLoss \d\.\d{4} · valAccuracy \d\.\d{4}$/);
  });

  test('draws a bar with ETA on a terminal', () => {
    const { chunks, stream } = collect(true);
    const model = smallNet();
    fit(model, { ...loaders(), loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 1, callbacks: [new Progress({ stream, interval: 0 })] });
    const text = chunks.join('');
    expect(text).toMatch(/\repoch 1\/1 \[█+░*\] 1\/8 ETA \d+:\d\d · loss \d\.\d{4}/);
    expect(text).toMatch(/8\/8 ETA 0:00/);
    expect(text.endsWith('\n')).toBe(true);
  });
});
