import { expect, test } from 'vitest';
import { midiNotes, notesToMidi } from '../../src/music/midi.js';
import { KEYS, pianoRoll, rollToNotes } from '../../src/music/piano-roll.js';

test('a piano roll marks key note − 21 at each step and converts back', () => {
  const steps = [[21, 60, 108], [], [64]];
  const roll = pianoRoll(steps);
  expect(roll.length).toBe(3 * KEYS);
  expect([roll[0], roll[39], roll[87], roll[KEYS + 39], roll[2 * KEYS + 43]]).toEqual([1, 1, 1, 0, 1]);
  expect(roll.reduce((a, b) => a + b, 0)).toBe(4);
  expect(rollToNotes(roll)).toEqual(steps);
  expect(() => pianoRoll([[60], [20]], 'c.json')).toThrow(/c.json: step 1 has note 20; expected MIDI notes 21–108/);
  expect(() => pianoRoll([[60.5]])).toThrow(/step 0 has note 60.5/);
});

test('the written MIDI file parses back with the expected notes: held pitches tie, repeated after a rest restart', () => {
  // C major → held C with F and A → rest → C again
  const steps = [[60, 64, 67], [60, 65, 69], [], [60]];
  const bytes = notesToMidi(steps, { bpm: 90 });
  expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('MThd'); // a standard MIDI file
  expect(midiNotes(bytes)).toEqual([
    { midi: 60, step: 0, steps: 2 },
    { midi: 64, step: 0, steps: 1 },
    { midi: 67, step: 0, steps: 1 },
    { midi: 65, step: 1, steps: 1 },
    { midi: 69, step: 1, steps: 1 },
    { midi: 60, step: 3, steps: 1 },
  ]);
  expect(() => notesToMidi([[128]])).toThrow(/step 0 has note 128; MIDI notes are integers 0–127/);
});
