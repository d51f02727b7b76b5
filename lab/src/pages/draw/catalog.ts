// The two shipped models: where their files lie, their classes and how a drawing is prepared for each.
import type { Rgba } from '../../canvas/pixels.js';
import { mnistInput, quickDrawInput } from './preprocess.js';

export interface ModelEntry {
  id: 'digits' | 'quickdraw';
  /** folder under lab/public/models/ */
  dir: string;
  /** class names; the label key is `draw.class.<name>` for words, the name itself for digits */
  classes: string[];
  prepare(img: Rgba): Float32Array;
}

/** Quick, Draw! classes as `perceptio train quickdraw` orders them: the .npy file names, alphabetically. */
export const QUICKDRAW_CLASSES = ['apple', 'bicycle', 'cat', 'diamond', 'eye', 'fish'];

export const catalog: ModelEntry[] = [
  { id: 'digits', dir: 'mnist-lenet', classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], prepare: mnistInput },
  { id: 'quickdraw', dir: 'quickdraw-cnn', classes: QUICKDRAW_CLASSES, prepare: quickDrawInput },
];

/** The visible name of a class in the current language. */
export function className(entry: ModelEntry, c: string, t: (key: string) => string): string {
  return entry.id === 'digits' ? c : t(`draw.class.${c}`);
}
