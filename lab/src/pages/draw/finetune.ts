// Fine-tuning on the user's own drawings: a few SGD steps on their examples, each batch mixed
// with shipped samples of every class so the network learns the new examples without forgetting
// the rest. Pure: the worker runs it, and the tests run it in Node.
import { manualSeed, noGrad, tensor, type Tensor } from 'perceptio';
import { BatchNorm1d, BatchNorm2d, crossEntropy, type Module } from 'perceptio/nn';
import { SGD } from 'perceptio/optim';

/** One 28×28 image (784 values in [0, 1], ink bright) and its class index. */
export interface Example {
  pixels: Float32Array;
  label: number;
}

export interface FineTuneOptions {
  steps?: number;
  lr?: number;
  /** user examples per batch, each shifted by up to ±2 pixels; as many replay samples join them */
  batch?: number;
  seed?: number;
  /** after each step; return false to stop */
  onStep?(step: number, loss: number): boolean | Promise<boolean>;
}

/** A copy shifted by (dx, dy) pixels, zeros coming in: the same drawing, a little off-centre. */
export function shift(p: Float32Array, dx: number, dy: number): Float32Array {
  const out = new Float32Array(784);
  for (let y = 0; y < 28; y++)
    for (let x = 0; x < 28; x++) {
      const [sx, sy] = [x - dx, y - dy];
      if (sx >= 0 && sx < 28 && sy >= 0 && sy < 28) out[y * 28 + x] = p[sy * 28 + sx];
    }
  return out;
}

/** Trains `model` in place; returns the mean loss of each step. */
export async function fineTune(model: Module, mine: Example[], replay: Example[], { steps = 40, lr = 0.01, batch = 16, seed = 0, onStep }: FineTuneOptions = {}): Promise<number[]> {
  if (mine.length === 0) throw new Error('fineTune: no examples to learn from');
  manualSeed(seed);
  let state = seed * 2654435761 + 1;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) >>> 0; // a tiny LCG: reproducible batches without a Generator
    return state % n;
  };
  const optimizer = new SGD(model.parameters(), { lr, momentum: 0.9 });
  const losses: number[] = [];
  model.train();
  // batch norm keeps the statistics it learned on the full training set: half of every batch
  // here is a handful of the user's drawings, which would drag the running means towards them
  for (const m of model.modules()) if (m instanceof BatchNorm2d || m instanceof BatchNorm1d) m.eval();
  try {
    for (let step = 0; step < steps; step++) {
      const picked: Example[] = [];
      for (let i = 0; i < batch; i++) {
        const e = mine[rand(mine.length)];
        picked.push({ pixels: shift(e.pixels, rand(5) - 2, rand(5) - 2), label: e.label });
        if (replay.length) picked.push(replay[rand(replay.length)]);
      }
      const x = tensor(concat(picked.map((e) => e.pixels)), { shape: [picked.length, 1, 28, 28] });
      const y = tensor(Int32Array.from(picked, (e) => e.label));
      optimizer.zeroGrad();
      const loss = crossEntropy(model.forward(x), y);
      loss.backward();
      optimizer.step();
      losses.push(loss.item());
      if (onStep && (await onStep(step, losses[step])) === false) break;
    }
  } finally {
    model.eval();
  }
  return losses;
}

/** Class probabilities of one 784-pixel image. */
export function predict(model: Module, pixels: Float32Array): Float32Array {
  return noGrad(() => {
    const logits: Tensor = model.forward(tensor(pixels, { shape: [1, 1, 28, 28] }));
    return logits.softmax(1).values() as Float32Array;
  });
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.length * 784);
  parts.forEach((p, i) => out.set(p, i * 784));
  return out;
}
