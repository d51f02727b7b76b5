import { tensor } from '../tensor/create.js';
import { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { LinearRegression } from './linear-regression.js';

/** The lecture's weights: price = 2.5·area + 4.1·river + 10·road + noise. */
export const LAND_PRICE_WEIGHTS = { area: 2.5, river: 4.1, road: 10 } as const;

/**
 * The lecture's land-price example: area uniform in [5, 50) (hundreds of m²), river nearby with
 * probability 0.4, good road with probability 0.5, and price = 2.5·area + 4.1·river + 10·road
 * + N(0, noise²). Seeded, so every run sees the same plots.
 * Example: const { x, y, featureNames } = landPriceData({ n: 500, seed: 1 }); // x [500, 3]
 */
export function landPriceData({
  n = 500,
  seed = 1,
  noise = 1,
}: { n?: number; seed?: number; noise?: number } = {}): {
  x: Tensor;
  y: Tensor;
  featureNames: string[];
} {
  const g = new Generator(seed);
  const x = new Float64Array(n * 3);
  const y = new Float64Array(n);
  const { area: wa, river: wr, road: wd } = LAND_PRICE_WEIGHTS;
  for (let i = 0; i < n; i++) {
    const area = 5 + 45 * g.next();
    const river = g.next() < 0.4 ? 1 : 0;
    const road = g.next() < 0.5 ? 1 : 0;
    x.set([area, river, road], 3 * i);
    y[i] = wa * area + wr * river + wd * road + noise * g.normal();
  }
  return { x: tensor(x, { shape: [n, 3] }), y: tensor(y), featureNames: ['area', 'river', 'road'] };
}

/**
 * Fits the land-price model by gradient descent (no intercept, as in the lecture's formula),
 * printing the loss as it falls, and returns the model and its loss history.
 * Example: const { model } = landPriceExample(); model.coefficients() // ≈ { area: 2.5, river: 4.1, road: 10 }
 */
export function landPriceExample({
  n = 1000,
  seed = 1,
  noise = 0.5,
  epochs = 300,
  lr = 0.05,
  print = console.log,
}: {
  n?: number;
  seed?: number;
  noise?: number;
  epochs?: number;
  lr?: number;
  print?: (line: string) => void;
} = {}): {
  model: LinearRegression;
  lossHistory: number[];
} {
  const { x, y, featureNames } = landPriceData({ n, seed, noise });
  const every = Math.max(1, Math.round(epochs / 10));
  const model = new LinearRegression({
    solver: 'gd',
    fitIntercept: false,
    lr,
    epochs,
    onEpoch: (e, loss) => {
      if (e % every === 0 || e === epochs - 1)
        print(`epoch ${String(e).padStart(4)}  loss (MSE) ${loss.toFixed(4)}`);
    },
  }).fit(x, y, { featureNames });
  const w = model.coefficients();
  print(`learned: ${featureNames.map((f) => `${f} ${w[f].toFixed(3)}`).join(', ')}`);
  print(
    `true:    ${featureNames.map((f) => `${f} ${LAND_PRICE_WEIGHTS[f as keyof typeof LAND_PRICE_WEIGHTS]}`).join(', ')}`,
  );
  return { model, lossHistory: model.lossHistory };
}
