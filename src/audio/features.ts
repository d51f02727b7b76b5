// Spectral features of a mono signal: FFT, power spectrogram, mel filterbank, log-mel and MFCC,
// following librosa's conventions (and torch.stft's framing): periodic Hann window, centred
// frames with reflect padding, Slaney mel scale with Slaney area normalisation by default (HTK
// scale and no normalisation, torchaudio's default, on request), dB log-mel clamped at topDb
// below the peak, MFCC = orthonormal DCT-II of the dB log-mel.

/** A row-major matrix: `rows` frames of `cols` values. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/**
 * In-place radix-2 FFT, X_k = Σ x_n e^(−2πikn/N); N must be a power of 2.
 * Example: const re = Float64Array.of(1, 0, 0, 0), im = new Float64Array(4); fft(re, im); // all ones
 */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (n === 0 || (n & (n - 1)) !== 0 || im.length !== n) throw new Error(`fft: length must be a power of 2 (re ${n}, im ${im.length})`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b] * cr - im[b] * ci;
        const ti = re[b] * ci + im[b] * cr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
        [cr, ci] = [cr * wr - ci * wi, cr * wi + ci * wr];
      }
    }
  }
}

/** Periodic Hann window, 0.5 − 0.5·cos(2πn/N), as torch.hann_window and scipy's fftbins=True. */
export function hannWindow(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
}

export interface StftOptions {
  /** FFT size, a power of 2 (default 256) */
  nFft?: number;
  /** samples between frames (default nFft / 4) */
  hopLength?: number;
  /** pad nFft/2 samples on each side by reflection so frame t is centred on sample t·hop (default true) */
  center?: boolean;
}

/** |STFT|² with a Hann window: [frames, nFft/2 + 1], as torch.stft(…).abs() ** 2 (frames as rows). */
export function powerSpectrogram(signal: ArrayLike<number>, { nFft = 256, hopLength = nFft / 4, center = true }: StftOptions = {}): Matrix {
  let x = Float64Array.from(signal);
  if (center) {
    const p = nFft / 2;
    if (x.length <= p) throw new Error(`powerSpectrogram: ${x.length} samples are too few to reflect-pad by ${p}`);
    const padded = new Float64Array(x.length + 2 * p);
    for (let i = 0; i < padded.length; i++) {
      let j = i - p;
      if (j < 0) j = -j;
      else if (j >= x.length) j = 2 * (x.length - 1) - j;
      padded[i] = x[j];
    }
    x = padded;
  }
  if (x.length < nFft) throw new Error(`powerSpectrogram: ${signal.length} samples are shorter than one frame of ${nFft}`);
  const rows = 1 + Math.floor((x.length - nFft) / hopLength);
  const cols = nFft / 2 + 1;
  const win = hannWindow(nFft);
  const data = new Float64Array(rows * cols);
  const re = new Float64Array(nFft);
  const im = new Float64Array(nFft);
  for (let t = 0; t < rows; t++) {
    for (let i = 0; i < nFft; i++) re[i] = x[t * hopLength + i] * win[i];
    im.fill(0);
    fft(re, im);
    for (let k = 0; k < cols; k++) data[t * cols + k] = re[k] * re[k] + im[k] * im[k];
  }
  return { rows, cols, data };
}

export type MelScale = 'slaney' | 'htk';
const hzToMel = (f: number, scale: MelScale) =>
  // Slaney: linear below 1 kHz (3 per 200 Hz), logarithmic above; HTK: 2595·log10(1 + f/700)
  scale === 'htk' ? 2595 * Math.log10(1 + f / 700) : f < 1000 ? (3 * f) / 200 : 15 + Math.log(f / 1000) / (Math.log(6.4) / 27);
const melToHz = (m: number, scale: MelScale) =>
  scale === 'htk' ? 700 * (10 ** (m / 2595) - 1) : m < 15 ? (200 * m) / 3 : 1000 * Math.exp((Math.log(6.4) / 27) * (m - 15));

export interface MelOptions {
  sampleRate: number;
  nFft?: number;
  nMels?: number;
  fMin?: number;
  /** default sampleRate / 2 */
  fMax?: number;
  scale?: MelScale;
  /** 'slaney' divides each triangle by its width in Hz / 2 (constant area), as librosa's default */
  norm?: 'slaney' | null;
}

