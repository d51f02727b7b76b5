import { expect } from 'vitest';

type Numeric = number | ArrayLike<unknown> | { toArray(): unknown };

/** Flattens numbers, nested arrays, typed arrays and tensors (anything with toArray). */
function flat(x: unknown): number[] {
  if (typeof x === 'number' || typeof x === 'boolean') return [Number(x)];
  if (x && typeof (x as { toArray?: unknown }).toArray === 'function')
    return flat((x as { toArray(): unknown }).toArray());
  if (x && typeof (x as ArrayLike<unknown>).length === 'number')
    return Array.from(x as ArrayLike<unknown>).flatMap(flat);
  throw new Error(`toBeAllClose: not numeric: ${String(x)}`);
}

expect.extend({
  /** |a − e| ≤ atol + rtol·|e| elementwise, as numpy.allclose; NaN matches NaN. */
  toBeAllClose(actual: Numeric, expected: Numeric, { rtol = 1e-5, atol = 1e-8 } = {}) {
    const a = flat(actual);
    const e = flat(expected);
    if (a.length !== e.length && e.length !== 1)
      return { pass: false, message: () => `lengths differ: ${a.length} vs ${e.length}` };
    let worst = -1;
    let worstErr = 0;
    for (let i = 0; i < a.length; i++) {
      const ei = e.length === 1 ? e[0] : e[i];
      const bothNaN = Number.isNaN(a[i]) && Number.isNaN(ei);
      const err = Math.abs(a[i] - ei) - (atol + rtol * Math.abs(ei));
      if (!bothNaN && !(err <= 0) && (worst < 0 || err > worstErr)) [worst, worstErr] = [i, err];
    }
    const pass = worst < 0;
    return {
      pass,
      message: () =>
        pass
          ? `expected values not to be all close`
          : `element ${worst}: ${a[worst]} vs expected ${e.length === 1 ? e[0] : e[worst]} ` +
            `(rtol ${rtol}, atol ${atol}); first values ${a.slice(0, 6).join(', ')}`,
    };
  },
});

interface AllCloseMatchers<R = unknown> {
  toBeAllClose(expected: Numeric, tol?: { rtol?: number; atol?: number }): R;
}
declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Assertion<T = any> extends AllCloseMatchers<T> {}
}
