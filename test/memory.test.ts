import { expect, test } from 'vitest';
import { noGrad, randn, randint, tensor, F } from '../src/index.js';

// Users never dispose: a plain synchronous training loop of 10,000 steps must keep resident memory
// bounded. The hidden layer is 64×256 = 16,384 elements, the size from which arrays are pooled.
test('a 10,000-step custom training loop keeps resident memory within 50 MB', () => {
  const x = randn([64, 100]);
  const y = randint(0, 10, [64]);
  const w1 = randn([100, 256]).mul(0.05).requiresGrad_();
  const w2 = randn([256, 10]).mul(0.05).requiresGrad_();
  const b1 = randn([256]).mul(0).requiresGrad_();
  let rssAt1000 = 0;
  let loss = tensor(0);
  for (let step = 1; step <= 10_000; step++) {
    const h = x.matmul(w1).add(b1).relu();
    const logp = h.matmul(w2).logSoftmax(-1);
    loss = logp.gather(1, y.unsqueeze(1)).neg().mean();
    loss.backward();
    noGrad(() => {
      for (const p of [w1, w2, b1]) {
        const d = p.data;
        const g = p.grad!.data;
        for (let i = 0; i < d.length; i++) d[i] -= 0.05 * g[i];
        p.grad = null;
      }
    });
    if (step === 1000) rssAt1000 = process.memoryUsage().rss;
  }
  const grown = (process.memoryUsage().rss - rssAt1000) / 2 ** 20;
  expect(grown).toBeLessThan(50);
  expect(loss.item()).toBeLessThan(0.1); // it did learn: the batch is memorised
  expect(F.softmax(x.matmul(w1).relu().matmul(w2)).argmax(1).eq(y).float().mean().item()).toBe(1);
});
