import { afterAll, beforeAll, expect } from 'vitest';
import { setBackend, type BackendName } from '../../src/backend/index.js';
import { Generator } from '../../src/tensor/random.js';
import { uniform } from '../../src/tensor/create.js';
import type { DType } from '../../src/tensor/dtype.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/**
 * Backends every op suite runs on (add a name here when a backend is added). backend/index.ts
 * registers wasm; setBackend throws when one cannot load, so a broken backend fails the suite
 * instead of being skipped.
 */
export const backends: BackendName[] = ['js', 'wasm'];

/** Selects `name` for the enclosing describe block and restores the js reference afterwards. */
export function useBackend(name: BackendName): void {
  beforeAll(() => void setBackend(name));
  afterAll(() => void setBackend('js'));
}

/** Seeded uniform values in [low, high), float64 unless asked otherwise. */
export function rnd(shape: readonly number[], { low = -2, high = 2, seed = 1, dtype = 'float64' as DType } = {}): Tensor {
  return uniform(shape, low, high, { dtype, generator: new Generator(seed) });
}

/** Like rnd, but every |value| ≥ gap: keeps finite differences off kinks at 0 (abs, relu). */
export function rndAway(shape: number[], { gap = 0.1, seed = 1 } = {}): Tensor {
  const t = rnd(shape, { seed });
  return t.add(t.sign().mul(gap));
}

/** Fast elementwise |a − e| ≤ atol + rtol·|e| for large arrays; reports the worst element. */
export function expectClose(actual: Tensor, expected: Tensor, { rtol = 1e-5, atol = 1e-8 } = {}): void {
  const a = actual.dataSync();
  const e = expected.dataSync();
  expect(a.length).toBe(e.length);
  let worst = -1;
  let worstErr = 0;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs(a[i] - e[i]) - (atol + rtol * Math.abs(e[i]));
    if (!(err <= 0) && !(Number.isNaN(a[i]) && Number.isNaN(e[i])) && (worst < 0 || err > worstErr)) [worst, worstErr] = [i, err];
  }
  if (worst >= 0) expect(a[worst], `element ${worst} of ${a.length}`).toBeAllClose(e[worst], { rtol, atol });
}
