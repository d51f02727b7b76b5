import { tensor } from '../tensor/create.js';
import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';

// The safetensors layout: u64 little-endian header length N, N bytes of JSON
// ({ name: { dtype, shape, data_offsets: [begin, end] }, __metadata__: { string: string } }),
// then the tensors' little-endian bytes, offsets relative to the end of the header.
const codes: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32' };
const dtypes: Record<string, DType> = { F32: 'float32', F64: 'float64', I32: 'int32' };
const arrays = { float32: Float32Array, float64: Float64Array, int32: Int32Array };

/** Serialises named tensors and string metadata in the safetensors format. */
export function encodeSafetensors(tensors: Record<string, Tensor>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const v = t.values();
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    header[name] = { dtype: codes[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + bytes.length] };
    parts.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8); // align the body to 8 bytes
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Parses a safetensors file; `source` names it in errors. */
export function decodeSafetensors(
  bytes: Uint8Array, source = 'safetensors',
): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  const fail = (why: string): never => {
    throw new Error(`${source}: not a valid safetensors file (${why})`);
  };
  if (bytes.length < 8) fail(`${bytes.length} bytes`);
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (8 + n > bytes.length) fail(`header of ${n} bytes exceeds the file`);
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  } catch {
    return fail('header is not JSON');
  }
  const body = 8 + n;
  const tensors: Record<string, Tensor> = {};
  let metadata: Record<string, string> = {};
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = info as unknown as Record<string, string>;
      continue;
    }
    const dtype = dtypes[info.dtype] ?? fail(`tensor '${name}' has unsupported dtype ${info.dtype}`);
    const [b, e] = info.data_offsets;
    if (body + e > bytes.length || b > e) fail(`tensor '${name}' lies outside the file`);
    // copy into a fresh, aligned array that the tensor owns (Buffer#slice would be a view)
    const raw = new Uint8Array(e - b);
    raw.set(bytes.subarray(body + b, body + e));
    const Ctor = arrays[dtype];
    tensors[name] = tensor(new Ctor(raw.buffer, 0, raw.length / Ctor.BYTES_PER_ELEMENT), { shape: info.shape });
  }
  return { tensors, metadata };
}
