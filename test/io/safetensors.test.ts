import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeFileAtomic } from '../../src/io/atomic.js';
import {
  decodeSafetensors,
  encodeSafetensors,
  loadSafetensors,
  saveSafetensors,
} from '../../src/io/safetensors.js';
import { randn, tensor } from '../../src/tensor/create.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((h) => parseInt(h, 16)));
const le64 = (n: number) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
};
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
};
/** A safetensors file assembled by hand from the spec: u64 LE header length, JSON, space padding, data. */
function handBuilt(json: string, data: Uint8Array): Uint8Array {
  const pad = (8 - (json.length % 8)) % 8;
  return cat(le64(json.length + pad), new TextEncoder().encode(json + ' '.repeat(pad)), data);
}

const bits = (t: Tensor) => {
  const v = t.dataSync();
  return Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
};

describe('safetensors', () => {
  // c: F64 [1] = 0.5; a: F32 [2] = [1, -2]; b: I32 [1] = 7, in the reference writer's order
  const json =
    '{"__metadata__":{"format":"pt"},' +
    '"c":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},' +
    '"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},' +
    '"b":{"dtype":"I32","shape":[1],"data_offsets":[16,20]}}';
  const data = hex('000000000000e03f' + '0000803f000000c0' + '07000000');
  const file = handBuilt(json, data);

  test('encoding matches a file built by hand from the spec, byte for byte', () => {
    const bytes = encodeSafetensors(
      {
        a: tensor([1, -2]),
        b: tensor([7], { dtype: 'int32' }),
        c: tensor([0.5], { dtype: 'float64' }),
      },
      { format: 'pt' },
    );
    expect(Array.from(bytes)).toEqual(Array.from(file));
    expect(bytes.length % 8).toBe(4); // 20 data bytes after an 8-aligned header
    expect((8 + Number(new DataView(bytes.buffer).getBigUint64(0, true))) % 8).toBe(0);
  });

  test('decoding the hand-built file', () => {
    const { tensors, metadata } = decodeSafetensors(file);
    expect(metadata).toEqual({ format: 'pt' });
    expect(tensors.a.dtype).toBe('float32');
    expect(tensors.a.toArray()).toEqual([1, -2]);
    expect(tensors.b.dtype).toBe('int32');
    expect(tensors.b.toArray()).toEqual([7]);
    expect(tensors.c.toArray()).toEqual([0.5]);
  });

  test('no metadata: no __metadata__ key; an unaligned source buffer still decodes', () => {
    const bytes = encodeSafetensors({ x: tensor([3]) });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(new TextDecoder().decode(bytes.subarray(8, 8 + n)).trimEnd()).toBe(
      '{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}',
    );
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    expect(decodeSafetensors(shifted).tensors.x.toArray()).toEqual([3]);
  });

  test('round trip through a file is bit-exact (NaN payloads, −0, subnormals, views, 0-d, empty)', () => {
    const g = new Generator(11);
    const f32 = randn([7, 5], { generator: g });
    const special = tensor(
      new Float32Array(
        new Uint32Array([0x7fc00001, 0x80000000, 0x00000001, 0x7f7fffff, 0xff800000]).buffer,
      ),
    );
    const f64 = randn([3, 3], { dtype: 'float64', generator: g });
    const i32 = tensor(Int32Array.of(-2147483648, 2147483647, 0, -1));
    const tensors: Record<string, Tensor> = {
      'layers.0.weight': f32,
      'layers.0.weight_t': f32.T, // a non-contiguous view is written in row-major order
      special,
      f64,
      i32,
      scalar: tensor(Float64Array.of(Math.PI), { shape: [] }),
      empty: tensor(new Float32Array(0), { shape: [0, 3] }),
    };
    const dir = mkdtempSync(join(tmpdir(), 'perceptio-st-'));
    const path = join(dir, 'model.safetensors');
    saveSafetensors(path, tensors, { note: 'héllo', epochs: '5' });
    expect(readdirSync(dir)).toEqual(['model.safetensors']); // the temporary file was renamed
    const back = loadSafetensors(path);
    expect(back.metadata).toEqual({ note: 'héllo', epochs: '5' });
    expect(Object.keys(back.tensors).sort()).toEqual(Object.keys(tensors).sort());
    for (const [k, t] of Object.entries(tensors)) {
      expect(back.tensors[k].dtype).toBe(t.dtype);
      expect(back.tensors[k].shape).toEqual(t.shape);
      expect(bits(back.tensors[k])).toEqual(bits(t));
    }
    expect(back.tensors['layers.0.weight_t'].toArray()).toEqual(f32.T.toArray());
    expect(loadSafetensors(readFileSync(path)).tensors.i32.toArray()).toEqual(i32.toArray());
  });

  test('other dtypes are converted on load: F16, BF16 to float32; I64, U8 to int32', () => {
    const j =
      '{"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},"bf":{"dtype":"BF16","shape":[1],"data_offsets":[6,8]},' +
      '"l":{"dtype":"I64","shape":[1],"data_offsets":[8,16]},"u":{"dtype":"U8","shape":[2],"data_offsets":[16,18]}}';
    // f16 1.0 = 0x3c00, −2.5 = 0xc100, smallest subnormal 0x0001; bf16 1.5 = 0x3fc0
    const d = hex('003c' + '00c1' + '0100' + 'c03f' + 'f6ffffffffffffff' + '00ff');
    const { tensors } = decodeSafetensors(handBuilt(j, d));
    expect(tensors.h.toArray()).toEqual([1, -2.5, 2 ** -24]);
    expect(tensors.bf.toArray()).toEqual([1.5]);
    expect(tensors.l.toArray()).toEqual([-10]);
    expect(tensors.u.toArray()).toEqual([0, 255]);
  });

  test('bad files are clear errors', () => {
    const bad = (j: string, d: Uint8Array) => () =>
      decodeSafetensors(handBuilt(j, d), 'bad.safetensors');
    expect(
      bad('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', new Uint8Array(4)),
    ).toThrow(
      /bad\.safetensors: not a valid safetensors file: tensor 'a': data_offsets \[0,4\] do not hold shape \[2\] of F32/,
    );
    expect(
      bad('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', new Uint8Array(8)),
    ).toThrow(/starts at 4, expected 0/);
    expect(
      bad('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', new Uint8Array(8)),
    ).toThrow(/data is 8 bytes, the header describes 4/);
    expect(
      bad('{"a":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}', new Uint8Array(8)),
    ).toThrow(/unsupported dtype "C64"/);
    expect(bad('{"__metadata__":{"n":1}}', new Uint8Array(0))).toThrow(
      /__metadata__ value of 'n' is not a string/,
    );
    expect(bad('not json', new Uint8Array(0))).toThrow(/header is not UTF-8 JSON/);
    expect(() => decodeSafetensors(cat(le64(1000), new Uint8Array(16)))).toThrow(
      /header length 1000 exceeds the file size 24/,
    );
    expect(() => loadSafetensors('/nonexistent/dir/w.safetensors')).toThrow(
      /file not found: \/nonexistent\/dir\/w\.safetensors/,
    );
    expect(() => encodeSafetensors({ a: tensor([1]) }, { n: 1 as unknown as string })).toThrow(
      /metadata value of 'n' must be a string/,
    );
  });

  test('a failed write leaves the previous file intact and no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perceptio-st-'));
    const path = join(dir, 'w.safetensors');
    saveSafetensors(path, { a: tensor([1, 2]) });
    const before = readFileSync(path);
    const throwing = {
      get a(): Tensor {
        throw new Error('boom');
      },
    } as unknown as Record<string, Tensor>;
    expect(() => saveSafetensors(path, throwing)).toThrow(/boom/);
    expect(readFileSync(path)).toEqual(before);
    // the rename fails when the target is a folder: the temporary file is removed
    mkdirSync(join(dir, 'folder.safetensors'));
    expect(() => writeFileAtomic(join(dir, 'folder.safetensors'), new Uint8Array(3))).toThrow(
      /EISDIR|directory/,
    );
    expect(readdirSync(dir).sort()).toEqual(['folder.safetensors', 'w.safetensors']);
  });
});
