import { ReLU } from '../nn/activation.js';
import { BatchNorm2d } from '../nn/batch-norm-2d.js';
import { Conv2d } from '../nn/conv.js';
import { Dropout } from '../nn/dropout.js';
import { Linear } from '../nn/linear.js';
import { chain, Module } from '../nn/module.js';
import { GlobalAvgPool2d, MaxPool2d } from '../nn/pool.js';
import type { Tensor } from '../tensor/tensor.js';
import { asImages } from './images.js';

/** A JSON-able description of a SmallCNN. */
export interface SmallCNNConfig {
  type: 'small-cnn';
  inChannels: number;
  numClasses: number;
  /** output channels of each stage; stages after the first start with a 2×2 max pool */
  channels: number[];
  /** conv–BN–ReLU blocks per stage */
  blocksPerStage: number;
  /** dropout before the classifier */
  dropout: number;
  /**
   * pool each stage's last conv output before its BatchNorm and ReLU (default false: pool at the
   * start of the next stage). Max pooling commutes with ReLU and with a BN of positive scale, so
   * the model is nearly the same, while normalising a quarter of the values makes a step about
   * twice as fast on the CPU, where BatchNorm's passes over the 28×28 maps dominate.
   */
  normAfterPool?: boolean;
  /** class names in label order, saved with the model so that predictions can be named */
  classes?: string[];
  /** how a picture is prepared for this model (see train/image-input.ts); digits as MNIST when absent */
  input?: ImageInputSpec;
}

/**
 * A picture's preparation: its ink (or object) bounding box scaled to fit a `box`×`box` square,
 * then placed in the 28×28 field by its centre of `mass` (MNIST digits) or of its `box`.
 */
export interface ImageInputSpec {
  box: number;
  centre: 'mass' | 'box';
}

/**
 * A small modern CNN: stages of 3×3 conv (no bias) → BatchNorm2d → ReLU blocks, a 2×2 max pool
 * between stages, global average pooling, dropout and one Linear. Any input size works, since
 * global pooling leaves one number per channel.
 * Example: const net = new SmallCNN({ channels: [32, 64, 128] }); net.forward(randn([8, 1, 28, 28])) // [8, 10]
 */
export class SmallCNN extends Module {
  readonly config: SmallCNNConfig;
  readonly features: Module[] = [];
  readonly pool = new GlobalAvgPool2d();
  readonly dropout: Dropout;
  readonly classifier: Linear;

  constructor(config: Partial<SmallCNNConfig> = {}) {
    super();
    const c: SmallCNNConfig = { type: 'small-cnn', inChannels: 1, numClasses: 10, channels: [32, 64, 128], blocksPerStage: 2, dropout: 0.3, ...config };
    c.channels = [...c.channels];
    if (c.type !== 'small-cnn') throw new Error(`SmallCNN: config type must be 'small-cnn', got '${c.type}'`);
    if (c.channels.length === 0 || c.channels.some((v) => !(Number.isInteger(v) && v > 0)))
      throw new Error(`SmallCNN: channels must list positive integers, got [${c.channels.join(', ')}]`);
    if (!(Number.isInteger(c.blocksPerStage) && c.blocksPerStage >= 1)) throw new Error(`SmallCNN: blocksPerStage must be ≥ 1, got ${c.blocksPerStage}`);
    if (!(c.dropout >= 0 && c.dropout < 1)) throw new Error(`SmallCNN: dropout must be in [0, 1), got ${c.dropout}`);
    if (c.classes && c.classes.length !== c.numClasses)
      throw new Error(`SmallCNN: ${c.classes.length} class names for ${c.numClasses} classes`);
    this.config = c;
    let inC = c.inChannels;
    c.channels.forEach((outC, stage) => {
      if (stage > 0 && !c.normAfterPool) this.features.push(new MaxPool2d(2));
      for (let b = 0; b < c.blocksPerStage; b++) {
        // no conv bias: the batch norm's β that follows would cancel it
        this.features.push(new Conv2d(inC, outC, 3, { padding: 1, bias: false }));
        if (c.normAfterPool && b === c.blocksPerStage - 1 && stage < c.channels.length - 1) this.features.push(new MaxPool2d(2));
        this.features.push(new BatchNorm2d(outC), new ReLU());
        inC = outC;
      }
    });
    this.dropout = new Dropout(c.dropout);
    this.classifier = new Linear(inC, c.numClasses);
  }

  /** Logits [N, numClasses] of images [N, C, H, W], or of flat rows of square images [N, C·H·W]. */
  forward(x: Tensor): Tensor {
    return chain(asImages(x, this.config.inChannels), [...this.features, this.pool, this.dropout, this.classifier]);
  }
}
