// perceptio/optim: optimizers, learning-rate schedules and gradient clipping.
export { Optimizer } from './optimizer.js';
export type { GroupOptions, ParamGroup, ParamsInput, ParamState, OptimizerStateDict } from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, AdamW, type AdamOptions } from './adam.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export { Adagrad, type AdagradOptions } from './adagrad.js';
export {
  LRScheduler, StepLR, ExponentialLR, CosineAnnealingLR, LinearLR, LambdaLR, LinearWarmup, OneCycleLR,
  type SchedulerStateDict, type OneCycleOptions,
} from './schedule.js';
export { ReduceLROnPlateau, type PlateauOptions } from './plateau.js';
export { clipGradNorm, clipGradValue } from './clip.js';
