// Pages that compute with perceptio on the main thread await ready() once: browsers refuse to
// compile the wasm kernels synchronously there, so the backend must be chosen by init() first.
import { init } from 'perceptio';

let started: ReturnType<typeof init> | null = null;

/** Resolves once the backend (wasm where it loads, else js) is chosen; safe to call repeatedly. */
export const ready = (): ReturnType<typeof init> => (started ??= init());
