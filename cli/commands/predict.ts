import { existsSync, readFileSync } from 'node:fs';
import { parse, report, UsageError, type Command } from '../args.js';
import { loadModel } from '../../src/io/model-file.js';
import type { ModelConfig } from '../../src/models/index.js';
import { rgbaToGray, toMnistInput } from '../../src/train/digit-image.js';
import { predictDigit } from '../../src/train/mnist-mlp.js';
import { decodeImage, type RgbaImage } from '../../src/vision/image.js';

const help = `Usage: perceptio predict <image.png|jpg> [--model <dir>] [--json]

Reads a PNG or JPEG of one handwritten digit, clothing item or doodle (28×28 or larger, any
colours: dark on light is inverted), prepares it the way the model's training images were made
(digits: 20×20 box, centre of mass at the centre of 28×28; Fashion-MNIST: 28×28 box; Quick, Draw!:
26×26 box) and prints the predicted class, named as stored with the model, with the probability
of each class.

Options:
  --model <dir>   folder of a model saved by 'perceptio train' (default ./perceptio-out)
  --json          print one JSON object
  -h, --help      this help
`;

const digitNames = Array.from({ length: 10 }, (_, d) => String(d));

/** The class names and picture preparation of a saved model, or a usage error for a model that does not read 28×28 grey images. */
function imageModelSpec(config: ModelConfig, dir: string): { classes: string[]; box: number; centre: 'mass' | 'box' } {
  const inputs = config.type === 'mlp' ? config.sizes[0] : config.inChannels * 784;
  const imageSize = config.type === 'lenet' ? config.imageSize : 28;
  if (inputs !== 784 || imageSize !== 28)
    throw new UsageError(`${dir} holds a ${config.type} model of ${config.type === 'mlp' ? `${inputs} inputs` : `${config.inChannels}-channel images`}; predict needs a model of 28×28 grayscale images`);
  const classes = (config.type === 'small-cnn' && config.classes) || digitNames;
  const input = (config.type === 'small-cnn' && config.input) || { box: 20, centre: 'mass' as const };
  return { classes, ...input };
}

export const command: Command = {
  summary: 'recognise the digit, clothing item or doodle in a PNG/JPEG image with a trained model',
  help,
  async run(argv) {
    const parsed = parse(argv, { model: { type: 'string', short: 'm' } });
    const { positionals } = parsed;
    const values = parsed.values as { model?: string; json?: boolean };
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one image, got ${positionals.length}` : 'which image? (a PNG or JPEG file)');
    const file = positionals[0];
    if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
    const dir = values.model ?? 'perceptio-out';
    const model = loadModel(dir);
    const { classes, box, centre } = imageModelSpec(model.config, dir);
    const isDigits = classes.join() === digitNames.join();
    let img: RgbaImage;
    try {
      img = decodeImage(readFileSync(file), file);
    } catch (e) {
      throw new UsageError(`${file} is not a readable PNG or JPEG image (${(e as Error).message})`);
    }
    if (img.width < 28 || img.height < 28) throw new UsageError(`${file} is ${img.width}×${img.height}; ${isDigits ? 'digits' : 'images'} must be at least 28×28`);
    const { digit: index, probabilities } = predictDigit(model, toMnistInput(rgbaToGray(img.width, img.height, img.data), { box, centre }));
    const name = classes[index];
    const width = Math.max(...classes.map((c) => c.length));
    const bars = probabilities.map((p, i) => `  ${classes[i].padEnd(width)}  ${(100 * p).toFixed(1).padStart(5)}%  ${'█'.repeat(Math.round(30 * p))}`);
    const result = { image: file, class: name, index, probability: probabilities[index], classes, probabilities, ...(isDigits ? { digit: index } : {}) };
    report(values.json, result, `${isDigits ? `digit ${name}` : name} (${(100 * probabilities[index]).toFixed(1)}%)\n${bars.join('\n')}`);
    return 0;
  },
};
