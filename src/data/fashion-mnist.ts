import { existsSync, statSync } from 'node:fs';
import { loadMnistIdx } from './mnist.js';
import type { LabelledImages } from './quickdraw.js';

/** Where Debian's dataset-fashion-mnist package installs the four IDX files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** Fashion-MNIST's ten classes, in label order (Xiao, Rasul and Vollgraf 2017). */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/**
 * Fashion-MNIST from a folder of its IDX files (gzipped or not): the 60,000 training and the
 * official 10,000 test images as [N, 1, 28, 28] in [0, 1], with the class names.
 * Example: const { train, test } = loadFashionMnist(); train.classes[9] // 'Ankle boot'
 */
export function loadFashionMnist(dir = FASHION_MNIST_DIR): { train: LabelledImages; test: LabelledImages } {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new Error(`loadFashionMnist: no such folder: ${dir} (install Debian's dataset-fashion-mnist or pass a folder of the IDX files)`);
  const part = (split: 'train' | 'test'): LabelledImages => ({ ...loadMnistIdx(dir, { split, flatten: false }), classes: FASHION_MNIST_CLASSES });
  return { train: part('train'), test: part('test') };
}
