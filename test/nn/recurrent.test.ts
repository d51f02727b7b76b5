import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as F from '../../src/autograd/functional.js';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import { Generator } from '../../src/tensor/random.js';
import { tensor } from '../../src/tensor/create.js';
import type { DType } from '../../src/tensor/dtype.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { detachState, GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell, type Module } from '../../src/nn/index.js';
import { backends, rnd, useBackend } from '../autograd/helpers.js';

// Recurrent layers: PyTorch reference outputs, final states and gradients (test/fixtures/
// torch-rnn.json, written by scripts/torch-rnn-reference.py) loaded through PyTorch-named state
// dicts; float64 gradient checks of every option; truncated BPTT; errors.

interface T { shape: number[]; values: number[] }
interface Case {
  name: string;
  kind: 'rnn' | 'lstm' | 'gru' | 'rnnCell' | 'lstmCell' | 'gruCell';
  options: Record<string, any>;
  lengths: number[] | null;
  stateDict: Record<string, T>;
  input: T;
  initial: T[];
  output: T | null;
  final: T[];
  gradOutput: T | null;
  gradFinal: T[];
  grads: { input: T; initial: T[]; weights: Record<string, T> };
}
const fixture: { library: string; version: string; script: string; cases: Case[] } = JSON.parse(
  readFileSync(new URL('../fixtures/torch-rnn.json', import.meta.url), 'utf8'),
);
const load = (t: T, dtype: DType) => tensor(t.values, { shape: t.shape, dtype });

const f64 = { dtype: 'float64' } as const;
type Opts = Record<string, any>;
/** Builds the layer or cell of a case. */
function build(kind: Case['kind'], o: Opts): Module {
  const { inputSize: I, hiddenSize: H, ...rest } = o;
  switch (kind) {
    case 'rnn': return new RNN(I, H, rest);
    case 'lstm': return new LSTM(I, H, rest);
    case 'gru': return new GRU(I, H, rest);
    case 'rnnCell': return new RNNCell(I, H, rest);
    case 'lstmCell': return new LSTMCell(I, H, rest);
    case 'gruCell': return new GRUCell(I, H, rest);
  }
}
/** Runs a layer or cell; returns [output or null, final states]. */
function run(m: Module, kind: Case['kind'], x: Tensor, states: Tensor[], lengths?: number[] | null): [Tensor | null, Tensor[]] {
  const s = states.length === 0 ? undefined : kind.startsWith('lstm') ? states : states[0];
  if (kind.endsWith('Cell')) {
    const r = m.forward(x, s);
    return [null, Array.isArray(r) ? r : [r]];
  }
  const [out, fin] = m.forward(x, s, lengths ? { lengths } : {});
  return [out, Array.isArray(fin) ? fin : [fin]];
}

const runs = backends.flatMap((b) => (['float64', 'float32'] as const).map((d) => [b, d] as const));
describe.each(runs)(`match ${fixture.library} ${fixture.version} through its state dicts (%s, %s)`, (backend, dtype) => {
  useBackend(backend);
  const tol = dtype === 'float64' ? { rtol: 1e-9, atol: 1e-9 } : { rtol: 1e-5, atol: 1e-5 };
  test.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const m = build(c.kind, { ...c.options, dtype });
    m.loadStateDict(Object.fromEntries(Object.entries(c.stateDict).map(([k, v]) => [k, load(v, dtype)])));
    const x = load(c.input, dtype).requiresGrad_();
    const s0 = c.initial.map((t) => load(t, dtype).requiresGrad_());
    const [out, fin] = run(m, c.kind, x, s0, c.lengths);
    if (c.output) expect(out!).toBeAllClose(c.output.values, tol);
    fin.forEach((f, i) => expect(f).toBeAllClose(c.final[i].values, tol));
    let loss = fin.map((f, i) => f.mul(load(c.gradFinal[i], dtype)).sum()).reduce((a, b) => a.add(b));
    if (out && c.gradOutput) loss = loss.add(out.mul(load(c.gradOutput, dtype)).sum());
    loss.backward();
    expect(x.grad!).toBeAllClose(c.grads.input.values, tol);
    s0.forEach((s, i) => expect(s.grad!).toBeAllClose(c.grads.initial[i].values, tol));
    const params = Object.fromEntries(m.namedParameters());
    expect(Object.keys(params)).toEqual(Object.keys(c.grads.weights));
    for (const [k, g] of Object.entries(c.grads.weights)) expect(params[k].grad!, k).toBeAllClose(g.values, tol);
  });
});

