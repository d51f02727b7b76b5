import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

export type IdxArray =
  Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** IDX type codes (third byte of the magic number) and their element types. */
const types: Record<number, { name: string; bytes: number; make: (n: number) => IdxArray }> = {
  0x08: { name: 'ubyte', bytes: 1, make: (n) => new Uint8Array(n) },
  0x09: { name: 'byte', bytes: 1, make: (n) => new Int8Array(n) },
  0x0b: { name: 'short', bytes: 2, make: (n) => new Int16Array(n) },
  0x0c: { name: 'int', bytes: 4, make: (n) => new Int32Array(n) },
  0x0d: { name: 'float', bytes: 4, make: (n) => new Float32Array(n) },
  0x0e: { name: 'double', bytes: 8, make: (n) => new Float64Array(n) },
};

/**
 * Decodes an IDX file's bytes (the MNIST format): magic 0x0000TTDD (T type code, D dimensions),
 * D big-endian uint32 sizes, then the elements big-endian in row-major order.
 * Example: const { shape, data } = parseIdx(bytes); // shape [60000, 28, 28], data Uint8Array
 */
export function parseIdx(bytes: Uint8Array, file = '<idx>'): { shape: number[]; data: IdxArray } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4) throw new Error(`${file}: not an IDX file: only ${bytes.length} bytes`);
  const magic = view.getUint32(0);
  const type = types[bytes[2]];
  const ndim = bytes[3];
  if (bytes[0] !== 0 || bytes[1] !== 0 || !type || ndim === 0)
    throw new Error(
      `${file}: bad IDX magic number 0x${magic.toString(16).padStart(8, '0')} ` +
        `(expected 0x0000, a type code 08/09/0B/0C/0D/0E and the number of dimensions, e.g. 0x00000803 for MNIST images)`,
    );
  const head = 4 + 4 * ndim;
  if (bytes.length < head) throw new Error(`${file}: truncated IDX header`);
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
  const n = shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== head + n * type.bytes)
    throw new Error(
      `${file}: IDX size mismatch: shape [${shape.join(', ')}] of ${type.name} needs ${head + n * type.bytes} bytes, file has ${bytes.length}`,
    );
  const data = type.make(n);
  if (type.bytes === 1)
    data.set(
      type.name === 'ubyte'
        ? bytes.subarray(head)
        : new Int8Array(bytes.buffer, bytes.byteOffset + head, n),
    );
  else {
    const get = {
      2: (o: number) => view.getInt16(o),
      4: type.name === 'int' ? (o: number) => view.getInt32(o) : (o: number) => view.getFloat32(o),
      8: (o: number) => view.getFloat64(o),
    }[type.bytes as 2 | 4 | 8];
    for (let i = 0; i < n; i++) data[i] = get(head + i * type.bytes);
  }
  return { shape, data };
}

/**
 * Reads an IDX file, gunzipping it when it starts with the gzip magic bytes. A missing file
 * throws an error naming the path.
 * Example: const labels = readIdx('data/train-labels-idx1-ubyte.gz').data;
 */
export function readIdx(path: string): { shape: number[]; data: IdxArray } {
  if (!existsSync(path)) throw new Error(`readIdx: file not found: ${path}`);
  let bytes: Uint8Array = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new Error(`${path}: cannot gunzip: ${(e as Error).message}`);
    }
  }
  return parseIdx(bytes, path);
}

/**
 * An IDX file as a tensor: floating types become float32 (float64 for double), integers int32;
 * `scale` multiplies the values (1/255 maps pixels to [0, 1]).
 * Example: const x = readIdxTensor('train-images-idx3-ubyte.gz', { scale: 1 / 255 }); // [60000, 28, 28]
 */
export function readIdxTensor(path: string, { scale }: { scale?: number } = {}): Tensor {
  const { shape, data } = readIdx(path);
  if (scale !== undefined || data instanceof Float32Array) {
    const out = new Float32Array(data.length);
    const s = scale ?? 1;
    for (let i = 0; i < data.length; i++) out[i] = data[i] * s;
    return tensor(out, { shape });
  }
  if (data instanceof Float64Array) return tensor(data, { shape });
  return tensor(Int32Array.from(data), { shape });
}
