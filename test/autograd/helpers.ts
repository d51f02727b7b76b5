import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { setBackend, type BackendName } from '../../src/backend/index.js';
import { Generator } from '../../src/tensor/random.js';
import { uniform } from '../../src/tensor/create.js';
import type { DType } from '../../src/tensor/dtype.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const wasmEntry = new URL('../../src/backend/wasm/index.ts', import.meta.url);

/**
 * Backends the op suites run on: the js reference always, wasm once its module exists (then it
 * must load: setBackend throws and the suite fails rather than silently skipping it).
 */
export const backends: BackendName[] = ['js', ...(existsSync(wasmEntry) ? (['wasm'] as const) : [])];

/** Selects `name` for the enclosing describe block and restores the js reference afterwards. */
export function useBackend(name: BackendName): void {
  beforeAll(async () => {
    if (name !== 'js') await registerWasm();
    setBackend(name);
  });
  afterAll(() => void setBackend('js'));
}

/** The package entry registers wasm (nothing registers on import of the core files). */
async function registerWasm(): Promise<void> {
  const mod: Record<string, unknown> = await import(/* @vite-ignore */ wasmEntry.href);
  const { registerBackend } = await import('../../src/backend/index.js');
  const { createWasmBackend, createWasmBackendSync } = mod as {
    createWasmBackend?: Parameters<typeof registerBackend>[1];
    createWasmBackendSync?: Parameters<typeof registerBackend>[2];
  };
  if (createWasmBackend) registerBackend('wasm', createWasmBackend, createWasmBackendSync);
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