/** gradcheck of output and final states with respect to the input, initial states and every weight */
function check(kind: Case['kind'], o: Opts, xShape: number[], stateShapes: number[][], lengths?: number[]) {
  const m = build(kind, { ...o, dtype: 'float64', generator: new Generator(3) });
  const named = m.namedParameters();
  const inputs = [rnd(xShape, { seed: 5 }), ...stateShapes.map((s, i) => rnd(s, { seed: 6 + i, low: -1, high: 1 })), ...named.map(([, p]) => p)];
  const fn = (x: Tensor, ...rest: Tensor[]) => {
    const states = rest.slice(0, stateShapes.length);
    named.forEach(([n], i) => Object.assign(m, { [n]: rest[stateShapes.length + i] })); // forward reads the perturbed copies
    const [out, fin] = run(m, kind, x, states, lengths);
    return F.concat([...(out ? [out] : []), ...fin].map((t) => t.reshape([-1])));
  };
  const r = gradcheck(fn, inputs);
  expect(r.worst).toBeLessThanOrEqual(0);
}

describe.each(backends)('gradients match finite differences (float64, %s)', (backend) => {
  useBackend(backend);
  test.each([
    ['RNNCell tanh', 'rnnCell', {}, [[2, 2]]],
    ['RNNCell relu, zero state', 'rnnCell', { nonlinearity: 'relu' }, []],
    ['LSTMCell', 'lstmCell', {}, [[2, 2], [2, 2]]],
    ['GRUCell', 'gruCell', {}, [[2, 2]]],
  ] as const)('%s', (_, kind, o, states) => check(kind, { inputSize: 3, hiddenSize: 2, ...o }, [2, 3], states.map((s) => [...s])));

  const L2 = { numLayers: 2, bidirectional: true };
  test.each([
    ['RNN tanh, 2 layers, h0', 'rnn', { numLayers: 2 }, [3, 2, 2], [[2, 2, 2]]],
    ['RNN relu, bidirectional, batchFirst', 'rnn', { nonlinearity: 'relu', bidirectional: true, batchFirst: true }, [2, 3, 2], []],
    ['LSTM, 2 layers, bidirectional, h0 and c0', 'lstm', L2, [3, 2, 2], [[4, 2, 2], [4, 2, 2]]],
    ['LSTM, batchFirst, no bias', 'lstm', { batchFirst: true, bias: false }, [2, 3, 2], []],
    ['GRU, 2 layers, bidirectional, batchFirst, h0', 'gru', { ...L2, batchFirst: true }, [2, 3, 2], [[4, 2, 2]]],
    ['GRU, unbatched', 'gru', {}, [3, 2], [[1, 2]]],
  ] as const)('%s', (_, kind, o, x, states) => check(kind, { inputSize: 2, hiddenSize: 2, ...o }, [...x], states.map((s) => [...s])));

  test.each([
    ['LSTM, 2 layers, bidirectional, lengths', 'lstm', [[4, 3, 2], [4, 3, 2]]],
    ['GRU, bidirectional, lengths', 'gru', [[2, 3, 2]]],
    ['RNN, bidirectional, lengths', 'rnn', [[2, 3, 2]]],
  ] as const)('%s', (_, kind, states) => {
    const o = { inputSize: 2, hiddenSize: 2, bidirectional: true, numLayers: states[0][0] / 2 };
    check(kind, o, [4, 3, 2], states.map((s) => [...s]), [4, 1, 3]);
  });
});

