// perceptio/nn: modules, layers, initializers and losses.
export { Module, type ForwardHook } from './module.js';
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
export { Conv1d, Conv2d, ConvTranspose2d, type ConvLayerOptions } from './conv.js';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, GlobalAvgPool2d } from './pool.js';
export { BatchNorm2d } from './batch-norm-2d.js';
export { Dropout2d } from './dropout-2d.js';
export { Upsample } from './upsample.js';
export { recordActivations, type Recording } from './record.js';
export { RNNCell, LSTMCell, GRUCell, type CellOptions } from './rnn-cell.js';
export { RNN, LSTM, GRU, detachState, type RecurrentOptions, type SequenceOptions } from './recurrent.js';
export { convStats, type ConvStats } from './conv-kinds.js';
