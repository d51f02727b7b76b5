// RIFF/WAVE decoding: PCM 8 (unsigned), 16, 24, 32-bit and IEEE float 32/64-bit, any number of
// channels, WAVE_FORMAT_EXTENSIBLE included; samples are scaled to [−1, 1).

export interface Wav {
  sampleRate: number;
  /** one Float32Array per channel */
  channels: Float32Array[];
  /** bits per sample and 'pcm' or 'float', as stored in the file */
  bitsPerSample: number;
  format: 'pcm' | 'float';
}

const PCM = 1;
const FLOAT = 3;
/** Compressed encodings seen in .wav files, named in the error (they are not decoded here). */
const ENCODINGS: Record<number, string> = { 2: 'Microsoft ADPCM', 6: 'A-law', 7: 'µ-law', 17: 'IMA ADPCM', 49: 'GSM 6.10', 85: 'MP3' };
const EXTENSIBLE = 0xfffe;

/**
 * Decodes a WAV file's bytes; `name` (the file) appears in every error.
 * Example: const { sampleRate, channels } = decodeWav(readFileSync('7_jackson_32.wav'), '7_jackson_32.wav');
 */
export function decodeWav(bytes: Uint8Array, name = 'WAV data'): Wav {
  const fail = (why: string): never => {
    throw new Error(`${name}: ${why}`);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') fail('not a RIFF/WAVE file');
  let fmt: { format: number; channels: number; sampleRate: number; bits: number; align: number } | null = null;
  let data: Uint8Array | null = null;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16) fail(`fmt chunk of ${size} bytes is too short`);
      let format = view.getUint16(body, true);
      if (format === EXTENSIBLE && size >= 26) format = view.getUint16(body + 24, true); // sub-format GUID starts with the tag
      fmt = {
        format,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        align: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      data = bytes.subarray(body, Math.min(body + size, bytes.length)); // a truncated last chunk is read as far as it goes
    }
    at = body + size + (size & 1); // chunks are padded to even sizes
  }
  if (!fmt) return fail('no fmt chunk');
  if (!data) return fail('no data chunk');
  const { format, channels: C, sampleRate, bits, align } = fmt;
  if (format !== PCM && format !== FLOAT)
    fail(
      `unsupported encoding${ENCODINGS[format] ? ` ${ENCODINGS[format]}` : ''} (format tag ${format}); only PCM (1) and IEEE float (3) are read: ` +
        'convert it, e.g. ffmpeg -i in.wav -c:a pcm_s16le out.wav',
    );
  if (C < 1) fail('no channels');
  const ok = format === PCM ? [8, 16, 24, 32].includes(bits) : bits === 32 || bits === 64;
  if (!ok) fail(`unsupported ${bits}-bit ${format === PCM ? 'PCM' : 'float'} samples`);
  const width = bits / 8;
  const frame = Math.max(align, width * C);
  const n = Math.floor(data.length / frame);
  const d = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const read: (at: number) => number =
    format === FLOAT
      ? bits === 32 ? (at) => d.getFloat32(at, true) : (at) => d.getFloat64(at, true)
      : bits === 8 ? (at) => (d.getUint8(at) - 128) / 128 // 8-bit PCM is unsigned, centred on 128
      : bits === 16 ? (at) => d.getInt16(at, true) / 32768
      : bits === 24 ? (at) => ((d.getUint8(at) | (d.getUint8(at + 1) << 8) | (d.getInt8(at + 2) << 16)) / 8388608)
      : (at) => d.getInt32(at, true) / 2147483648;
  const channels = Array.from({ length: C }, (_, c) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = read(i * frame + c * width);
    return out;
  });
  return { sampleRate, channels, bitsPerSample: bits, format: format === PCM ? 'pcm' : 'float' };
}

/** The average of the channels. */
export function toMono(wav: Wav): Float32Array {
  if (wav.channels.length === 1) return wav.channels[0];
  const out = new Float32Array(wav.channels[0].length);
  for (const ch of wav.channels) for (let i = 0; i < out.length; i++) out[i] += ch[i] / wav.channels.length;
  return out;
}

/** Encodes 16-bit PCM (values clipped to [−1, 1]); used by tests and to save recordings. */
export function encodeWav16(channels: Float32Array[], sampleRate: number): Uint8Array {
  const C = channels.length;
  const n = channels[0]?.length ?? 0;
  const out = new Uint8Array(44 + n * C * 2);
  const v = new DataView(out.buffer);
  const put = (at: number, s: string) => [...s].forEach((ch, i) => v.setUint8(at + i, ch.charCodeAt(0)));
  put(0, 'RIFF');
  v.setUint32(4, 36 + n * C * 2, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, PCM, true);
  v.setUint16(22, C, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * C * 2, true);
  v.setUint16(32, C * 2, true);
  v.setUint16(34, 16, true);
  put(36, 'data');
  v.setUint32(40, n * C * 2, true);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < C; c++) v.setInt16(44 + (i * C + c) * 2, Math.round(Math.max(-1, Math.min(1, channels[c][i])) * 32767), true);
  return out;
}
