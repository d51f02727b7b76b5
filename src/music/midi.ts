import * as tonejs from '@tonejs/midi';

// Node loads the package's CommonJS build (one default export), bundlers its ES module (named exports)
const { Midi } = ('Midi' in tonejs ? tonejs : (tonejs as unknown as { default: typeof tonejs }).default) as typeof tonejs;

export interface MidiOptions {
  /** quarter notes per minute (default 80, a chorale's pace) */
  bpm?: number;
  /** ticks per step (default 480, one quarter note at the file's 480 ticks per quarter) */
  stepTicks?: number;
  /** 0–1 (default 0.7) */
  velocity?: number;
  /** instrument name stored with the track (default 'acoustic grand piano') */
  name?: string;
}

/**
 * Steps of MIDI notes (one step per quarter note) → a standard MIDI file (format 1, one track).
 * A pitch sounding on consecutive steps becomes one held note, since the grid does not tell a held
 * note from a repeated one and chorale voices mostly hold.
 * Example: writeFileSync('out.mid', notesToMidi([[60, 64, 67], [60, 65, 69]]));
 */
export function notesToMidi(steps: readonly (readonly number[])[], { bpm = 80, stepTicks = 480, velocity = 0.7, name = 'chorale' }: MidiOptions = {}): Uint8Array {
  const midi = new Midi();
  midi.header.setTempo(bpm);
  midi.header.name = name;
  const track = midi.addTrack();
  track.name = name;
  const started = new Map<number, number>(); // pitch → step it began
  const close = (pitch: number, t: number) => {
    const t0 = started.get(pitch)!;
    track.addNote({ midi: pitch, ticks: t0 * stepTicks, durationTicks: (t - t0) * stepTicks, velocity });
    started.delete(pitch);
  };
  steps.forEach((notes, t) => {
    for (const n of notes)
      if (!(Number.isInteger(n) && n >= 0 && n <= 127)) throw new Error(`notesToMidi: step ${t} has note ${n}; MIDI notes are integers 0–127`);
    const now = new Set(notes);
    for (const p of [...started.keys()]) if (!now.has(p)) close(p, t);
    for (const p of now) if (!started.has(p)) started.set(p, t);
  });
  for (const p of [...started.keys()]) close(p, steps.length);
  return midi.toArray();
}

/** The notes of a MIDI file as { midi, step, steps } on a grid of stepTicks (for checks and tests). */
export function midiNotes(bytes: Uint8Array, stepTicks = 480): { midi: number; step: number; steps: number }[] {
  const midi = new Midi(bytes);
  return midi.tracks
    .flatMap((t) => t.notes)
    .map((n) => ({ midi: n.midi, step: n.ticks / stepTicks, steps: n.durationTicks / stepTicks }))
    .sort((a, b) => a.step - b.step || a.midi - b.midi);
}
