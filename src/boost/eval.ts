import { accuracy, auc, logLoss, mae, mapForScores, meanOverGroups, ndcgForScores, rmse } from '../train/metrics.js';

/** An evaluation metric over transformed predictions ([rows, outputs] row-major). */
export interface EvalMetric {
  name: string;
  higherIsBetter: boolean;
  compute(y: Float64Array, pred: Float64Array, outputs: number, group: Int32Array | null): number;
}

function argmaxRows(pred: Float64Array, K: number): Float64Array {
  const out = new Float64Array(pred.length / K);
  for (let i = 0; i < out.length; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (pred[i * K + k] > pred[i * K + best]) best = k;
    out[i] = best;
  }
  return out;
}

/** Class decisions: argmax for several outputs, p > 0.5 for one. */
function decisions(pred: Float64Array, K: number): Float64Array {
  return K > 1 ? argmaxRows(pred, K) : pred.map((p) => (p > 0.5 ? 1 : 0));
}

function rows(pred: Float64Array, K: number): Float64Array[] {
  return Array.from({ length: pred.length / K }, (_, i) => pred.subarray(i * K, i * K + K));
}

/**
 * Metric by name: rmse, mae, logloss, mlogloss, auc, accuracy, error, merror, poisson-nloglik,
 * ndcg@k and map@k (k defaults to 10; `ndcg` alone is ndcg@10). All use src/train/metrics.ts.
 */
export function evalMetric(name: string): EvalMetric {
  const at = /^(ndcg|map)(?:@(\d+))?$/.exec(name);
  if (at) {
    const k = at[2] ? Number(at[2]) : 10;
    const fn = at[1] === 'ndcg' ? ndcgForScores : mapForScores;
    return {
      name: `${at[1]}@${k}`,
      higherIsBetter: true,
      compute: (y, pred, _K, group) => {
        if (!group) throw new Error(`boost: metric ${name} needs query groups`);
        return meanOverGroups(y, pred, group, fn, k);
      },
    };
  }
  const table: Record<string, Omit<EvalMetric, 'name'>> = {
    rmse: { higherIsBetter: false, compute: (y, p) => rmse(y, p) },
    mae: { higherIsBetter: false, compute: (y, p) => mae(y, p) },
    logloss: { higherIsBetter: false, compute: (y, p) => logLoss(y, p) },
    mlogloss: { higherIsBetter: false, compute: (y, p, K) => logLoss(y, rows(p, K)) },
    auc: { higherIsBetter: true, compute: (y, p) => auc(y, p) },
    accuracy: { higherIsBetter: true, compute: (y, p, K) => accuracy(y, decisions(p, K)) },
    error: { higherIsBetter: false, compute: (y, p, K) => 1 - accuracy(y, decisions(p, K)) },
    merror: { higherIsBetter: false, compute: (y, p, K) => 1 - accuracy(y, decisions(p, K)) },
    'poisson-nloglik': {
      higherIsBetter: false,
      // mean of μ − y·log μ (the constant log y! dropped, as XGBoost)
      compute: (y, p) => y.reduce((s, yi, i) => s + p[i] - yi * Math.log(Math.max(p[i], 1e-16)), 0) / y.length,
    },
  };
  const m = table[name];
  if (!m) throw new Error(`boost: unknown metric '${name}' (known: ${Object.keys(table).join(', ')}, ndcg@k, map@k)`);
  return { name, ...m };
}
