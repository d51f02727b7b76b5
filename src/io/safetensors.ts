import { existsSync, readFileSync } from 'node:fs';
import type { Tensor } from '../tensor/tensor.js';
import { writeFileAtomic } from './atomic.js';
import { decodeSafetensors, encodeSafetensors, type Safetensors } from './safetensors-codec.js';

export * from './safetensors-codec.js';

/**
 * Writes tensors to a .safetensors file atomically (temporary file, then rename).
 * Example: saveSafetensors('model.safetensors', model.stateDict(), { format: 'pt' });
 */
export function saveSafetensors(
  path: string,
  tensors: Record<string, Tensor>,
  metadata?: Record<string, string>,
): void {
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

/**
 * Reads a .safetensors file; F32, F64 and I32 load bit-exactly, F16/BF16 as float32, other integers as int32.
 * Example: const { tensors } = loadSafetensors('model.safetensors'); model.loadStateDict(tensors);
 */
export function loadSafetensors(pathOrBytes: string | Uint8Array): Safetensors {
  if (typeof pathOrBytes !== 'string') return decodeSafetensors(pathOrBytes);
  if (!existsSync(pathOrBytes)) throw new Error(`loadSafetensors: file not found: ${pathOrBytes}`);
  return decodeSafetensors(readFileSync(pathOrBytes), pathOrBytes);
}
