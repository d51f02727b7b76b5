import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { num, parse, report, UsageError, type Command } from '../args.js';
import { sample } from '../../src/models/char-lm.js';
import { loadCharLM } from '../../src/train/char-lm.js';

const help = `Usage: perceptio generate --model <dir> [--prompt <text>] [options]

Continues a prompt with a character-level language model trained by 'perceptio train char-lm':
each next character is drawn from softmax(logits / temperature) with a seeded generator, so the
same seed gives the same text. Prints the prompt followed by the generated characters.

Every character of the prompt must be in the model's vocabulary (the characters of its training
text); an unknown one is an error that names it.

Options:
  --model <dir>       folder with model.json and model.safetensors (default ./perceptio-out/char-lm)
  --prompt <text>     text to continue (default: a newline)
  --length <n>        characters to generate (default 500)
  --temperature <x>   < 1 safer, > 1 more surprising; 0 always takes the likeliest (default 0.8)
  --seed <n>          seeds the sampling (default 0)
  --json              print one JSON object
  -h, --help          this help
`;

export const command: Command = {
  summary: 'generate text with a character-level language model (train char-lm)',
  help,
  async run(argv) {
    const parsed = parse(argv, {
      model: { type: 'string', short: 'm' },
      prompt: { type: 'string', short: 'p' },
      length: { type: 'string', short: 'n' },
      temperature: { type: 'string', short: 't' },
      seed: { type: 'string' },
    });
    const v = parsed.values as { model?: string; prompt?: string; length?: string; temperature?: string; seed?: string; json?: boolean };
    if (parsed.positionals.length) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
    const dir = v.model ?? join('perceptio-out', 'char-lm');
    if (!existsSync(join(dir, 'model.json'))) throw new UsageError(`no character model in ${dir} (train one: perceptio train char-lm --text file.txt)`);
    const length = num(v.length, 'length', 500);
    if (!(Number.isInteger(length) && length >= 0)) throw new UsageError(`--length expects a non-negative integer, got ${length}`);
    const temperature = num(v.temperature, 'temperature', 0.8);
    if (!(temperature >= 0)) throw new UsageError(`--temperature expects a number ≥ 0, got ${temperature}`);
    const seed = num(v.seed, 'seed', 0);
    const { model, vocab } = loadCharLM(dir);
    const prompt = v.prompt ?? '\n';
    let text: string;
    try {
      text = sample(model, vocab, { prompt, length, temperature, seed });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    report(v.json, { prompt, text, temperature, seed, length }, prompt + text);
    return 0;
  },
};
