// perceptio/train: the training loop, its callbacks, checkpoints, hyperparameter search, charts
// and the shared metrics.
export * from './metrics.js';
export { fit, fitAsync, evaluate, NonFiniteLossError } from './fit.js';
export type { Batch, Loader, FitModel, FitOptimizer, FitOptions, FitResult, LossFn, Scheduler } from './fit.js';
export { History, EarlyStopping, SchedulerCallback } from './callbacks.js';
export type { Callback, EpochLogs, FitContext, EarlyStoppingOptions } from './callbacks.js';
export { Progress, formatDuration, formatLogs } from './progress.js';
export type { ProgressOptions, ProgressStream } from './progress.js';
export { ModelCheckpoint, saveCheckpoint, loadCheckpoint, restoreCheckpoint } from './checkpoint.js';
export type { Checkpoint, ModelCheckpointOptions } from './checkpoint.js';
export { computeMetrics, predictedClasses } from './metric-spec.js';
export type { MetricSpec, MetricName, CustomMetric } from './metric-spec.js';
export { search, gridSearch, randomSearch, formatResults, gridCandidates, randomCandidates, makeSplits } from './search.js';
export type { Space, Distribution, Params, Split, SearchOptions, SearchResult } from './search.js';
export { lineChart, lossChart } from './chart.js';
export type { Series, LineChartOptions } from './chart.js';
export { toMnistInput, rgbaToGray } from './digit-image.js';
export type { GrayImage } from './digit-image.js';
export { trainMnistMlp, evaluateMnist, predictDigit, mnistEmbeddedSplits } from './mnist-mlp.js';
export type { MnistMlpOptions, MnistMlpResult } from './mnist-mlp.js';
export { trainImageClassifier, evaluateClassifier } from './image-classification.js';
export type { ImageSet, ImageTask, ImageClassifierOptions, ImageClassifierResult } from './image-classification.js';
export { mnistTask, fashionMnistTask, quickDrawTask } from './image-tasks.js';
export type { TaskLimits } from './image-tasks.js';
export { confusionSvg } from './confusion-svg.js';
export type { ConfusionSvgOptions } from './confusion-svg.js';
