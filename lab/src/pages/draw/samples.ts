// Shipped training samples (lab/public/models/<name>/samples.u8, written by
// scripts/lab-samples.ts): records of one label byte then 784 pixel bytes, ink high.
import type { Example } from './finetune.js';

/** Parses samples.u8 bytes; a length that is not a whole number of records is an error. */
export function parseSamples(bytes: Uint8Array, classes: number): Example[] {
  if (bytes.length % 785 !== 0) throw new Error(`samples: ${bytes.length} bytes is not a whole number of 785-byte records`);
  const out: Example[] = [];
  for (let at = 0; at < bytes.length; at += 785) {
    const label = bytes[at];
    if (label >= classes) throw new Error(`samples: record ${at / 785} has label ${label}, the model has ${classes} classes`);
    out.push({ label, pixels: Float32Array.from(bytes.subarray(at + 1, at + 785), (v) => v / 255) });
  }
  return out;
}

/** The inverse of parseSamples (pixels rounded to bytes). */
export function encodeSamples(examples: Example[]): Uint8Array {
  const out = new Uint8Array(examples.length * 785);
  examples.forEach((e, i) => {
    out[i * 785] = e.label;
    for (let k = 0; k < 784; k++) out[i * 785 + 1 + k] = Math.round(255 * Math.min(1, Math.max(0, e.pixels[k])));
  });
  return out;
}
