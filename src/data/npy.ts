import { existsSync, readFileSync } from 'node:fs';

export type NpyArray = Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** The little-endian (or byte-sized) dtypes of NumPy's descr strings that we read. */
const dtypes: Record<string, { bytes: number; make: (buf: ArrayBuffer, n: number) => NpyArray }> = {
  '|u1': { bytes: 1, make: (b, n) => new Uint8Array(b, 0, n) },
  '|i1': { bytes: 1, make: (b, n) => new Int8Array(b, 0, n) },
  '<i2': { bytes: 2, make: (b, n) => new Int16Array(b, 0, n) },
  '<u2': { bytes: 2, make: (b, n) => new Uint16Array(b, 0, n) },
  '<i4': { bytes: 4, make: (b, n) => new Int32Array(b, 0, n) },
  '<u4': { bytes: 4, make: (b, n) => new Uint32Array(b, 0, n) },
  '<f4': { bytes: 4, make: (b, n) => new Float32Array(b, 0, n) },
  '<f8': { bytes: 8, make: (b, n) => new Float64Array(b, 0, n) },
};
dtypes['<u1'] = dtypes['|u1'];
dtypes['<i1'] = dtypes['|i1'];

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/**
 * Decodes a NumPy .npy file (format 1.0, 2.0 or 3.0): the magic `\x93NUMPY`, the version, a
 * little-endian header length (uint16 for 1.0, uint32 after), a Python-literal header
 * `{'descr': '|u1', 'fortran_order': False, 'shape': (3000, 1, 784), }`, then the C-order data.
 * Example: const { shape, data } = parseNpy(readFileSync('cat.npy')); // [3000, 1, 784], Uint8Array
 */
export function parseNpy(bytes: Uint8Array, file = '<npy>'): { shape: number[]; dtype: string; data: NpyArray } {
  if (bytes.length < 10 || !MAGIC.every((b, i) => bytes[i] === b))
    throw new Error(`${file}: not a NumPy .npy file (it does not start with \\x93NUMPY)`);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new Error(`${file}: unsupported .npy format version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [lenAt, lenBytes] = major === 1 ? [8, 2] : [8, 4];
  const headerLen = lenBytes === 2 ? view.getUint16(lenAt, true) : view.getUint32(lenAt, true);
  const start = lenAt + lenBytes + headerLen;
  if (bytes.length < start) throw new Error(`${file}: truncated .npy header (needs ${start} bytes, file has ${bytes.length})`);
  const header = new TextDecoder().decode(bytes.subarray(lenAt + lenBytes, start));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    throw new Error(`${file}: unreadable .npy header: ${header.trim()}`);
  if (fortran === 'True') throw new Error(`${file}: Fortran-order arrays are not supported; save with np.ascontiguousarray`);
  const type = dtypes[descr];
  if (!type) throw new Error(`${file}: unsupported dtype '${descr}' (supported: ${Object.keys(dtypes).join(', ')})`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.some((d) => !(Number.isInteger(d) && d >= 0))) throw new Error(`${file}: bad shape (${shapeText}) in the .npy header`);
  const n = shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== start + n * type.bytes)
    throw new Error(`${file}: .npy size mismatch: shape [${shape.join(', ')}] of ${descr} needs ${start + n * type.bytes} bytes, file has ${bytes.length}`);
  // copy into a fresh buffer: the data may sit at an offset not aligned to the element size
  const copy = bytes.slice(start, start + n * type.bytes);
  return { shape, dtype: descr, data: type.make(copy.buffer, n) };
}

/**
 * Reads a .npy file; a missing file throws an error naming the path.
 * Example: const { shape, data } = readNpy('../shared/data/quickdraw/cat.npy');
 */
export function readNpy(path: string): { shape: number[]; dtype: string; data: NpyArray } {
  if (!existsSync(path)) throw new Error(`readNpy: file not found: ${path}`);
  return parseNpy(readFileSync(path), path);
}
