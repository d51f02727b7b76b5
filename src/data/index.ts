// perceptio/data: datasets, loaders, splits, scalers and readers (CSV, IDX, MNIST).
export * from './dataset.js';
export * from './loader.js';
export * from './csv.js';
export * from './idx.js';
export * from './mnist.js';
