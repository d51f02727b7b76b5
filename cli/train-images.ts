import { existsSync, statSync } from 'node:fs';
import { num, report, UsageError } from './args.js';
import { FASHION_MNIST_DIR } from '../src/data/fashion-mnist.js';
import { trainImageClassifier, type ImageTask } from '../src/train/image-classification.js';
import { fashionMnistTask, mnistTask, quickDrawTask } from '../src/train/image-tasks.js';
import { Progress } from '../src/train/progress.js';

/** The image tasks trained by trainImageClassifier, and the help lines that describe them. */
export const imageTasks = ['fashion-mnist', 'quickdraw'];

export const imageTaskHelp = `
       perceptio train mnist-cnn --model small-cnn --data <folder of MNIST IDX files> [options]
       perceptio train fashion-mnist [--data <folder of IDX files>] [options]
       perceptio train quickdraw --data <folder of <category>.npy files> [options]
These train the small CNN on real image folders and save, besides the model (with its class names)
and loss.svg, a confusion matrix (confusion.svg). mnist-cnn --data holds out the last 10,000 of the
60,000 training digits for validation; fashion-mnist scores on the official test set (default folder
${FASHION_MNIST_DIR}); quickdraw splits each category 80/20 (seeded). Defaults: 2 epochs (6 for
quickdraw), one-cycle learning rate peaking at 0.1, batch 64 (docs/cnn-results.md).
  --data <dir>          the folder of the dataset's files
  --channels <n,n…>     small-CNN stage widths (default 16,32,64,128)
  --train-limit <n>     train on the first n training images only (quick trials)
  --val-limit <n>       score on the first n validation/test images only
`;

/** The values train.ts parsed that the image tasks read. */
export interface ImageTaskValues {
  data?: string;
  model?: string;
  channels?: string;
  epochs?: string;
  lr?: string;
  'batch-size'?: string;
  seed?: string;
  out?: string;
  'train-limit'?: string;
  'val-limit'?: string;
  json?: boolean;
}

const positiveInt = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined) return undefined;
  const x = num(v, name, NaN);
  if (!(Number.isInteger(x) && x > 0)) throw new UsageError(`--${name} expects a positive integer, got ${v}`);
  return x;
};

/** perceptio train mnist-cnn --data …, fashion-mnist, quickdraw: one path, three datasets. */
export async function trainImages(task: string, values: ImageTaskValues): Promise<number> {
  if (task === 'mnist-cnn' && (values.model ?? 'small-cnn') !== 'small-cnn')
    throw new UsageError(`--data trains the small CNN; --model ${values.model} trains on the embedded digits only (leave out --data)`);
  if (task === 'quickdraw' && !values.data) throw new UsageError('quickdraw needs --data <folder of .npy files> (e.g. ../shared/data/quickdraw)');
  const dir = values.data ?? FASHION_MNIST_DIR;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--data: no such folder: ${dir}`);
  // the epochs that reached the targets (docs/cnn-results.md); the one-cycle schedule anneals fully in any number
  const epochs = num(values.epochs, 'epochs', task === 'quickdraw' ? 6 : 2);
  if (!(Number.isInteger(epochs) && epochs >= 0)) throw new UsageError(`--epochs expects a non-negative integer, got ${epochs}`);
  const lr = num(values.lr, 'lr', 0.1);
  if (!(lr > 0)) throw new UsageError(`--lr expects a positive number, got ${lr}`);
  const batchSize = positiveInt(values['batch-size'], 'batch-size') ?? 64;
  const seed = num(values.seed, 'seed', 0);
  const channels = values.channels?.split(',').map((s) => positiveInt(s, 'channels')!);
  const limits = { trainLimit: positiveInt(values['train-limit'], 'train-limit'), validationLimit: positiveInt(values['val-limit'], 'val-limit') };
  const out = values.out ?? 'perceptio-out';
  let data: ImageTask;
  try {
    data = task === 'mnist-cnn' ? mnistTask(dir, limits) : task === 'fashion-mnist' ? fashionMnistTask(dir, limits) : quickDrawTask(dir, { ...limits, seed });
  } catch (e) {
    throw new UsageError((e as Error).message); // a folder without the right files is a usage problem
  }
  const progress = new Progress({ stream: values.json ? process.stderr : process.stdout });
  const r = await trainImageClassifier(data, { channels, epochs, lr, batchSize, seed, out, callbacks: [progress] });
  const files = r.files!;
  const { accuracy, loss, n } = r.evaluation;
  report(
    values.json,
    {
      task, data: dir, model: r.model.config, epochs, lr, batchSize, seed, backend: r.backend, trainImages: data.train.images.shape[0],
      [`${data.validationName}Accuracy`]: accuracy, [`${data.validationName}Loss`]: loss, [`${data.validationName}Images`]: n,
      secondsPerEpoch: r.secondsPerEpoch, seconds: r.seconds, history: r.history, files,
    },
    [
      `${data.validationName} accuracy ${(100 * accuracy).toFixed(2)}% (${n.toLocaleString('en')} ${data.title} images), ${data.validationName} loss ${loss.toFixed(4)}`,
      `${r.secondsPerEpoch.toFixed(1)} s/epoch on the ${r.backend} backend, ${r.seconds.toFixed(0)} s in all`,
      `model: ${files.model} (weights ${files.weights}; classes ${data.classes.join(', ')})`,
      `charts: ${files.chart}, ${files.confusion}`,
    ].join('\n'),
  );
  return 0;
}
