import { noGrad } from '../autograd/engine.js';
import { concat, oneHot, softplus } from '../autograd/functional.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { accuracy } from '../train/metrics.js';
import { asMatrix, asVector, namesFor, outDtype, type Matrix, type Vector } from './common.js';
import { minimize } from './lbfgs.js';

export interface LogisticRegressionOptions {
  /** inverse L2 strength, as scikit-learn: minimise Σ log-loss + ‖W‖²/(2C) (default 1) */
  C?: number;
  /** L2 strength per sample instead of C: mean log-loss + α/2·‖W‖² (i.e. C = 1/(α·n)) */
  alpha?: number;
  /** 'none' drops the penalty (default 'l2') */
  penalty?: 'l2' | 'none';
  /** learn an unpenalised intercept per class (default true) */
  fitIntercept?: boolean;
  /** 'lbfgs' (default) converges to the optimum; 'gd' is plain full-batch gradient descent */
  solver?: 'lbfgs' | 'gd';
  /** L-BFGS: iterations at most (default 1000) and gradient tolerance (default 1e-9) */
  maxIter?: number;
  tol?: number;
  /** gradient descent: learning rate (default 0.1) and epochs (default 1000) */
  lr?: number;
  epochs?: number;
  featureNames?: readonly string[];
}

/**
 * Logistic regression with an L2 penalty: binary (sigmoid of one score, as scikit-learn) for two
 * classes, multinomial (softmax) for more. The objective is computed on Perceptio tensors and its
 * gradient by autograd; L-BFGS minimises it.
 * Example: const m = new LogisticRegression({ C: 1 }).fit(X, y); m.predictProba(X) // [n, classes]
 */
export class LogisticRegression {
  readonly opts: LogisticRegressionOptions;
  /** the class labels, ascending; predictions are these values */
  classes: number[] = [];
  /** [1, features] for two classes (the second class's score), else [classes, features] */
  coef: Tensor | null = null;
  /** [1] or [classes] */
  intercept: Tensor | null = null;
  featureNames: string[] = [];
  /** the objective (mean log-loss + penalty) after each iteration */
  lossHistory: number[] = [];
  converged = false;

  constructor(opts: LogisticRegressionOptions = {}) {
    this.opts = opts;
    if (opts.C !== undefined && !(opts.C > 0))
      throw new Error(`LogisticRegression: C must be > 0, got ${opts.C}`);
    if (opts.alpha !== undefined && !(opts.alpha >= 0))
      throw new Error(`LogisticRegression: alpha must be ≥ 0, got ${opts.alpha}`);
  }

  fit(X: Matrix, y: Vector, { featureNames }: { featureNames?: readonly string[] } = {}): this {
    const x = asMatrix('LogisticRegression.fit', X);
    const [n, d] = x.shape;
    const labels = Array.from(asVector('LogisticRegression.fit', y, n).values());
    if (labels.some((v) => !Number.isInteger(v)))
      throw new Error('LogisticRegression.fit: labels must be integers');
    this.classes = [...new Set(labels)].sort((a, b) => a - b);
    if (this.classes.length < 2)
      throw new Error(
        `LogisticRegression.fit: need at least 2 classes, got ${this.classes.length}`,
      );
    this.featureNames = namesFor(
      'LogisticRegression.fit',
      d,
      featureNames ?? this.opts.featureNames,
    );
    const index = new Map(this.classes.map((c, i) => [c, i]));
    const yi = tensor(Int32Array.from(labels, (v) => index.get(v)!));
    const binary = this.classes.length === 2;
    const k = binary ? 1 : this.classes.length;
    const target = binary ? yi.to('float64') : oneHot(yi, k).to('float64');
    const { fitIntercept = true, penalty = 'l2' } = this.opts;
    // ‖W‖²/(2C) on the summed loss is ‖W‖²/(2Cn) on the mean loss, which keeps numbers O(1)
    const lambda =
      penalty === 'none'
        ? 0
        : this.opts.alpha !== undefined
          ? this.opts.alpha
          : 1 / ((this.opts.C ?? 1) * n);
    const objective = (theta: Float64Array, withGrad: boolean): [number, Float64Array] => {
      const W = tensor(theta.slice(0, d * k), { shape: [d, k] }).requiresGrad_(withGrad);
      const b = tensor(theta.slice(d * k), { shape: [k] }).requiresGrad_(withGrad && fitIntercept);
      const z = x.matmul(W).add(b);
      // binary: log(1 + eᶻ) − y·z; multinomial: logsumexp(z) − z[y]; both stable for large |z|
      const data = binary
        ? softplus(z.squeeze(1)).sub(z.squeeze(1).mul(target)).mean()
        : z.logsumexp(1).sub(z.mul(target).sum(1)).mean();
      const loss =
        lambda > 0
          ? data.add(
              W.square()
                .sum()
                .mul(lambda / 2),
            )
          : data;
      if (!withGrad) return [loss.item(), new Float64Array(0)];
      loss.backward();
      const g = new Float64Array(theta.length);
      g.set(W.grad!.values(), 0);
      if (fitIntercept) g.set(b.grad!.values(), d * k);
      return [loss.item(), g];
    };
    const theta0 = new Float64Array(d * k + k);
    let theta: Float64Array;
    if ((this.opts.solver ?? 'lbfgs') === 'lbfgs') {
      const r = minimize((t) => objective(t, true), theta0, {
        maxIter: this.opts.maxIter ?? 1000,
        tol: this.opts.tol ?? 1e-9,
      });
      [theta, this.lossHistory, this.converged] = [r.x, r.history, r.converged];
    } else {
      const lr = this.opts.lr ?? 0.1;
      theta = theta0;
      this.lossHistory = [];
      for (let e = 0; e < (this.opts.epochs ?? 1000); e++) {
        const [f, g] = objective(theta, true);
        this.lossHistory.push(f);
        theta = theta.map((v, i) => v - lr * g[i]);
      }
      this.converged = true;
    }
    const W = theta.subarray(0, d * k);
    this.coef = tensor(
      Float64Array.from({ length: k * d }, (_, i) => W[(i % d) * k + Math.floor(i / d)]),
      { shape: [k, d] },
    );
    this.intercept = tensor(theta.slice(d * k));
    return this;
  }

