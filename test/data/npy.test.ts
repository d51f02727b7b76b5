import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseNpy, readNpy } from '../../src/data/npy.js';
import { sharedData } from '../helpers/data.js';

/** A .npy file as NumPy 1.x writes it: magic, version 1.0, uint16 header length, header padded to 64 bytes. */
function npyBytes(descr: string, shape: number[], data: Uint8Array, { fortran = false, version = 1 } = {}): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${dims}), }`;
  const pre = version === 1 ? 10 : 12;
  header = header.padEnd(Math.ceil((pre + header.length + 1) / 64) * 64 - pre - 1, ' ') + '\n';
  const out = new Uint8Array(pre + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const v = new DataView(out.buffer);
  if (version === 1) v.setUint16(8, header.length, true);
  else v.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), pre);
  out.set(data, pre + header.length);
  return out;
}

describe('.npy reader', () => {
  test('uint8 (2, 3) and float32 (3,) little-endian, C order', () => {
    const u = parseNpy(npyBytes('|u1', [2, 3], Uint8Array.from([0, 1, 2, 250, 254, 255])));
    expect(u.shape).toEqual([2, 3]);
    expect(u.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(u.data)).toEqual([0, 1, 2, 250, 254, 255]);
    const f = parseNpy(npyBytes('<f4', [3], new Uint8Array(Float32Array.from([1.5, -2, 1e-3]).buffer)));
    expect(f.shape).toEqual([3]);
    expect(f.data).toBeInstanceOf(Float32Array);
    expect(Array.from(f.data)).toEqual([1.5, -2, Math.fround(1e-3)]);
  });

  test('format 2.0 (uint32 header length) and a 0-d scalar', () => {
    const v2 = parseNpy(npyBytes('<i4', [2], new Uint8Array(Int32Array.from([-7, 9]).buffer), { version: 2 }));
    expect(Array.from(v2.data)).toEqual([-7, 9]);
    const scalar = parseNpy(npyBytes('<f8', [], new Uint8Array(Float64Array.from([Math.PI]).buffer)));
    expect(scalar.shape).toEqual([]);
    expect(scalar.data[0]).toBe(Math.PI);
  });

  test('reads a Quick, Draw! file: (3000, 1, 784) uint8, ink high on black', () => {
    const { shape, dtype, data } = readNpy(sharedData('quickdraw', 'cat.npy'));
    expect(shape).toEqual([3000, 1, 784]);
    expect(dtype).toBe('|u1');
    expect(data.length).toBe(3000 * 784);
    const first = data.subarray(0, 784);
    expect(Math.max(...first)).toBe(255);
    expect(first.filter((v) => v === 0).length).toBeGreaterThan(392); // mostly background
  });

  test('bad files: clear errors naming the file and the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perceptio-npy-'));
    const bad = (name: string, bytes: Uint8Array | string) => {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      return () => readNpy(p);
    };
    expect(bad('text.npy', 'apple,bicycle\n')).toThrow(/text\.npy: not a NumPy \.npy file/);
    const good = npyBytes('|u1', [2, 3], new Uint8Array(6));
    expect(bad('short.npy', good.subarray(0, good.length - 1))).toThrow(/short\.npy: \.npy size mismatch: shape \[2, 3\] of \|u1 needs 134 bytes, file has 133/);
    expect(bad('head.npy', good.subarray(0, 40))).toThrow(/head\.npy: truncated \.npy header/);
    expect(bad('big.npy', npyBytes('>f4', [1], new Uint8Array(4)))).toThrow(/unsupported dtype '>f4'/);
    expect(bad('obj.npy', npyBytes('|O', [1], new Uint8Array(8)))).toThrow(/unsupported dtype '\|O'/);
    expect(bad('fortran.npy', npyBytes('|u1', [2, 3], new Uint8Array(6), { fortran: true }))).toThrow(/Fortran-order/);
    expect(() => readNpy(join(dir, 'nowhere.npy'))).toThrow(/file not found: .*nowhere\.npy/);
  });
});
