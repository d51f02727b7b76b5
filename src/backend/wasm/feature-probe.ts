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
  return validates(simdProbe);
}

// (func (result v128) (f32x4.relaxed_madd (f32x4.splat 0) (f32x4.splat 0) (f32x4.splat 0)))
const splat0 = [0x43, 0x00, 0x00, 0x00, 0x00, 0xfd, 0x13]; // f32.const 0, f32x4.splat
const relaxedProbe = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00,
  0x0a, 0x1c, 0x01, 0x1a, 0x00, // code: one body, 26 bytes, no locals
  ...splat0, ...splat0, ...splat0,
  0xfd, 0x85, 0x02, // f32x4.relaxed_madd
  0x0b,
]);

const validates = (bytes: Uint8Array<ArrayBuffer>): boolean => {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(bytes);
  } catch {
    return false;
  }
};

/**
 * Whether the kernels may use relaxed SIMD's fused multiply-add (the accumulating kernels run
 * ~20% faster). Chrome ≥ 114 and Node ≥ 22 have it; Node 20's V8 implements it
 * behind a flag, which is turned on here (flags read when a module is compiled, so this is safe
 * before the kernels compile). PERCEPTIO_FMA=0 keeps the plain build: a product, then a sum,
 * rounded twice, as in the reference backend.
 */
export function hasRelaxedSimd(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (env?.PERCEPTIO_FMA === '0') return false;
  if (validates(relaxedProbe)) return true;
  const v8 = nodeBuiltin<{ setFlagsFromString(flags: string): void }>('node:v8');
  if (!v8 || !/^20\./.test((globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node ?? '')) return false;
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return validates(relaxedProbe);
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
