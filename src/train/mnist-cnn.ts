import { LeNet } from '../models/lenet.js';
import { SmallCNN } from '../models/small-cnn.js';
import type { Callback, EpochLogs } from './callbacks.js';
import { trainOnEmbeddedMnist } from './mnist-mlp.js';

export interface MnistCnnOptions {
  /** 'lenet' (LeNet-5, the default) or 'small-cnn' (conv–BN–ReLU blocks, global average pooling) */
  model?: 'lenet' | 'small-cnn';
  epochs?: number;
  lr?: number;
  momentum?: number;
  batchSize?: number;
  /** seeds the weights and the batch order (default 0) */
  seed?: number;
  /** folder for model.json, model.safetensors and loss.svg; nothing is written without it */
  out?: string;
  callbacks?: Callback[];
}

export interface MnistCnnResult {
  model: LeNet | SmallCNN;
  history: EpochLogs[];
  test: { loss: number; accuracy: number };
  secondsPerEpoch: number;
  backend: string;
  files: { model: string; weights: string; chart: string } | null;
}

/**
 * Trains LeNet-5 or the small CNN (SGD momentum 0.9, cross-entropy) on the embedded MNIST digits
 * (7,000 train, 1,000 validation, 2,000 test, as trainMnistMlp), and with `out` saves the model
 * and a loss chart. Example: const r = await trainMnistCnn({ model: 'lenet', epochs: 2 }); r.test.accuracy
 */
export async function trainMnistCnn(opts: MnistCnnOptions = {}): Promise<MnistCnnResult> {
  const { model: kind = 'lenet', epochs = 2, momentum = 0.9, batchSize = 64, seed = 0 } = opts;
  const lr = opts.lr ?? (kind === 'lenet' ? 0.05 : 0.02);
  const build = () => (kind === 'lenet' ? new LeNet() : new SmallCNN({ channels: [16, 32, 64], blocksPerStage: 1, dropout: 0.2 }));
  return trainOnEmbeddedMnist<LeNet | SmallCNN>(build, { ...opts, epochs, lr, momentum, batchSize, seed }, {
    title: `MNIST ${kind === 'lenet' ? 'LeNet-5' : 'small CNN'}: loss per epoch`,
    input: (x) => x.reshape([x.shape[0], 1, 28, 28]),
    evalBatch: 500,
  });
}
