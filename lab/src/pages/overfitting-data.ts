// Noisy data for page 2, split into a small training set and a large test set (a small training
// set is what lets a big network memorise it), and the preset runs that show the three outcomes.
import { Generator } from 'perceptio';
import type { RunConfig, SplitData } from '../worker/jobs/curves.js';

export type Task = SplitData['task'];

/** y = sin(πx)·0.8 + N(0, noise²) on x ∈ [−1, 1] (regression), or two noisy rings (classification). */
export function makeSplit(task: Task, { nTrain = task === 'regression' ? 24 : 80, nTest = 200, noise = 0.25, seed = 3 } = {}): SplitData {
  const g = new Generator(seed);
  const gen = (n: number) => {
    const inputs = task === 'regression' ? 1 : 2;
    const x = new Float32Array(n * inputs);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      if (task === 'regression') {
        x[i] = 2 * g.next() - 1;
        y[i] = 0.8 * Math.sin(Math.PI * x[i]) + noise * g.normal();
      } else {
        const c = i % 2;
        const r = c === 0 ? 0.5 : 1;
        const a = 2 * Math.PI * g.next();
        x[2 * i] = r * Math.cos(a) + noise * g.normal();
        x[2 * i + 1] = r * Math.sin(a) + noise * g.normal();
        // a few labels flipped: noise that a memorising network will fit anyway
        y[i] = g.next() < noise * 0.4 ? 1 - c : c;
      }
    }
    return { x, y };
  };
  const train = gen(nTrain);
  const test = gen(nTest);
  return {
    task, inputs: task === 'regression' ? 1 : 2, outputs: task === 'regression' ? 1 : 2,
    xTrain: train.x, yTrain: train.y, xTest: test.x, yTest: test.y,
  };
}

export type PresetName = 'overfit' | 'good' | 'simple';

/** The lecture's three lines: memorising (test error rises), regularised (falls), too simple. */
export function preset(name: PresetName): RunConfig {
  const base: RunConfig = {
    hidden: [64, 64], activation: 'tanh', optimizer: 'adam', lr: 0.01, epochs: 300, batchSize: 8,
    l2: 0, dropout: 0, patience: 0, seed: 1,
  };
  if (name === 'overfit') return base;
  if (name === 'good') return { ...base, hidden: [16], l2: 0.003, patience: 80 };
  return { ...base, hidden: [], lr: 0.03 };
}

/** Evenly spaced inputs on [−1.1, 1.1] for drawing fitted regression curves. */
export const probe = (n = 120): Float32Array => Float32Array.from({ length: n }, (_, i) => -1.1 + (2.2 * i) / (n - 1));
