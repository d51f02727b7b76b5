import { noGrad } from '../autograd/engine.js';
import { where } from '../autograd/functional.js';
import { tensor } from '../tensor/create.js';
import { fmt } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

function check2d(name: string, x: Tensor, features?: number): void {
  if (x.ndim !== 2)
    throw new Error(
      `${name}: expected a 2-D tensor [samples, features], got shape ${fmt(x.shape)}`,
    );
  if (features !== undefined && x.shape[1] !== features)
    throw new Error(`${name}: fitted on ${features} features, got shape ${fmt(x.shape)}`);
}
/** A constant feature would divide by zero: keep it unscaled (scale 1), as scikit-learn. */
const nonZero = (s: Tensor) => where(s.eq(0), 1, s);

/**
 * z = (x − mean) / std per feature (population std, ddof 0, as scikit-learn); statistics are
 * computed in float64 whatever the input dtype.
 * Example: const scaler = new StandardScaler().fit(xTrain); const z = scaler.transform(xTest);
 */
export class StandardScaler {
  mean: Tensor | null = null;
  scale: Tensor | null = null;
  constructor(readonly opts: { withMean?: boolean; withStd?: boolean } = {}) {}

  fit(x: Tensor): this {
    check2d('StandardScaler.fit', x);
    noGrad(() => {
      const d = x.to('float64');
      const d0 = tensor(new Float64Array(x.shape[1]));
      this.mean = this.opts.withMean === false ? d0 : d.mean(0);
      this.scale =
        this.opts.withStd === false ? d0.add(1) : nonZero(d.var(0, { correction: 0 }).sqrt());
    });
    return this;
  }
  transform(x: Tensor): Tensor {
    const [m, s] = this.fitted('transform', x);
    return x.sub(m.to(x.dtype)).div(s.to(x.dtype));
  }
  inverseTransform(z: Tensor): Tensor {
    const [m, s] = this.fitted('inverseTransform', z);
    return z.mul(s.to(z.dtype)).add(m.to(z.dtype));
  }
  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }
  toJSON(): { type: 'StandardScaler'; mean: number[]; scale: number[] } {
    const [m, s] = this.fitted('toJSON');
    return { type: 'StandardScaler', mean: Array.from(m.values()), scale: Array.from(s.values()) };
  }
  static fromJSON(j: { mean: number[]; scale: number[] }): StandardScaler {
    const s = new StandardScaler();
    s.mean = tensor(Float64Array.from(j.mean));
    s.scale = tensor(Float64Array.from(j.scale));
    return s;
  }
  private fitted(name: string, x?: Tensor): [Tensor, Tensor] {
    if (!this.mean || !this.scale) throw new Error(`StandardScaler.${name}: call fit first`);
    if (x) check2d(`StandardScaler.${name}`, x, this.mean.shape[0]);
    return [this.mean, this.scale];
  }
}

/**
 * x′ = (x − min) / (max − min) · (hi − lo) + lo per feature, mapping the fitted range to
 * `featureRange` (default [0, 1]).
 * Example: const x01 = new MinMaxScaler().fitTransform(x);
 */
export class MinMaxScaler {
  /** x′ = x·scale + offset */
  scale: Tensor | null = null;
  offset: Tensor | null = null;
  readonly featureRange: readonly [number, number];
  constructor({ featureRange = [0, 1] }: { featureRange?: readonly [number, number] } = {}) {
    if (!(featureRange[0] < featureRange[1]))
      throw new Error(
        `MinMaxScaler: featureRange must have min < max, got [${featureRange.join(', ')}]`,
      );
    this.featureRange = featureRange;
  }
  fit(x: Tensor): this {
    check2d('MinMaxScaler.fit', x);
    noGrad(() => {
      const d = x.to('float64');
      const lo = d.min(0);
      const [a, b] = this.featureRange;
      this.scale = tensor(Float64Array.of(b - a)).div(nonZero(d.max(0).sub(lo)));
      this.offset = lo.mul(this.scale).neg().add(a);
    });
    return this;
  }
  transform(x: Tensor): Tensor {
    const [s, o] = this.fitted('transform', x);
    return x.mul(s.to(x.dtype)).add(o.to(x.dtype));
  }
  inverseTransform(z: Tensor): Tensor {
    const [s, o] = this.fitted('inverseTransform', z);
    return z.sub(o.to(z.dtype)).div(s.to(z.dtype));
  }
  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }
  toJSON(): { type: 'MinMaxScaler'; scale: number[]; offset: number[] } {
    const [s, o] = this.fitted('toJSON');
    return { type: 'MinMaxScaler', scale: Array.from(s.values()), offset: Array.from(o.values()) };
  }
  static fromJSON(j: { scale: number[]; offset: number[] }): MinMaxScaler {
    const m = new MinMaxScaler();
    m.scale = tensor(Float64Array.from(j.scale));
    m.offset = tensor(Float64Array.from(j.offset));
    return m;
  }
  private fitted(name: string, x?: Tensor): [Tensor, Tensor] {
    if (!this.scale || !this.offset) throw new Error(`MinMaxScaler.${name}: call fit first`);
    if (x) check2d(`MinMaxScaler.${name}`, x, this.scale.shape[0]);
    return [this.scale, this.offset];
  }
}
