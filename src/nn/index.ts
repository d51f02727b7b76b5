// perceptio/nn: modules, layers, initializers and losses.
export { Module } from './module.js';
export { Parameter } from './parameter.js';
export { Linear, linear } from './linear.js';
export { ReLU, LeakyReLU, ELU, GELU, Sigmoid, Tanh, Softplus, Softmax, LogSoftmax, Identity } from './activation.js';
export { Sequential } from './sequential.js';
export { Flatten } from './flatten.js';
export * as init from './init.js';
export {
  mseLoss, l1Loss, huberLoss, bceLoss, bceWithLogitsLoss, nllLoss, crossEntropy,
  MSELoss, L1Loss, HuberLoss, BCELoss, BCEWithLogitsLoss, NLLLoss, CrossEntropyLoss,
  type Reduction,
} from './loss.js';
export { Dropout, dropout } from './dropout.js';
export { BatchNorm1d, type BatchNormOptions } from './batch-norm.js';
export { LayerNorm } from './layer-norm.js';
export { Embedding } from './embedding.js';
