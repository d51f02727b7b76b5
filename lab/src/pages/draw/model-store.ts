// Models, their shipped samples and the last drawing, kept across page visits: "Inside the CNN"
// explains the model (fine-tuned or not) and the drawing that the draw page left behind.
import type { BuiltModel } from 'perceptio/models';
import type { Point } from '../../canvas/sketch-pad.js';
import type { ModelEntry } from './catalog.js';
import type { Example } from './finetune.js';
import { fetchModel } from './load-model.js';
import { parseSamples } from './samples.js';

export interface Loaded {
  model: BuiltModel;
  /** true once the user fine-tuned it in this visit */
  tuned: boolean;
}

const models = new Map<string, Promise<Loaded>>();
const samples = new Map<string, Promise<Example[]>>();
const base = (e: ModelEntry) => `./models/${e.dir}`;

/** The entry's model, fetched once; a failed fetch is forgotten so the next call retries. */
export function loadModel(e: ModelEntry): Promise<Loaded> {
  let p = models.get(e.id);
  if (!p) {
    p = fetchModel(base(e)).then(({ model }) => {
      // a model that names its classes must name the page's, in the page's order
      const named = (model.config as { classes?: unknown }).classes;
      if (Array.isArray(named) && named.join() !== e.classes.join())
        throw new Error(`${base(e)}: the model's classes [${named.join(', ')}] are not the page's [${e.classes.join(', ')}]`);
      return { model, tuned: false };
    });
    p.catch(() => models.delete(e.id));
    models.set(e.id, p);
  }
  return p;
}

/** Drops a fine-tuned model so the next loadModel fetches the shipped weights again. */
export function forgetModel(e: ModelEntry): void {
  models.delete(e.id);
}

/** The entry's shipped samples of every class (replayed while fine-tuning). */
export function loadSamples(e: ModelEntry): Promise<Example[]> {
  let p = samples.get(e.id);
  if (!p) {
    p = fetch(`${base(e)}/samples.u8`).then(async (r) => {
      if (!r.ok) throw new Error(`${base(e)}/samples.u8: HTTP ${r.status}`);
      return parseSamples(new Uint8Array(await r.arrayBuffer()), e.classes.length);
    });
    p.catch(() => samples.delete(e.id));
    samples.set(e.id, p);
  }
  return p;
}

/** The drawing last made on the draw page and which model it was for. */
export const lastDrawing: { model: ModelEntry['id']; strokes: Point[][] } = { model: 'digits', strokes: [] };
