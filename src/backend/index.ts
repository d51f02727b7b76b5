import type { Backend } from './backend.js';
import { jsKernels } from './js/kernels.js';
import { createWasmBackend, createWasmBackendSync } from './wasm/index.js';

export type { Backend, Kernels, Data, Strided, MatmulParams } from './backend.js';

export type BackendName = Backend['name'];
type Factory = (opts: { threads?: number }) => Promise<Backend | null>;
type SyncFactory = (opts: { threads?: number }) => Backend | null;

export const jsBackend: Backend = { name: 'js', kernels: jsKernels, threads: 1 };

const factories = new Map<BackendName, { async: Factory; sync?: SyncFactory }>();
let current: Backend | null = null;
let threadSetting: number | undefined;

/** Makes a backend available to init/setBackend. Called by the package entry, not on import. */
export function registerBackend(name: BackendName, async: Factory, sync?: SyncFactory): void {
  factories.set(name, { async, sync });
}

const env = (key: string): string | undefined =>
  typeof process !== 'undefined' ? process.env?.[key] : undefined;

function envThreads(): number | undefined {
  const t = env('PERCEPTIO_THREADS');
  return t ? Number(t) : undefined;
}

/** Fastest first; PERCEPTIO_BACKEND=js|wasm narrows the choice. */
function preference(): BackendName[] {
  const forced = env('PERCEPTIO_BACKEND') as BackendName | undefined;
  if (forced && forced !== 'js' && forced !== 'wasm')
    throw new Error(`PERCEPTIO_BACKEND must be 'js' or 'wasm', got '${forced}'`);
  return forced ? [forced] : ['wasm', 'js'];
}

/**
 * Picks the fastest available backend (wasm when WebAssembly SIMD loads, else js).
 * Example: await init(); console.log(getBackend().name);
 */
export async function init(opts: { backend?: BackendName; threads?: number } = {}): Promise<Backend> {
  threadSetting = opts.threads ?? threadSetting ?? envThreads();
  for (const name of opts.backend ? [opts.backend] : preference()) {
    if (name === 'js') return (current = jsBackend);
    const made = await factories.get(name)?.async({ threads: threadSetting });
    if (made) return (current = made);
  }
  throw new Error(`backend '${opts.backend}' is not available here`);
}

/** The backend in use; before init() it picks synchronously where it can (Node compiles wasm synchronously). */
export function getBackend(): Backend {
  if (current) return current;
  for (const name of preference()) {
    if (name === 'js') return (current = jsBackend);
    const made = factories.get(name)?.sync?.({ threads: threadSetting ?? envThreads() });
    if (made) return (current = made);
  }
  return (current = jsBackend);
}

/** Switches backends synchronously; throws when the named one cannot load here. */
export function setBackend(name: BackendName): Backend {
  if (name === 'js') return (current = jsBackend);
  const made = factories.get(name)?.sync?.({ threads: threadSetting ?? envThreads() });
  if (!made) throw new Error(`setBackend: backend '${name}' is not available (WebAssembly SIMD missing, or call await init({ backend: '${name}' }) in a browser)`);
  return (current = made);
}

/** Sets the worker-thread count for large ops (1 disables threading). */
export function setThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`setThreads: expected a positive integer, got ${n}`);
  threadSetting = n;
  getBackend().setThreads?.(n);
}

// The wasm kernels ship inside the package (embedded bytes); compiling waits for first use.
registerBackend('wasm', createWasmBackend, createWasmBackendSync);
