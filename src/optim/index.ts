// perceptio/optim: optimizers, learning-rate schedules and gradient clipping.
export { Optimizer } from './optimizer.js';
export type { GroupOptions, ParamGroup, ParamsInput, ParamState, OptimizerStateDict } from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
