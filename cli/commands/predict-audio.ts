import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse, report, UsageError, type Command } from '../args.js';
import { digitFeaturesFromFile, predictDigits } from '../../src/audio/spoken-digits.js';
import { loadSpokenDigitModel } from '../../src/audio/train-spoken-digits.js';

const help = `Usage: perceptio predict-audio <file.wav> [--model <dir>] [--json]

Reads a WAV recording of one spoken digit (PCM 8/16/24/32-bit or float, mono or stereo, any
sample rate: resampled to 8 kHz), computes its MFCC frames and prints the digit with its
probability, using a GRU trained on the Free Spoken Digit Dataset (examples/fsdd-gru.ts).

Options:
  --model <dir>   folder with model.json and model.safetensors (default ./perceptio-out/fsdd-gru)
  --json          print one JSON object
  -h, --help      this help
`;

export const command: Command = {
  summary: 'recognise a spoken digit in a WAV file with a trained GRU',
  help,
  async run(argv) {
    const parsed = parse(argv, { model: { type: 'string', short: 'm' } });
    const { positionals } = parsed;
    const values = parsed.values as { model?: string; json?: boolean };
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one WAV file, got ${positionals.length}` : 'which recording? (a WAV file)');
    const file = positionals[0];
    if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
    const dir = values.model ?? join('perceptio-out', 'fsdd-gru');
    if (!existsSync(join(dir, 'model.json'))) throw new UsageError(`no spoken digit model in ${dir} (train one: npx vite-node examples/fsdd-gru.ts)`);
    let features;
    try {
      features = digitFeaturesFromFile(file);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const [probabilities] = predictDigits(loadSpokenDigitModel(dir), [features]);
    const digit = probabilities.indexOf(Math.max(...probabilities));
    const bars = probabilities.map((p, d) => `  ${d}  ${(100 * p).toFixed(1).padStart(5)}%  ${'█'.repeat(Math.round(30 * p))}`);
    report(values.json, { file, digit, probability: probabilities[digit], probabilities }, `digit ${digit} (${(100 * probabilities[digit]).toFixed(1)}%)\n${bars.join('\n')}`);
    return 0;
  },
};
