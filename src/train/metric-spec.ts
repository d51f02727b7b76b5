import type { Tensor } from '../tensor/tensor.js';
import { concat } from '../autograd/functional.js';
import { noGrad } from '../autograd/engine.js';
import { accuracy, mae, mse, precisionRecallF1, r2, rmse, type Numbers } from './metrics.js';

/** A metric computed over a whole epoch from the concatenated outputs and targets. */
export interface CustomMetric {
  name: string;
  fn(output: Tensor, target: Tensor): number;
}

export type MetricName = 'accuracy' | 'f1' | 'precision' | 'recall' | 'mse' | 'rmse' | 'mae' | 'r2';
export type MetricSpec = MetricName | CustomMetric;

const classification = new Set(['accuracy', 'f1', 'precision', 'recall']);

/**
 * Class predictions from model outputs: argmax over the last axis, or `logit > 0` for a single
 * column (binary classifiers emit logits, as BCEWithLogits expects).
 */
export function predictedClasses(output: Tensor): Numbers {
  if (output.ndim >= 2 && output.shape[output.ndim - 1] > 1) return output.argmax(-1).dataSync();
  return Array.from(output.dataSync(), (v) => (v > 0 ? 1 : 0));
}

/** Class labels from targets: indices as they are, one-hot or probability rows by argmax. */
function targetClasses(target: Tensor, output: Tensor): Numbers {
  if (target.ndim === output.ndim && target.ndim >= 2 && target.shape[target.ndim - 1] > 1)
    return target.argmax(-1).dataSync();
  return target.dataSync();
}

/** Evaluates each metric over the batches of one epoch; keys are the metric names. */
export function computeMetrics(
  specs: readonly MetricSpec[], outputs: readonly Tensor[], targets: readonly Tensor[],
): Record<string, number> {
  if (specs.length === 0 || outputs.length === 0) return {};
  return noGrad(() => {
    const out = outputs.length === 1 ? outputs[0] : concat(outputs, 0);
    const tgt = targets.length === 1 ? targets[0] : concat(targets, 0);
    const result: Record<string, number> = {};
    let classes: [Numbers, Numbers] | null = null;
    for (const spec of specs) {
      if (typeof spec !== 'string') {
        result[spec.name] = spec.fn(out, tgt);
        continue;
      }
      if (classification.has(spec)) {
        classes ??= [targetClasses(tgt, out), predictedClasses(out)];
        const [t, p] = classes;
        result[spec] = spec === 'accuracy' ? accuracy(t, p) : precisionRecallF1(t, p, { average: 'macro' })[spec as 'f1'];
        continue;
      }
      const [t, p] = [tgt.dataSync(), out.dataSync()];
      const fn = { mse, rmse, mae, r2 }[spec as 'mse'];
      if (!fn) throw new Error(`fit: unknown metric '${spec}' (known: accuracy, f1, precision, recall, mse, rmse, mae, r2)`);
      result[spec] = fn(t, p);
    }
    return result;
  });
}
