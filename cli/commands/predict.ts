import { existsSync, readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { parse, report, UsageError, type Command } from '../args.js';
import { loadModel } from '../../src/io/model-file.js';
import { rgbaToGray, toMnistInput } from '../../src/train/digit-image.js';
import { predictDigit } from '../../src/train/mnist-mlp.js';

const help = `Usage: perceptio predict <image.png> [--model <dir>] [--json]

Reads a PNG of one handwritten digit (28×28 or larger, any colours: dark on light is inverted),
centres and scales it like MNIST (20×20 box, centre of mass at the centre of 28×28) and prints
the predicted digit with the probability of each class.

Options:
  --model <dir>   folder of a model saved by 'perceptio train' (default ./perceptio-out)
  --json          print one JSON object
  -h, --help      this help
`;

export const command: Command = {
  summary: 'recognise the digit in a PNG image with a trained model',
  help,
  async run(argv) {
    const parsed = parse(argv, { model: { type: 'string', short: 'm' } });
    const { positionals } = parsed;
    const values = parsed.values as { model?: string; json?: boolean };
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one image, got ${positionals.length}` : 'which image? (a PNG file)');
    const file = positionals[0];
    if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
    let png: PNG;
    try {
      png = PNG.sync.read(readFileSync(file));
    } catch (e) {
      throw new UsageError(`${file} is not a readable PNG (${(e as Error).message})`);
    }
    if (png.width < 28 || png.height < 28) throw new UsageError(`${file} is ${png.width}×${png.height}; digits must be at least 28×28`);
    const model = loadModel(values.model ?? 'perceptio-out');
    const { digit, probabilities } = predictDigit(model, toMnistInput(rgbaToGray(png.width, png.height, png.data)));
    const bars = probabilities.map((p, d) => `  ${d}  ${(100 * p).toFixed(1).padStart(5)}%  ${'█'.repeat(Math.round(30 * p))}`);
    report(values.json, { image: file, digit, probabilities }, `digit ${digit} (${(100 * probabilities[digit]).toFixed(1)}%)\n${bars.join('\n')}`);
    return 0;
  },
};
