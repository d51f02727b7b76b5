import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { num, parse, report, UsageError, type Command } from '../args.js';
import { loadJsbChorales } from '../../src/music/jsb.js';
import { notesToMidi } from '../../src/music/midi.js';
import { continueChorale, loadMusicModel } from '../../src/music/train-jsb.js';

const DEFAULT_DATA = join('..', 'shared', 'data', 'jsb-chorales', 'jsb-chorales-quarter.json');

const help = `Usage: perceptio generate-music --model <dir> -o <out.mid> [options]

Continues a chorale with a model trained by 'perceptio train jsb': the first steps of a test
chorale are the primer, then each quarter-note step is sampled key by key from the model's
sigmoid probabilities and fed back in. Writes primer + continuation as a standard MIDI file
(one track; a pitch held over consecutive steps is one note).

Options:
  --model <dir>       folder with model.json and model.safetensors (default ./perceptio-out/jsb)
  -o, --out <file>    the MIDI file to write (required)
  --data <file>       JSB Chorales JSON for the primer (default ${DEFAULT_DATA})
  --chorale <i>       test chorale to take the primer from (default 0)
  --primer <n>        primer steps (default 8)
  --steps <n>         steps to generate (default 32)
  --temperature <x>   > 0; below 1 fewer surprises (default 1)
  --bpm <n>           tempo in quarter notes per minute (default 80)
  --seed <n>          seeds the sampling (default 0)
  --json              print one JSON object
  -h, --help          this help
`;

export const command: Command = {
  summary: 'continue a Bach chorale with a trained music RNN and write a MIDI file',
  help,
  async run(argv) {
    const o = { type: 'string' } as const;
    const parsed = parse(argv, { model: { type: 'string', short: 'm' }, out: { type: 'string', short: 'o' }, data: o, chorale: o, primer: o, steps: o, temperature: o, bpm: o, seed: o });
    const v = parsed.values as Record<string, string | undefined> & { json?: boolean };
    if (parsed.positionals.length) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
    if (!v.out) throw new UsageError('where to? (-o out.mid)');
    const dir = v.model ?? join('perceptio-out', 'jsb');
    if (!existsSync(join(dir, 'model.json'))) throw new UsageError(`no music model in ${dir} (train one: perceptio train jsb)`);
    const data = v.data ?? DEFAULT_DATA;
    if (!existsSync(data)) throw new UsageError(`no such file: ${data} (give the JSB Chorales JSON with --data)`);
    const int = (s: string | undefined, name: string, d: number, min: number) => {
      const x = num(s, name, d);
      if (!(Number.isInteger(x) && x >= min)) throw new UsageError(`--${name} expects an integer ≥ ${min}, got ${x}`);
      return x;
    };
    const { test } = loadJsbChorales(data);
    const index = int(v.chorale, 'chorale', 0, 0);
    if (index >= test.length) throw new UsageError(`--chorale must be below ${test.length} (test chorales), got ${index}`);
    const primer = test[index].notes.slice(0, int(v.primer, 'primer', 8, 1));
    const temperature = num(v.temperature, 'temperature', 1);
    if (!(temperature > 0)) throw new UsageError(`--temperature expects a number > 0, got ${temperature}`);
    const steps = continueChorale(loadMusicModel(dir), primer, { steps: int(v.steps, 'steps', 32, 0), temperature, seed: num(v.seed, 'seed', 0) });
    const bytes = notesToMidi([...primer, ...steps], { bpm: int(v.bpm, 'bpm', 80, 1) });
    writeFileSync(v.out, bytes);
    report(
      v.json,
      { file: v.out, chorale: index, primer, generated: steps, bytes: bytes.length },
      `${v.out}: ${primer.length} primer steps of test chorale ${index} + ${steps.length} generated (${bytes.length} bytes)\n` +
        steps.map((s, i) => `  ${String(primer.length + i).padStart(3)}  ${s.join(' ') || '(rest)'}`).join('\n'),
    );
    return 0;
  },
};
