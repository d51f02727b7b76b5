import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadJsbChorales } from '../../src/music/jsb.js';
import { midiNotes } from '../../src/music/midi.js';
import { cli } from '../helpers/cli.js';

const JSB = join(__dirname, '../../../shared/data/jsb-chorales/jsb-chorales-quarter.json');

test('perceptio train jsb saves a model, and generate-music writes a MIDI file of primer + continuation', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'perceptio-music-cli-'));
  const { train, valid, test: testSet } = loadJsbChorales(JSB);
  const few = (s: typeof train, n: number) => s.slice(0, n).map((c) => c.notes);
  const data = join(dir, 'small.json');
  writeFileSync(data, JSON.stringify({ train: few(train, 16), valid: few(valid, 4), test: few(testSet, 4) }));
  const out = join(dir, 'model');
  const t = await cli('train', 'jsb', '--data', data, '--hidden', '16', '--epochs', '2', '--out', out, '--json');
  expect(t.code, t.err).toBe(0);
  const r = JSON.parse(t.out);
  expect(r.testNll).toBeLessThan(88 * Math.LN2); // better than a coin per key
  for (const f of ['model.json', 'model.safetensors', 'curves.svg']) expect(existsSync(join(out, f)), f).toBe(true);
  const mid = join(dir, 'out.mid');
  const g = await cli('generate-music', '--model', out, '--data', data, '--chorale', '1', '--primer', '4', '--steps', '6', '-o', mid, '--json');
  expect(g.code, g.err).toBe(0);
  const { primer, generated } = JSON.parse(g.out);
  expect(primer).toEqual(testSet[1].notes.slice(0, 4));
  expect(generated).toHaveLength(6);
  // the file holds exactly the sounding pitches of every step (held pitches tied into one note)
  const notes = midiNotes(readFileSync(mid));
  const sounding = Array.from({ length: 10 }, (_, s) => notes.filter((n) => n.step <= s && s < n.step + n.steps).map((n) => n.midi).sort((a, b) => a - b));
  expect(sounding).toEqual([...primer, ...generated]);
  expect((await cli('generate-music', '--model', out, '--data', data)).err).toMatch(/-o out.mid/);
  expect((await cli('generate-music', '--model', out, '--data', data, '--chorale', '9', '-o', mid)).err).toMatch(/--chorale must be below 4/);
});
