// A piano roll is a [T, 88] grid of 0/1: step t holds the keys sounding at that step, key k being
// MIDI note 21 + k (A0 … C8, the 88 piano keys).

/** MIDI note of the lowest piano key, A0. */
export const LOWEST_KEY = 21;
export const KEYS = 88;

/**
 * Steps of MIDI note lists → a [T, 88] piano roll (row-major Float32Array). A note outside the
 * piano's range (21–108) or not an integer is an error naming the step.
 * Example: pianoRoll([[60, 64, 67], []]) // C major, then silence
 */
export function pianoRoll(steps: readonly (readonly number[])[], source = 'piano roll'): Float32Array {
  const roll = new Float32Array(steps.length * KEYS);
  steps.forEach((notes, t) => {
    for (const n of notes) {
      const k = Number(n) - LOWEST_KEY;
      if (!Number.isInteger(k) || k < 0 || k >= KEYS)
        throw new Error(`${source}: step ${t} has note ${JSON.stringify(n)}; expected MIDI notes ${LOWEST_KEY}–${LOWEST_KEY + KEYS - 1} (the 88 piano keys)`);
      roll[t * KEYS + k] = 1;
    }
  });
  return roll;
}

/** The inverse: a [T, 88] roll (any value > 0.5 counts as on) → sorted MIDI note lists. */
export function rollToNotes(roll: ArrayLike<number>): number[][] {
  if (roll.length % KEYS !== 0) throw new Error(`rollToNotes: length ${roll.length} is not a multiple of ${KEYS} keys`);
  const steps: number[][] = [];
  for (let t = 0; t * KEYS < roll.length; t++) {
    const notes: number[] = [];
    for (let k = 0; k < KEYS; k++) if (roll[t * KEYS + k] > 0.5) notes.push(LOWEST_KEY + k);
    steps.push(notes);
  }
  return steps;
}
