// Feature probes: what this engine's WebAssembly can do, decided by validating tiny modules.

// (func (result v128) (f32x4.sqrt (f32x4.splat (f32.const 0))))
const simdProbe = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // header
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type: () -> v128
  0x03, 0x02, 0x01, 0x00, // one function of type 0
  0x0a, 0x0e, 0x01, 0x0c, 0x00, // code: one body, 12 bytes, no locals
  0x43, 0x00, 0x00, 0x00, 0x00, // f32.const 0
  0xfd, 0x13, // f32x4.splat
  0xfd, 0xe3, 0x01, // f32x4.sqrt
  0x0b, // end
]);

/** WebAssembly with the 128-bit SIMD proposal (Node ≥ 16, current browsers). */
export function hasSimd(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(simdProbe);
  } catch {
    return false;
  }
}

/** Shared WebAssembly memory is usable: Node, or a cross-origin isolated page. */
export function hasSharedMemory(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return false;
  const g = globalThis as { crossOriginIsolated?: boolean; process?: { versions?: { node?: string } } };
  if (!g.process?.versions?.node && g.crossOriginIsolated !== true) return false;
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/** Whether this thread may block in Atomics.wait (not a browser's main thread). */
export function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

type NodeBuiltins = { getBuiltinModule?: (id: string) => any };

/** A Node builtin without a static import, so browser bundles never see one (Node ≥ 20.16). */
export function nodeBuiltin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: NodeBuiltins }).process;
  return proc?.getBuiltinModule?.(id) as T | undefined;
}

/** Usable cores: os.availableParallelism() in Node, navigator.hardwareConcurrency in browsers. */
export function defaultThreads(): number {
  const os = nodeBuiltin<{ availableParallelism?: () => number; cpus(): unknown[] }>('node:os');
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  const n = os ? (os.availableParallelism?.() ?? os.cpus().length) : (nav?.hardwareConcurrency ?? 1);
  return Math.max(1, Math.min(n, 16));
}
