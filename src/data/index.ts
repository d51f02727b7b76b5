// perceptio/data: datasets, loaders, splits, scalers and readers (CSV, IDX, MNIST, .npy, Quick, Draw!, Fashion-MNIST).
export * from './dataset.js';
export * from './loader.js';
export * from './csv.js';
export * from './idx.js';
export * from './mnist.js';
export * from './npy.js';
export * from './quickdraw.js';
export * from './fashion-mnist.js';
export * from './split.js';
export * from './scale.js';
export * from './csv-tensor.js';
