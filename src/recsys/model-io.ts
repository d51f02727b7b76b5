import { GradientBoostingRanker } from '../boost/index.js';
import { ImplicitAls } from './als.js';
import { BaselineBiases, GlobalMean, Popularity } from './baselines.js';
import { Ease } from './ease.js';
import { HybridRecommender } from './hybrid.js';
import { IdMap } from './ids.js';
import { Interactions } from './interactions.js';
import { ItemKnn, UserKnn } from './knn.js';
import type { Recommender } from './recommender.js';
import { BiasedSvd } from './svd.js';

/** Model constructors by name, as written in saved files and on the command line. */
export const modelFactories = {
  'global-mean': () => new GlobalMean(),
  baseline: (o: object = {}) => new BaselineBiases(o),
  popularity: () => new Popularity(),
  svd: (o: object = {}) => new BiasedSvd(o),
  itemknn: (o: object = {}) => new ItemKnn(o),
  userknn: (o: object = {}) => new UserKnn(o),
  als: (o: object = {}) => new ImplicitAls(o),
  ease: (o: object = {}) => new Ease(o),
  hybrid: (o: object = {}) => new HybridRecommender(o),
} satisfies Record<string, (o?: object) => Recommender>;

export type ModelName = keyof typeof modelFactories;

/** A saved model: its fitted state, the training data it excludes and explains from, and titles. */
export interface SavedModel {
  format: 'perceptio-recsys';
  version: 1;
  model: ModelName;
  options: unknown;
  state: unknown;
  users: string[];
  items: string[];
  train: unknown;
  titles?: string[];
}

type Typed = Float64Array | Float32Array | Int32Array;
const typedKinds = { Float64Array, Float32Array, Int32Array } as const;

function encode(x: unknown, train: Interactions): unknown {
  if (x instanceof Interactions) return x === train ? { $train: 1 } : { $skip: 1 };
  if (x instanceof Float64Array || x instanceof Float32Array || x instanceof Int32Array)
    return { $typed: x.constructor.name, b64: Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('base64') };
  if (x instanceof GradientBoostingRanker) return { $ranker: x.booster ? x.toJSON() : null };
  if (x instanceof Map || x instanceof Set) return { $skip: 1 };
  if (Array.isArray(x)) return x.map((v) => encode(v, train));
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (k !== 'options') out[k] = encode(v, train);
    return out;
  }
  return typeof x === 'number' && !Number.isFinite(x) ? { $number: String(x) } : x;
}

function decode(x: unknown, train: Interactions): unknown {
  if (Array.isArray(x)) return x.map((v) => decode(v, train));
  if (!x || typeof x !== 'object') return x;
  const o = x as Record<string, any>;
  if (o.$train) return train;
  if (o.$number) return Number(o.$number);
  if (o.$typed) {
    const buf = Buffer.from(o.b64, 'base64');
    const Kind = typedKinds[o.$typed as keyof typeof typedKinds];
    const bytes = new Uint8Array(buf.byteLength);
    bytes.set(buf); // copy to an aligned buffer
    return new Kind(bytes.buffer, 0, buf.byteLength / Kind.BYTES_PER_ELEMENT) as Typed;
  }
  if ('$ranker' in o) return o.$ranker ? GradientBoostingRanker.fromJSON(o.$ranker) : undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!(v && typeof v === 'object' && '$skip' in v)) out[k] = decode(v, train);
  return out;
}

/** Writes decoded state into a freshly constructed model, recursing into nested models. */
function assign(target: any, state: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(state)) {
    const cur = target[k];
    const plain = v && typeof v === 'object' && !ArrayBuffer.isView(v) && !Array.isArray(v) && !(v instanceof Interactions) && !(v instanceof GradientBoostingRanker);
    if (plain && cur && typeof cur === 'object' && !Array.isArray(cur) && !ArrayBuffer.isView(cur)) assign(cur, v as Record<string, unknown>);
    else target[k] = v;
  }
}

function saveInteractions(d: Interactions) {
  return { user: encode(d.user, d), item: encode(d.item, d), value: encode(d.value, d), time: encode(d.time, d), explicit: d.explicit };
}

/**
 * A fitted model as a JSON-ready object (typed arrays as base64), with the training data so that
 * recommendations can exclude seen items after loading.
 * Example: writeFileSync('model.json', JSON.stringify(saveModel('ease', ease, train)));
 */
export function saveModel(name: ModelName, model: Recommender, train: Interactions, titles?: string[]): SavedModel {
  return {
    format: 'perceptio-recsys',
    version: 1,
    model: name,
    options: (model as { options?: unknown }).options ?? {},
    state: encode(model, train),
    users: train.users.ids,
    items: train.items.ids,
    train: saveInteractions(train),
    titles,
  };
}

/**
 * Restores a model saved by saveModel, with its training data and titles.
 * Example: const { model, train } = loadModel(JSON.parse(readFileSync('model.json', 'utf8')));
 */
export function loadModel(saved: SavedModel): { model: Recommender; train: Interactions; titles?: string[] } {
  if (saved?.format !== 'perceptio-recsys') throw new Error('loadModel: not a perceptio recsys model file');
  const factory = modelFactories[saved.model];
  if (!factory) throw new Error(`loadModel: unknown model '${saved.model}'`);
  const t = saved.train as Record<string, unknown>;
  const dummy = null as unknown as Interactions;
  const train = new Interactions(
    new IdMap(saved.users), new IdMap(saved.items),
    decode(t.user, dummy) as Int32Array, decode(t.item, dummy) as Int32Array,
    decode(t.value, dummy) as Float64Array, decode(t.time, dummy) as Float64Array, t.explicit as boolean,
  );
  const model = factory(saved.options as object);
  assign(model, decode(saved.state, train) as Record<string, unknown>);
  return { model, train, titles: saved.titles };
}
