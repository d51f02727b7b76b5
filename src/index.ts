// The public surface of `perceptio`: tensors, autograd and backends. Importing registers nothing
// global beyond the backend table; the backend is chosen on first use or by init().
export { Tensor } from './tensor/tensor.js';
export type { TensorLike, NestedArray } from './tensor/tensor.js';
export type { DType } from './tensor/dtype.js';
export * from './tensor/create.js';
export { Generator, manualSeed } from './tensor/random.js';
export { noGrad, isGradEnabled } from './autograd/engine.js';
export { gradcheck } from './autograd/gradcheck.js';
export * as F from './autograd/functional.js';
export {
  add, sub, mul, div, pow, maximum, minimum, where, matmul, concat, stack, split, chunk, pad, gather,
  scatterAdd, indexSelect, oneHot, softmax, logSoftmax, logsumexp, sigmoid, relu, tanh, exp, log,
} from './autograd/functional.js';
export { init, getBackend, setBackend, setThreads, registerBackend } from './backend/index.js';
