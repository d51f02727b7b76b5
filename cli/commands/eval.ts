import { parse, report, UsageError, type Command } from '../args.js';
import { loadModel } from '../../src/io/model-file.js';
import { evaluateMnist } from '../../src/train/mnist-mlp.js';

const help = `Usage: perceptio eval [--model <dir>] [--json]

Evaluates a model saved by 'perceptio train mnist-mlp' on the 2,000 embedded test digits and
prints accuracy, loss and the confusion matrix (rows: true digit, columns: predicted).

Options:
  --model <dir>   folder (or .json / .safetensors file) of the model (default ./perceptio-out)
  --json          print one JSON object
  -h, --help      this help
`;

export const command: Command = {
  summary: 'evaluate a saved MNIST model on the embedded test digits',
  help,
  async run(argv) {
    const parsed = parse(argv, { model: { type: 'string', short: 'm' } });
    const { positionals } = parsed;
    const values = parsed.values as { model?: string; json?: boolean };
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const path = values.model ?? 'perceptio-out';
    const model = loadModel(path);
    const r = evaluateMnist(model);
    const table = ['     ' + [...Array(10).keys()].map((d) => String(d).padStart(5)).join(''),
      ...r.confusion.map((row, t) => `${String(t).padStart(3)}  ${row.map((c) => String(c).padStart(5)).join('')}`)];
    report(values.json, { model: path, n: r.n, accuracy: r.accuracy, loss: r.loss, confusionMatrix: r.confusion },
      `accuracy ${(100 * r.accuracy).toFixed(2)}% on ${r.n} test digits, loss ${r.loss.toFixed(4)}\n\n${table.join('\n')}`);
    return 0;
  },
};
