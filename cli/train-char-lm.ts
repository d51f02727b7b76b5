import { existsSync, readFileSync } from 'node:fs';
import { num, parse, report, UsageError } from './args.js';
import { decodeUtf8 } from '../src/text/read.js';
import { saveCharLM, trainCharLM } from '../src/train/char-lm.js';

// `perceptio train char-lm`: argument parsing only; the training is src/train/char-lm.ts.

export const charLmHelp = `       perceptio train char-lm --text <file.txt> [options]
char-lm trains a character-level language model (Embedding → LSTM/GRU → Linear) on any UTF-8
text: the vocabulary is the text's characters, the last 10% is held out for validation, training
reads the rest as parallel streams in truncated-BPTT chunks (state carried across batches), Adam
with cosine decay and gradient clipping. Prints validation bits per character; saves model.json
(config, vocabulary, curves), model.safetensors and curves.svg. Sample with 'perceptio generate'.

char-lm options:
  --text <file>       the training text (UTF-8; required)
  --cell lstm|gru     recurrent cell (default lstm)
  --hidden <n>        hidden units (default 256)
  --layers <n>        stacked recurrent layers (default 1)
  --embedding <n>     character embedding size (default 64)
  --dropout <x>       dropout on recurrent outputs (default 0)
  --seq-len <n>       characters per BPTT chunk (default 100)
  --batch-size <n>    parallel streams (default 32)
  --epochs <n>        passes over the training text (default 10)
  --minutes <x>       stop after this much training time; the schedule ends there (default none)
  --lr <x>            Adam learning rate (default 0.002)
  --eval-every <n>    validate every n steps (default once per epoch)
  --seed <n>, --out <dir> (default ./perceptio-out/char-lm), --json
`;

const int = (v: string | undefined, name: string, fallback: number, min = 1) => {
  const x = num(v, name, fallback);
  if (!(Number.isInteger(x) && x >= min)) throw new UsageError(`--${name} expects an integer ≥ ${min}, got ${x}`);
  return x;
};

export async function trainCharLmCommand(argv: string[]): Promise<number> {
  const o = { type: 'string' } as const;
  const parsed = parse(argv, {
    text: o, cell: o, hidden: o, layers: o, embedding: o, dropout: o, 'seq-len': o, 'batch-size': o, epochs: o,
    minutes: o, lr: o, 'eval-every': o, seed: o, out: { type: 'string', short: 'o' },
  });
  const v = parsed.values as Record<string, string | undefined> & { json?: boolean };
  if (parsed.positionals.length) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
  if (!v.text) throw new UsageError('which text? (--text file.txt)');
  if (!existsSync(v.text)) throw new UsageError(`no such file: ${v.text}`);
  const cell = v.cell ?? 'lstm';
  if (cell !== 'lstm' && cell !== 'gru') throw new UsageError(`--cell expects lstm or gru, got '${cell}'`);
  const minutes = num(v.minutes, 'minutes', Infinity);
  if (!(minutes > 0)) throw new UsageError(`--minutes expects a positive number, got ${minutes}`);
  const lr = num(v.lr, 'lr', 2e-3);
  if (!(lr > 0)) throw new UsageError(`--lr expects a positive number, got ${lr}`);
  const dropout = num(v.dropout, 'dropout', 0);
  if (!(dropout >= 0 && dropout < 1)) throw new UsageError(`--dropout expects a number in [0, 1), got ${dropout}`);
  const text = decodeUtf8(readFileSync(v.text), v.text);
  const out = v.out ?? 'perceptio-out/char-lm';
  const log = v.json ? process.stderr : process.stdout;
  const r = trainCharLM(
    text,
    {
      cell, hidden: int(v.hidden, 'hidden', 256), numLayers: int(v.layers, 'layers', 1), embedding: int(v.embedding, 'embedding', 64), dropout,
      seqLen: int(v['seq-len'], 'seq-len', 100), batchSize: int(v['batch-size'], 'batch-size', 32), epochs: int(v.epochs, 'epochs', 10),
      maxSeconds: minutes * 60, lr, evalEvery: v['eval-every'] === undefined ? undefined : int(v['eval-every'], 'eval-every', 1), seed: num(v.seed, 'seed', 0),
      onEval: (e) => log.write(`step ${e.step} (epoch ${e.epoch}, ${e.seconds.toFixed(0)} s): train ${e.trainBpc.toFixed(3)} bpc, validation ${e.valBpc.toFixed(3)} bpc\n`),
    },
    v.text,
  );
  const cpuSeconds = (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
  const files = saveCharLM(out, r.model, r.vocab, r.history, { source: v.text, seconds: r.seconds, cpuSeconds, steps: r.steps });
  report(
    v.json,
    { task: 'char-lm', config: r.model.config, vocabulary: r.vocab.size, trainChars: r.trainChars, valChars: r.valChars, valBpc: r.valBpc, steps: r.steps, seconds: r.seconds, cpuSeconds, backend: r.backend, history: r.history, files },
    [
      `validation ${r.valBpc.toFixed(3)} bits per character (${r.valChars} held-out characters, vocabulary ${r.vocab.size})`,
      `${r.steps} steps in ${r.seconds.toFixed(0)} s (${cpuSeconds.toFixed(0)} s CPU) on the ${r.backend} backend`,
      `model: ${files.model} (weights ${files.weights})`,
      `chart: ${files.chart}`,
    ].join('\n'),
  );
  return 0;
}