describe('layers', () => {
  test('parameter names, shapes and order are PyTorch’s', () => {
    const lstm = new LSTM(3, 4, { numLayers: 2, bidirectional: true });
    const ref = fixture.cases.find((c) => c.name === 'LSTM 2 layers bidirectional')!.stateDict;
    expect(Object.entries(lstm.stateDict()).map(([k, t]) => [k, t.shape])).toEqual(Object.entries(ref).map(([k, t]) => [k, t.shape]));
    expect(Object.keys(new GRUCell(2, 3).stateDict())).toEqual(['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']);
    expect(Object.keys(new GRU(2, 3, { bias: false }).stateDict())).toEqual(['weight_ih_l0', 'weight_hh_l0']);
    expect(new GRU(2, 3).stateDict().weight_ih_l0.shape).toEqual([9, 2]);
  });

  test('weights start in U(−1/√H, 1/√H)', () => {
    const k = 1 / Math.sqrt(16);
    const values = new LSTM(5, 16, { numLayers: 2 }).parameters().flatMap((p) => Array.from(p.values()));
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(k);
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.95 * k);
  });

  test('a padded sequence gives the same output and final state as the sequence alone', () => {
    const gru = new GRU(3, 4, { bidirectional: true, batchFirst: true, generator: new Generator(1), dtype: 'float64' });
    const x = rnd([2, 5, 3]);
    const [out, h] = gru.forward(x, undefined, { lengths: [5, 3] });
    const [alone, hAlone] = gru.forward(x.slice(0, 1, 2).slice(1, 0, 3));
    expect(out.slice(0, 1, 2).slice(1, 0, 3)).toBeAllClose(alone, { atol: 1e-12 });
    expect(out.slice(0, 1, 2).slice(1, 3)).toBeAllClose(0);
    expect(h.slice(1, 1, 2)).toBeAllClose(hAlone, { atol: 1e-12 });
  });

  test('dropout acts between layers in training mode only', () => {
    const lstm = new LSTM(3, 8, { numLayers: 2, dropout: 0.5, generator: new Generator(2) });
    const x = rnd([4, 2, 3], { dtype: 'float32' });
    const [a] = lstm.forward(x);
    const [b] = lstm.eval().forward(x);
    const [c] = lstm.forward(x);
    expect(b).toBeAllClose(c);
    expect(a.sub(b).abs().max().item()).toBeGreaterThan(1e-3);
  });

  test('truncated BPTT: detached states carry values but cut gradients between chunks', () => {
    const lstm = new LSTM(2, 6, { generator: new Generator(4) });
    const xs = Array.from({ length: 20 }, (_, i) => rnd([5, 3, 2], { seed: 10 + i, dtype: 'float32' }).requiresGrad_());
    let state: [Tensor, Tensor] | undefined;
    const norms: number[] = [];
    let first: number[] = [];
    for (const x of xs) {
      lstm.zeroGrad();
      const [out, s] = lstm.forward(x, state);
      out.square().mean().backward();
      norms.push(Math.sqrt(lstm.parameters().reduce((n, p) => n + p.grad!.square().sum().item(), 0)));
      state = detachState(s);
      expect(state[0].requiresGrad).toBe(false);
      expect(state[1].values()).toEqual(s[1].values());
      if (x === xs[0]) first = Array.from(x.grad!.values());
    }
    expect(Array.from(xs[0].grad!.values())).toEqual(first); // later chunks did not reach chunk 0
    expect(norms.every((n) => Number.isFinite(n) && n > 0 && n < 10)).toBe(true);
  });

  test('cells and layers agree step by step', () => {
    const g = { generator: new Generator(5), dtype: 'float64' } as const;
    const layer = new LSTM(3, 4, g);
    const cell = new LSTMCell(3, 4, g);
    cell.loadStateDict(Object.fromEntries(Object.entries(layer.stateDict()).map(([k, t]) => [k.replace('_l0', ''), t])));
    const x = rnd([3, 2, 3]);
    const [out, [h]] = layer.forward(x);
    let s: [Tensor, Tensor] | undefined;
    for (let t = 0; t < 3; t++) s = cell.forward(x.slice(0, t, t + 1).squeeze(0), s);
    expect(h.squeeze(0)).toBeAllClose(s![0], { atol: 1e-12 });
    expect(out.slice(0, 2).squeeze(0)).toBeAllClose(s![0], { atol: 1e-12 });
  });

  test('bad input gives clear errors', () => {
    const lstm = new LSTM(4, 3, { batchFirst: true });
    expect(() => lstm.forward(rnd([2, 5, 6], f64))).toThrow(/LSTM: input \[2, 5, 6\] has 6 features per step but the layer's inputSize is 4: expected \[batch, time, 4\]/);
    expect(() => new GRU(3, 2).forward(rnd([5, 3, 2, 3], f64))).toThrow(/GRU: input \[5, 3, 2, 3\] is 4-D: expected \[time, batch, 3\] or \[time, 3\]/);
    expect(() => lstm.forward(rnd([2, 5, 4]), [rnd([2, 2, 3]), rnd([1, 2, 3])])).toThrow(/initial state \[1, 2, 3\], got \[2, 2, 3\]/);
    expect(() => lstm.forward(rnd([2, 5, 4]), undefined, { lengths: [5, 6] })).toThrow(/lengths must be 2 integers in \[0, 5\], got \[5, 6\]/);
    expect(() => new GRUCell(3, 2).forward(rnd([2, 4]))).toThrow(/GRUCell: expected input \[batch, 3\] or \[3\], got \[2, 4\]/);
    expect(() => new RNN(3, 2, { nonlinearity: 'sigmoid' as 'tanh' })).toThrow(/nonlinearity must be 'tanh' or 'relu'/);
  });
});