  /** Scores X·Wᵀ + b: [n] for two classes (the log-odds of the second), else [n, classes]. */
  decisionFunction(X: Matrix): Tensor {
    const [W, b] = this.fitted('decisionFunction');
    const x = asMatrix('LogisticRegression.decisionFunction', X);
    if (x.shape[1] !== W.shape[1])
      throw new Error(`LogisticRegression: fitted on ${W.shape[1]} features, X has ${x.shape[1]}`);
    return noGrad(() => {
      const z = x.matmul(W.T).add(b);
      return W.shape[0] === 1 ? z.squeeze(1) : z;
    });
  }
  /** Class probabilities [n, classes] (columns in `classes` order). */
  predictProba(X: Matrix): Tensor {
    const z = this.decisionFunction(X);
    return noGrad(() => {
      if (z.ndim === 2) return z.softmax(1).to(outDtype(X));
      const p = z.sigmoid().unsqueeze(1);
      return concat([p.neg().add(1), p], 1).to(outDtype(X));
    });
  }
  /** The most probable class label of each row (int32). */
  predict(X: Matrix): Tensor {
    const z = this.decisionFunction(X);
    const best = z.ndim === 2 ? z.argmax(1).values() : z.gt(0).values();
    return tensor(Int32Array.from(best, (i) => this.classes[i]));
  }
  /** Accuracy of predict(X) against y. */
  score(X: Matrix, y: Vector): number {
    const p = this.predict(X);
    return accuracy(asVector('LogisticRegression.score', y, p.shape[0]).values(), p.values());
  }
  /**
   * The weights by feature name for one class: with two classes the single vector (log-odds of the
   * second class); otherwise pass the class label.
   * Example: new LogisticRegression().fit(X, y, { featureNames: ['age', 'income'] }).coefficients() // { age: 0.3, income: 1.2 }
   */
  coefficients(cls?: number): Record<string, number> {
    const [W] = this.fitted('coefficients');
    const v = W.values();
    const d = W.shape[1];
    const byName = (row: number, sign = 1) =>
      Object.fromEntries(this.featureNames.map((name, j) => [name, sign * v[row * d + j]]));
    if (cls !== undefined && !this.classes.includes(cls))
      throw new Error(
        `LogisticRegression.coefficients: unknown class ${cls} (${this.classes.join(', ')})`,
      );
    // two classes: one vector, the log-odds of the second; the first class's log-odds are its negation
    if (W.shape[0] === 1) return byName(0, cls === this.classes[0] ? -1 : 1);
    if (cls === undefined)
      throw new Error(
        `LogisticRegression.coefficients: pass a class label (${this.classes.join(', ')})`,
      );
    return byName(this.classes.indexOf(cls));
  }
  private fitted(where: string): [Tensor, Tensor] {
    if (!this.coef || !this.intercept)
      throw new Error(`LogisticRegression.${where}: call fit first`);
    return [this.coef, this.intercept];
  }
}
