import { tensor } from '../tensor/create.js';
import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';

// Bytes in, bytes out: no file system here, so the browser lab can read weights it fetched.
// The safetensors layout (huggingface/safetensors): u64 little-endian N, N bytes of UTF-8 JSON
//   {"__metadata__": {string: string}, name: {"dtype": "F32", "shape": [..], "data_offsets": [b, e]}}
// padded with spaces so the data starts 8-byte aligned, then the tensors' little-endian bytes
// with offsets relative to the start of the data. Like the reference writer, tensors are laid
// out by dtype (F64, F32, I32) then name, so every tensor is aligned to its element size. The
// bytes are written as the host holds them: little-endian on every platform Node and browsers run.

const codes: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32' };
/** the reference writer's order: dtypes by descending rank in its enum (F64 > F32 > I32), then names */
const rank: Record<DType, number> = { float64: 2, float32: 1, int32: 0 };
/** the reference implementation refuses headers above 100 MB */
const MAX_HEADER = 100_000_000;

export interface Safetensors {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

/**
 * Serialises named tensors and optional string metadata in the safetensors format.
 * Example: const bytes = encodeSafetensors({ weight: w }, { format: 'pt' });
 */
export function encodeSafetensors(
  tensors: Record<string, Tensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length) {
    for (const [k, v] of Object.entries(metadata))
      if (typeof v !== 'string')
        throw new Error(`safetensors: metadata value of '${k}' must be a string, got ${typeof v}`);
    header.__metadata__ = metadata;
  }
  const names = Object.keys(tensors).sort(
    (a, b) => rank[tensors[b].dtype] - rank[tensors[a].dtype] || (a < b ? -1 : a > b ? 1 : 0),
  );
  if (names.includes('__metadata__'))
    throw new Error(`safetensors: '__metadata__' cannot name a tensor`);
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const name of names) {
    const t = tensors[name];
    const v = t.values();
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    header[name] = {
      dtype: codes[t.dtype],
      shape: [...t.shape],
      data_offsets: [offset, offset + bytes.length],
    };
    parts.push(bytes);
    offset += bytes.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const n = json.length + ((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + n + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + n);
  let at = 8 + n;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

interface Info {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Element decoders for every safetensors dtype; others than F32/F64/I32 are converted on load. */
const readers: Record<
  string,
  { size: number; dtype: DType; get: (v: DataView, at: number) => number }
> = {
  F64: { size: 8, dtype: 'float64', get: (v, a) => v.getFloat64(a, true) },
  F32: { size: 4, dtype: 'float32', get: (v, a) => v.getFloat32(a, true) },
  F16: { size: 2, dtype: 'float32', get: (v, a) => half(v.getUint16(a, true)) },
  BF16: {
    size: 2,
    dtype: 'float32',
    get: (v, a) => new Float32Array(new Uint32Array([v.getUint16(a, true) << 16]).buffer)[0],
  },
  I32: { size: 4, dtype: 'int32', get: (v, a) => v.getInt32(a, true) },
  I16: { size: 2, dtype: 'int32', get: (v, a) => v.getInt16(a, true) },
  U16: { size: 2, dtype: 'int32', get: (v, a) => v.getUint16(a, true) },
  I8: { size: 1, dtype: 'int32', get: (v, a) => v.getInt8(a) },
  U8: { size: 1, dtype: 'int32', get: (v, a) => v.getUint8(a) },
  BOOL: { size: 1, dtype: 'int32', get: (v, a) => v.getUint8(a) },
  I64: { size: 8, dtype: 'int32', get: (v, a) => int32(v.getBigInt64(a, true)) },
  U32: { size: 4, dtype: 'int32', get: (v, a) => int32(BigInt(v.getUint32(a, true))) },
};
function int32(x: bigint): number {
  if (x < -2147483648n || x > 2147483647n)
    throw new Error(`safetensors: integer ${x} does not fit int32`);
  return Number(x);
}
/** IEEE half: sign, 5-bit exponent (bias 15), 10-bit fraction. */
function half(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/**
 * Parses safetensors bytes, checking the header as the reference reader does (offsets contiguous,
 * sizes matching shapes, the data fully covered). `source` names the file in errors.
 * Example: const { tensors, metadata } = decodeSafetensors(bytes);
 */
export function decodeSafetensors(bytes: Uint8Array, source = '<safetensors>'): Safetensors {
  const fail = (why: string): never => {
    throw new Error(`${source}: not a valid safetensors file: ${why}`);
  };
  if (bytes.length < 8) fail(`only ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = view.getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER)) fail(`header length ${n64} exceeds ${MAX_HEADER}`);
  const n = Number(n64);
  if (8 + n > bytes.length) fail(`header length ${n} exceeds the file size ${bytes.length}`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    return fail(`header is not UTF-8 JSON (${(e as Error).message})`);
  }
  if (!header || typeof header !== 'object' || Array.isArray(header))
    fail('header is not a JSON object');
  const metadata: Record<string, string> = {};
  const entries: [string, Info][] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      for (const [k, v] of Object.entries((value ?? {}) as object)) {
        if (typeof v !== 'string') fail(`__metadata__ value of '${k}' is not a string`);
        metadata[k] = v;
      }
      continue;
    }
    const info = value as Info;
    if (!readers[info?.dtype])
      fail(`tensor '${name}' has unsupported dtype ${JSON.stringify(info?.dtype)}`);
    if (!Array.isArray(info.shape) || info.shape.some((d) => !Number.isInteger(d) || d < 0))
      fail(`tensor '${name}' has a bad shape`);
    const [b, e] = info.data_offsets ?? [];
    const count = info.shape.reduce((p, q) => p * q, 1);
    if (!Number.isInteger(b) || !Number.isInteger(e) || e - b !== count * readers[info.dtype].size)
      fail(
        `tensor '${name}': data_offsets ${JSON.stringify(info.data_offsets)} do not hold shape [${info.shape.join(', ')}] of ${info.dtype}`,
      );
    entries.push([name, info]);
  }
  entries.sort((p, q) => p[1].data_offsets[0] - q[1].data_offsets[0]);
  let end = 0;
  for (const [
    name,
    {
      data_offsets: [b, e],
    },
  ] of entries) {
    if (b !== end)
      fail(`tensor '${name}' starts at ${b}, expected ${end} (offsets must be contiguous)`);
    end = e;
  }
  if (8 + n + end !== bytes.length)
    fail(`data is ${bytes.length - 8 - n} bytes, the header describes ${end}`);
  const tensors: Record<string, Tensor> = {};
  const body = 8 + n;
  for (const [name, info] of entries) {
    const r = readers[info.dtype];
    const [b, e] = info.data_offsets;
    let data: Float32Array | Float64Array | Int32Array;
    if (info.dtype === 'F32') data = new Float32Array(copy(bytes, body + b, body + e));
    else if (info.dtype === 'F64') data = new Float64Array(copy(bytes, body + b, body + e));
    else if (info.dtype === 'I32') data = new Int32Array(copy(bytes, body + b, body + e));
    else {
      data =
        r.dtype === 'float32'
          ? new Float32Array((e - b) / r.size)
          : new Int32Array((e - b) / r.size);
      for (let i = 0; i < data.length; i++) data[i] = r.get(view, body + b + i * r.size);
    }
    tensors[name] = tensor(data, { shape: info.shape });
  }
  return { tensors, metadata };
}

/** A fresh, aligned copy of bytes[b, e) (little-endian hosts: the bytes are the elements). */
function copy(bytes: Uint8Array, b: number, e: number): ArrayBuffer {
  const out = new Uint8Array(e - b);
  out.set(bytes.subarray(b, e));
  return out.buffer;
}
