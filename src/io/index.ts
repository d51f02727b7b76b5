// perceptio/io: tensors and models on disk (safetensors weights, JSON architectures).
export * from './atomic.js';
export * from './safetensors.js';
export * from './model-file.js';
