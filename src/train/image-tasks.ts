import { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, loadFashionMnist } from '../data/fashion-mnist.js';
import { loadMnistIdx } from '../data/mnist.js';
import { loadQuickDraw, stratifiedImageSplit } from '../data/quickdraw.js';
import type { ImageSet, ImageTask } from './image-classification.js';

/** Row limits for quick runs (tests, trials): the first rows of each part. */
export interface TaskLimits {
  trainLimit?: number;
  validationLimit?: number;
}

const head = (set: ImageSet, limit?: number): ImageSet =>
  limit === undefined || limit >= set.images.shape[0] ? set : { images: set.images.slice(0, 0, limit), labels: set.labels.slice(0, 0, limit) };

const digits = Array.from({ length: 10 }, (_, d) => String(d));

/**
 * Full MNIST from the IDX training files in `dir`: the last 10,000 of the 60,000 are held out for
 * validation (the t10k test files stay untouched), as Keras' validation_split does.
 * Example: await trainImageClassifier(mnistTask('../shared/data/mnist'), { epochs: 8 });
 */
export function mnistTask(dir: string, { trainLimit, validationLimit }: TaskLimits = {}): ImageTask {
  const all = loadMnistIdx(dir, { flatten: false });
  const n = all.images.shape[0];
  if (n <= 10000) throw new Error(`mnistTask: ${dir} holds ${n} training images; the last 10,000 are held out, so more are needed`);
  const cut = n - 10000;
  return {
    title: 'MNIST',
    classes: digits,
    train: head({ images: all.images.slice(0, 0, cut), labels: all.labels.slice(0, 0, cut) }, trainLimit),
    validation: head({ images: all.images.slice(0, cut), labels: all.labels.slice(0, cut) }, validationLimit),
    validationName: 'validation',
    input: { box: 20, centre: 'mass' }, // MNIST's own preparation
  };
}

/**
 * Fashion-MNIST: the 60,000 training images, scored on the official 10,000 test images.
 * Example: const task = fashionMnistTask(); task.classes[0] // 'T-shirt/top'
 */
export function fashionMnistTask(dir = FASHION_MNIST_DIR, { trainLimit, validationLimit }: TaskLimits = {}): ImageTask {
  const { train, test } = loadFashionMnist(dir);
  return {
    title: 'Fashion-MNIST',
    classes: FASHION_MNIST_CLASSES,
    train: head(train, trainLimit),
    validation: head(test, validationLimit),
    validationName: 'test',
    input: { box: 28, centre: 'box' }, // the product photos were trimmed and scaled so the longer side is 28
  };
}

/**
 * Quick, Draw! categories from a folder of .npy bitmaps, split 80/20 per class with `seed`.
 * Example: const task = quickDrawTask('../shared/data/quickdraw'); task.classes // ['apple', 'bicycle', …]
 */
export function quickDrawTask(dir: string, { seed = 0, trainLimit, validationLimit }: TaskLimits & { seed?: number } = {}): ImageTask {
  const data = loadQuickDraw(dir);
  const { train, test } = stratifiedImageSplit(data, { testFraction: 0.2, seed });
  return {
    title: 'Quick, Draw!',
    classes: data.classes,
    train: head(train, trainLimit), // both parts are shuffled, so their first rows mix all classes
    validation: head(test, validationLimit),
    validationName: 'test',
    input: { box: 26, centre: 'box' }, // the strokes were scaled to fill the frame, about a pixel of margin
  };
}
