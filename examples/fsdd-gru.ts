// Spoken digit recognition on the Free Spoken Digit Dataset: MFCC → GRU(64) → 10 classes, official
// split (test = repetitions 0–4 of each speaker and digit). Target ≥ 95% test accuracy. Not a unit test.
// Run: npx vite-node examples/fsdd-gru.ts [epochs] [recordings dir]   (default 15, ../shared/data/fsdd/recordings)
import { saveSpokenDigitModel, trainSpokenDigits } from '../src/audio/train-spoken-digits.js';

const epochs = Number(process.argv[2] ?? 15);
const dir = process.argv[3] ?? new URL('../../shared/data/fsdd/recordings', import.meta.url).pathname;
const out = 'perceptio-out/fsdd-gru';
const { model, testAccuracy, trainSize, testSize, seconds } = await trainSpokenDigits(dir, {
  epochs,
  onEpoch: (e) => console.log(`epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, test accuracy ${(100 * e.testAccuracy).toFixed(1)}% (${e.seconds.toFixed(0)} s)`),
});
saveSpokenDigitModel(out, model);
console.log(`${model}\ntrain ${trainSize}, test ${testSize}: test accuracy ${(100 * testAccuracy).toFixed(1)}% in ${seconds.toFixed(0)} s; saved to ${out}`);
