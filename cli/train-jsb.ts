import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { num, parse, report, UsageError } from './args.js';
import { saveMusicModel, trainJsb } from '../src/music/train-jsb.js';

// `perceptio train jsb`: argument parsing only; the training is src/music/train-jsb.ts.

const DEFAULT_DATA = join('..', 'shared', 'data', 'jsb-chorales', 'jsb-chorales-quarter.json');

export const jsbHelp = `       perceptio train jsb [--data <file.json>] [options]
jsb trains a recurrent next-step model of JSB Chorales piano rolls (quarter-note grid, 88 keys,
a sigmoid per key; the standard 229/76/77 split), keeps the epoch with the best validation NLL
and prints the test negative log-likelihood per time step (nats, summed over the 88 keys). Saves
model.json, model.safetensors and curves.svg. Continue a chorale with 'perceptio generate-music'.

jsb options:
  --data <file>       JSB Chorales JSON (default ${DEFAULT_DATA})
  --cell gru|lstm|rnn recurrent cell (default gru)
  --hidden <n>        hidden units (default 128)
  --dropout <x>       dropout before the key logits (default 0.3)
  --epochs <n>        at most this many passes (default 100); --patience <n> epochs without a
                      better validation NLL end training early (default 10)
  --lr <x>            Adam learning rate (default 0.003); --batch-size <n> chorales (default 8)
  --seed <n>, --out <dir> (default ./perceptio-out/jsb), --json
`;

const int = (v: string | undefined, name: string, fallback: number, min = 1) => {
  const x = num(v, name, fallback);
  if (!(Number.isInteger(x) && x >= min)) throw new UsageError(`--${name} expects an integer ≥ ${min}, got ${x}`);
  return x;
};

export async function trainJsbCommand(argv: string[]): Promise<number> {
  const o = { type: 'string' } as const;
  const parsed = parse(argv, { data: o, cell: o, hidden: o, dropout: o, epochs: o, patience: o, lr: o, 'batch-size': o, seed: o, out: { type: 'string', short: 'o' } });
  const v = parsed.values as Record<string, string | undefined> & { json?: boolean };
  if (parsed.positionals.length) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
  const data = v.data ?? DEFAULT_DATA;
  if (!existsSync(data)) throw new UsageError(`no such file: ${data} (give the JSB Chorales JSON with --data)`);
  const cell = v.cell ?? 'gru';
  if (cell !== 'gru' && cell !== 'lstm' && cell !== 'rnn') throw new UsageError(`--cell expects gru, lstm or rnn, got '${cell}'`);
  const dropout = num(v.dropout, 'dropout', 0.3);
  if (!(dropout >= 0 && dropout < 1)) throw new UsageError(`--dropout expects a number in [0, 1), got ${dropout}`);
  const lr = num(v.lr, 'lr', 3e-3);
  if (!(lr > 0)) throw new UsageError(`--lr expects a positive number, got ${lr}`);
  const log = v.json ? process.stderr : process.stdout;
  const r = trainJsb(data, {
    cell, hidden: int(v.hidden, 'hidden', 128), dropout, lr, epochs: int(v.epochs, 'epochs', 100), patience: int(v.patience, 'patience', 10),
    batchSize: int(v['batch-size'], 'batch-size', 8), seed: num(v.seed, 'seed', 0),
    onEpoch: (e) => log.write(`epoch ${e.epoch} (${e.seconds.toFixed(0)} s): train ${e.trainNll.toFixed(3)}, validation ${e.validNll.toFixed(3)} nats per step\n`),
  });
  const out = v.out ?? join('perceptio-out', 'jsb');
  const files = saveMusicModel(out, r.model, r.history, { data, testNll: r.testNll, testNllAfterFirst: r.testNllAfterFirst, validNll: r.validNll, bestEpoch: r.bestEpoch, seconds: r.seconds });
  report(
    v.json,
    { task: 'jsb', config: r.model.config, testNll: r.testNll, testNllAfterFirst: r.testNllAfterFirst, validNll: r.validNll, bestEpoch: r.bestEpoch, seconds: r.seconds, history: r.history, files },
    [
      `test NLL ${r.testNll.toFixed(3)} nats per time step (summed over 88 keys; ${r.sizes.test} chorales), validation ${r.validNll.toFixed(3)} at epoch ${r.bestEpoch}`,
      `test NLL ${r.testNllAfterFirst.toFixed(3)} without each chorale's first step (predicted from silence)`,
      `${r.history.length} epochs in ${r.seconds.toFixed(0)} s`,
      `model: ${files.model} (weights ${files.weights})`,
      `chart: ${files.chart}`,
    ].join('\n'),
  );
  return 0;
}
