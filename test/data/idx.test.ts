import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { parseIdx, readIdx, readIdxTensor } from '../../src/data/index.js';

/** An IDX file built by hand: magic 0x0000TTDD, big-endian dims, big-endian data. */
function idxBytes(
  type: number,
  shape: number[],
  write: (v: DataView, at: number) => void,
  bytes: number,
): Uint8Array {
  const head = 4 + 4 * shape.length;
  const buf = new Uint8Array(head + bytes);
  const v = new DataView(buf.buffer);
  buf[2] = type;
  buf[3] = shape.length;
  shape.forEach((d, i) => v.setUint32(4 + 4 * i, d));
  write(v, head);
  return buf;
}

describe('IDX', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perceptio-idx-'));
  test('ubyte 3-d, plain and gzipped', () => {
    const b = idxBytes(
      0x08,
      [2, 2, 3],
      (v, at) => [...Array(12).keys()].forEach((i) => v.setUint8(at + i, i * 20)),
      12,
    );
    writeFileSync(join(dir, 'a.idx'), b);
    writeFileSync(join(dir, 'a.idx.gz'), gzipSync(b));
    for (const f of ['a.idx', 'a.idx.gz']) {
      const { shape, data } = readIdx(join(dir, f));
      expect(shape).toEqual([2, 2, 3]);
      expect(data).toBeInstanceOf(Uint8Array);
      expect(Array.from(data)).toEqual([...Array(12).keys()].map((i) => i * 20));
    }
    const t = readIdxTensor(join(dir, 'a.idx.gz'), { scale: 1 / 20 });
    expect(t.dtype).toBe('float32');
    expect(t.toArray()).toBeAllClose([...Array(12).keys()]);
  });
  test('big-endian int, short and float', () => {
    const ints = parseIdx(
      idxBytes(0x0c, [2], (v, at) => [v.setInt32(at, -5), v.setInt32(at + 4, 70000)], 8),
    );
    expect(Array.from(ints.data)).toEqual([-5, 70000]);
    const shorts = parseIdx(
      idxBytes(0x0b, [2], (v, at) => [v.setInt16(at, -300), v.setInt16(at + 2, 300)], 4),
    );
    expect(Array.from(shorts.data)).toEqual([-300, 300]);
    const floats = parseIdx(idxBytes(0x0d, [1], (v, at) => v.setFloat32(at, 1.5), 4));
    expect(Array.from(floats.data)).toEqual([1.5]);
  });
  test('a bad magic number is an error naming the file and the magic', () => {
    writeFileSync(join(dir, 'bad.idx'), Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0]));
    expect(() => readIdx(join(dir, 'bad.idx'))).toThrow(
      /bad\.idx: bad IDX magic number 0x504b0304/,
    );
  });
  test('a truncated file is an error', () => {
    const b = idxBytes(0x08, [10], () => {}, 10).subarray(0, 12);
    expect(() => parseIdx(b, 'x.idx')).toThrow(
      /x\.idx: IDX size mismatch: shape \[10\].*needs 18 bytes, file has 12/,
    );
  });
  test('a missing file is an error naming the path', () => {
    expect(() => readIdx(join(dir, 'nope-idx3-ubyte'))).toThrow(
      /file not found: .*nope-idx3-ubyte/,
    );
  });
});
