import { readFileSync } from 'node:fs';
import { pianoRoll } from './piano-roll.js';

/** One chorale: its steps as MIDI note lists, and as a [T, 88] piano roll. */
export interface Chorale {
  notes: number[][];
  roll: Float32Array;
  steps: number;
}

export interface JsbChorales {
  train: Chorale[];
  valid: Chorale[];
  test: Chorale[];
}

/**
 * Reads the JSB Chorales JSON of Boulanger-Lewandowski et al. (2012) ({ train, valid, test }, each a
 * list of chorales, a chorale a list of steps, a step a list of MIDI notes), as in
 * ../shared/data/jsb-chorales/jsb-chorales-quarter.json: the standard 229/76/77 split.
 * Example: const { train } = loadJsbChorales('../shared/data/jsb-chorales/jsb-chorales-quarter.json');
 */
export function loadJsbChorales(path: string): JsbChorales {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: cannot read JSB chorales (${(e as Error).message})`);
  }
  const split = (name: 'train' | 'valid' | 'test'): Chorale[] => {
    const list = json[name];
    if (!Array.isArray(list)) throw new Error(`${path}: expected a "${name}" list of chorales`);
    return list.map((c, i) => {
      if (!Array.isArray(c) || c.length === 0 || !c.every(Array.isArray))
        throw new Error(`${path}: ${name}[${i}] is not a non-empty list of steps (lists of MIDI notes)`);
      // a set per step: the finer-grid files repeat a pitch two voices share
      const notes = (c as unknown[][]).map((s) => [...new Set(s.map(Number))].sort((a, b) => a - b));
      return { notes, roll: pianoRoll(notes, `${path}: ${name}[${i}]`), steps: notes.length };
    });
  };
  return { train: split('train'), valid: split('valid'), test: split('test') };
}
