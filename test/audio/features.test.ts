import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { dct2, fft, logMelSpectrogram, melFilterbank, mfcc, powerSpectrogram, type Matrix } from '../../src/audio/features.js';
import { decodeWav, encodeWav16, toMono } from '../../src/audio/wav.js';
import { sharedData } from '../helpers/data.js';

// WAV decoding and spectral features against test/fixtures/audio-features.json (written by
// scripts/audio-reference.py with SciPy's WAV reader, torch.stft, librosa's mel formulas, scipy DCT).

interface T { shape: number[]; values: number[] }
const ref = JSON.parse(readFileSync(new URL('../fixtures/audio-features.json', import.meta.url), 'utf8'));
const opts = ref.options as { sampleRate: number; nFft: number; hopLength: number; nMels: number; nMfcc: number };
const expectMatrix = (m: Matrix, t: T, tol = { rtol: 1e-9, atol: 1e-9 }) => {
  expect([m.rows, m.cols]).toEqual(t.shape);
  expect(m.data).toBeAllClose(t.values, tol);
};

describe('WAV', () => {
  test(`reads ${ref.wav.file} as SciPy does`, () => {
    const file = join(sharedData('fsdd', 'recordings'), ref.wav.file);
    const wav = decodeWav(readFileSync(file), file);
    expect([wav.sampleRate, wav.channels.length, wav.channels[0].length, wav.format, wav.bitsPerSample]).toEqual([ref.wav.sampleRate, 1, ref.wav.length, 'pcm', 16]);
    expect(wav.channels[0].subarray(0, 64)).toBeAllClose(ref.wav.head.values, { atol: 0 });
    expect(wav.channels[0].reduce((a, b) => a + b, 0)).toBeAllClose(ref.wav.sum, { rtol: 1e-9 });
  });

  const header = (format: number, channels: number, bits: number, body: number[]) => {
    const align = (channels * bits) / 8;
    const b = new Uint8Array(44 + body.length);
    const v = new DataView(b.buffer);
    b.set([...'RIFF'].map((c) => c.charCodeAt(0)), 0);
    v.setUint32(4, 36 + body.length, true);
    b.set([...'WAVEfmt '].map((c) => c.charCodeAt(0)), 8);
    v.setUint32(16, 16, true);
    v.setUint16(20, format, true);
    v.setUint16(22, channels, true);
    v.setUint32(24, 8000, true);
    v.setUint32(28, 8000 * align, true);
    v.setUint16(32, align, true);
    v.setUint16(34, bits, true);
    b.set([...'data'].map((c) => c.charCodeAt(0)), 36);
    v.setUint32(40, body.length, true);
    b.set(body, 44);
    return b;
  };
  test('8-bit unsigned, 24-bit, 32-bit, float and stereo samples', () => {
    expect(decodeWav(header(1, 1, 8, [0, 128, 255])).channels[0]).toBeAllClose([-1, 0, 127 / 128]);
    expect(decodeWav(header(1, 1, 24, [0, 0, 0x80, 0xff, 0xff, 0x7f])).channels[0]).toBeAllClose([-1, (2 ** 23 - 1) / 2 ** 23]);
    expect(decodeWav(header(1, 1, 32, [0, 0, 0, 0xc0])).channels[0]).toBeAllClose([-0.5]);
    const f = new Uint8Array(new Float32Array([0.25, -0.75]).buffer);
    expect(decodeWav(header(3, 2, 32, [...f])).channels.map((c) => c[0])).toEqual([0.25, -0.75]);
    const stereo = decodeWav(encodeWav16([Float32Array.of(0.5, -0.5), Float32Array.of(0.25, 0.25)], 16000));
    expect(stereo.sampleRate).toBe(16000);
    expect(toMono(stereo)).toBeAllClose([0.375, -0.125], { atol: 1e-4 });
  });
  test('errors name the file and the problem', () => {
    expect(() => decodeWav(new TextEncoder().encode('hello world, not a wav'), 'a.txt')).toThrow(/a\.txt: not a RIFF\/WAVE file/);
    expect(() => decodeWav(header(2, 1, 4, [0, 0]), 'adpcm.wav')).toThrow(/adpcm\.wav: unsupported encoding Microsoft ADPCM \(format tag 2\); only PCM \(1\) and IEEE float \(3\) are read: convert it/);
    expect(() => decodeWav(header(85, 1, 0, [0, 0]), 'song.wav')).toThrow(/song\.wav: unsupported encoding MP3 \(format tag 85\)/);
    expect(() => decodeWav(header(0x1234, 1, 16, [0, 0]), 'odd.wav')).toThrow(/odd\.wav: unsupported encoding \(format tag 4660\)/);
    expect(() => decodeWav(header(1, 1, 12, [0, 0]), 'odd.wav')).toThrow(/odd\.wav: unsupported 12-bit PCM/);
    expect(() => decodeWav(header(1, 1, 16, []).subarray(0, 36), 'cut.wav')).toThrow(/cut\.wav: no data chunk/);
  });
});

describe('features', () => {
  test('fft matches the DFT', () => {
    const n = 16;
    const x = Array.from({ length: n }, (_, i) => Math.sin(i * 1.3) + 0.1 * i);
    const re = Float64Array.from(x);
    const im = new Float64Array(n);
    fft(re, im);
    for (let k = 0; k < n; k++) {
      const dft = x.reduce(([a, b], v, i) => [a + v * Math.cos((-2 * Math.PI * k * i) / n), b + v * Math.sin((-2 * Math.PI * k * i) / n)], [0, 0]);
      expect([re[k], im[k]]).toBeAllClose(dft, { atol: 1e-12 });
    }
    expect(() => fft(new Float64Array(12), new Float64Array(12))).toThrow(/power of 2/);
  });
  test('power spectrogram matches torch.stft', () => {
    expectMatrix(powerSpectrogram(ref.synthetic.values, opts), ref.power);
  });
  test('mel filterbanks match librosa (Slaney) and torchaudio (HTK) conventions', () => {
    expectMatrix(melFilterbank(opts), ref.melSlaney, { rtol: 1e-9, atol: 1e-12 });
    expectMatrix(melFilterbank(ref.melHtk.options), ref.melHtk.values, { rtol: 1e-9, atol: 1e-12 });
  });
  test('log-mel (dB, top 80 dB) and MFCC match librosa conventions', () => {
    expectMatrix(logMelSpectrogram(ref.synthetic.values, opts), ref.logMel, { rtol: 1e-9, atol: 1e-7 });
    expectMatrix(mfcc(ref.synthetic.values, opts), ref.mfcc, { rtol: 1e-9, atol: 1e-7 });
    const file = join(sharedData('fsdd', 'recordings'), ref.wav.file);
    expectMatrix(mfcc(decodeWav(readFileSync(file)).channels[0], opts), ref.wavMfcc, { rtol: 1e-6, atol: 1e-5 });
  });
  test('dct2 is orthonormal', () => {
    const m = { rows: 1, cols: 5, data: Float64Array.of(1, 2, 3, 4, 5) };
    const d = dct2(m);
    expect(d.data.reduce((a, v) => a + v * v, 0)).toBeAllClose(55, { rtol: 1e-12 });
    expect(d.data[0]).toBeAllClose(15 / Math.sqrt(5), { rtol: 1e-12 });
  });
});
