import { describe, expect, test } from 'vitest';
import { manualSeed, randn } from '../../src/index.js';
import { BatchNorm2d, Conv2d, MaxPool2d, ReLU } from '../../src/nn/index.js';
import { buildModel, SmallCNN } from '../../src/models/index.js';

describe('SmallCNN: pooling before BatchNorm, class names', () => {
  test('normAfterPool pools each stage\'s last conv output before its BN and ReLU', () => {
    const net = new SmallCNN({ channels: [4, 8, 16], blocksPerStage: 1, normAfterPool: true });
    expect(net.features.map((m) => m.constructor)).toEqual([
      Conv2d, MaxPool2d, BatchNorm2d, ReLU, Conv2d, MaxPool2d, BatchNorm2d, ReLU, Conv2d, BatchNorm2d, ReLU,
    ]);
    const two = new SmallCNN({ channels: [4, 8], blocksPerStage: 2, normAfterPool: true });
    expect(two.features.map((m) => m.constructor)).toEqual([
      Conv2d, BatchNorm2d, ReLU, Conv2d, MaxPool2d, BatchNorm2d, ReLU, Conv2d, BatchNorm2d, ReLU, Conv2d, BatchNorm2d, ReLU,
    ]);
  });

  test('with a positive BN scale the reordered model computes the same function (eval mode)', () => {
    manualSeed(3);
    const a = new SmallCNN({ channels: [4, 8, 16], blocksPerStage: 1 });
    const b = new SmallCNN({ channels: [4, 8, 16], blocksPerStage: 1, normAfterPool: true });
    // running means chosen so the BNs shift, γ = 1 > 0 keeps each BN increasing; b gets a's tensors in order
    const sa = Object.entries(a.stateDict()).map(([k, t]) => (/running_?mean/i.test(k) ? randn(t.shape).mul(0.2) : t));
    expect(sa.some((t, i) => t !== Object.values(a.stateDict())[i])).toBe(true);
    a.loadStateDict(Object.fromEntries(Object.keys(a.stateDict()).map((k, i) => [k, sa[i]])));
    b.loadStateDict(Object.fromEntries(Object.keys(b.stateDict()).map((k, i) => [k, sa[i]])));
    a.eval();
    b.eval();
    const x = randn([3, 1, 28, 28]);
    expect(b.forward(x)).toBeAllClose(a.forward(x), { rtol: 1e-5, atol: 1e-5 });
  });

  test('class names and input preparation are part of the config and survive a rebuild', () => {
    const config = { channels: [4, 8], blocksPerStage: 1, numClasses: 3, classes: ['cat', 'dog', 'fish'], input: { box: 26, centre: 'box' as const }, normAfterPool: true };
    const net = new SmallCNN(config);
    const again = buildModel(JSON.parse(JSON.stringify(net.config)));
    expect(again.config).toEqual(net.config);
    expect((again as SmallCNN).features.length).toBe(net.features.length);
    expect(() => new SmallCNN({ ...config, classes: ['cat', 'dog'] })).toThrow('SmallCNN: 2 class names for 3 classes');
  });
});
