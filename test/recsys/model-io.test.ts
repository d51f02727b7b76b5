import { describe, expect, test } from 'vitest';
import { loadModel, modelFactories, saveModel, syntheticInteractions, type ModelName } from '../../src/recsys/index.js';

describe('saving and loading models', () => {
  const data = syntheticInteractions({ users: 120, items: 60, interactions: 1500, seed: 9 });
  test.each(['popularity', 'itemknn', 'userknn', 'als', 'ease', 'svd', 'baseline'] as ModelName[])('%s scores the same after a JSON round trip', (name) => {
    const opts = name === 'itemknn' || name === 'userknn' ? { implicit: true } : name === 'als' ? { factors: 4, iterations: 3 } : name === 'svd' ? { factors: 4, epochs: 3 } : {};
    const model = modelFactories[name](opts).fit(data);
    const text = JSON.stringify(saveModel(name, model, data, ['t']));
    const { model: back, train, titles } = loadModel(JSON.parse(text));
    expect(train.length).toBe(data.length);
    expect(titles).toEqual(['t']);
    for (const u of [0, 7, 119]) {
      const want = model.scoreItems(u, new Float64Array(data.nItems));
      const got = back.scoreItems(u, new Float64Array(data.nItems));
      expect(got).toBeAllClose(want, { rtol: 1e-6, atol: 1e-6 }); // EASE weights are float32 both times
    }
  });

  test('the hybrid (candidate models, statistics, boosted ranker, fusion) survives a round trip', () => {
    const model = modelFactories.hybrid({ perModel: 10, models: { als: { factors: 4, iterations: 3 } }, ranker: { nEstimators: 10, maxDepth: 3 } }).fit(data);
    const { model: back } = loadModel(JSON.parse(JSON.stringify(saveModel('hybrid', model, data))));
    for (const u of [0, 50]) {
      // items outside the candidates score −∞, which allClose cannot difference
      const finite = (x: Float64Array) => Array.from(x, (v) => (v === -Infinity ? -1e9 : v));
      const want = finite(model.scoreItems(u, new Float64Array(data.nItems)));
      expect(finite(back.scoreItems(u, new Float64Array(data.nItems)))).toBeAllClose(want, { rtol: 1e-6, atol: 1e-6 });
    }
  });

  test('a file that is not a model is refused', () => {
    expect(() => loadModel({ format: 'x' } as never)).toThrow(/not a perceptio recsys model/);
  });
});