/** Triangular mel filters [nMels, nFft/2 + 1], as librosa.filters.mel (torchaudio's melscale_fbanks with scale 'htk', norm null). */
export function melFilterbank({ sampleRate, nFft = 256, nMels = 40, fMin = 0, fMax = sampleRate / 2, scale = 'slaney', norm = 'slaney' }: MelOptions): Matrix {
  const cols = nFft / 2 + 1;
  const lo = hzToMel(fMin, scale);
  const hi = hzToMel(fMax, scale);
  const edges = Array.from({ length: nMels + 2 }, (_, i) => melToHz(lo + ((hi - lo) * i) / (nMels + 1), scale));
  const data = new Float64Array(nMels * cols);
  for (let m = 0; m < nMels; m++) {
    const [a, b, c] = [edges[m], edges[m + 1], edges[m + 2]];
    const scaleBy = norm === 'slaney' ? 2 / (c - a) : 1;
    for (let k = 0; k < cols; k++) {
      const f = (k * sampleRate) / nFft;
      const w = Math.max(0, Math.min((f - a) / (b - a), (c - f) / (c - b)));
      data[m * cols + k] = w * scaleBy;
    }
  }
  return { rows: nMels, cols, data };
}

/** a·bᵀ for row-major matrices a [r, k] and b [c, k]. */
function timesTransposed(a: Matrix, b: Matrix): Matrix {
  const data = new Float64Array(a.rows * b.rows);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < b.rows; j++) {
      let s = 0;
      for (let k = 0; k < a.cols; k++) s += a.data[i * a.cols + k] * b.data[j * b.cols + k];
      data[i * b.rows + j] = s;
    }
  return { rows: a.rows, cols: b.rows, data };
}

export interface LogMelOptions extends StftOptions, Omit<MelOptions, 'nFft'> {
  /** floor of the power before the log (librosa's amin, default 1e-10) */
  amin?: number;
  /** clamp to at most this many dB below the peak (librosa's default 80; null: no clamp) */
  topDb?: number | null;
}

/** 10·log10(max(mel power, amin)), clamped at topDb below the maximum: [frames, nMels], as librosa.power_to_db(melspectrogram). */
export function logMelSpectrogram(signal: ArrayLike<number>, opts: LogMelOptions): Matrix {
  const { amin = 1e-10, topDb = 80, nFft = 256 } = opts;
  const mel = timesTransposed(powerSpectrogram(signal, { ...opts, nFft }), melFilterbank({ ...opts, nFft }));
  let peak = -Infinity;
  for (let i = 0; i < mel.data.length; i++) peak = Math.max(peak, (mel.data[i] = 10 * Math.log10(Math.max(mel.data[i], amin))));
  if (topDb !== null) for (let i = 0; i < mel.data.length; i++) mel.data[i] = Math.max(mel.data[i], peak - topDb);
  return mel;
}

/** Orthonormal DCT-II of each row, first `keep` coefficients: X_k = s_k Σ x_n cos(πk(2n+1)/2N), s_0 = √(1/N), s_k = √(2/N). */
export function dct2(m: Matrix, keep = m.cols): Matrix {
  const N = m.cols;
  const basis = new Float64Array(keep * N);
  for (let k = 0; k < keep; k++)
    for (let n = 0; n < N; n++) basis[k * N + n] = Math.sqrt((k === 0 ? 1 : 2) / N) * Math.cos((Math.PI * k * (2 * n + 1)) / (2 * N));
  return timesTransposed(m, { rows: keep, cols: N, data: basis });
}

/**
 * Mel-frequency cepstral coefficients [frames, nMfcc], as librosa.feature.mfcc (DCT-II, ortho, of the dB log-mel).
 * Example: mfcc(samples, { sampleRate: 8000, nFft: 256, hopLength: 80, nMels: 40, nMfcc: 20 })
 */
export function mfcc(signal: ArrayLike<number>, { nMfcc = 20, ...opts }: LogMelOptions & { nMfcc?: number }): Matrix {
  return dct2(logMelSpectrogram(signal, opts), nMfcc);
}
