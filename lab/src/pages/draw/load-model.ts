// Shipped weights → a model, in the browser. Reads the same two files `perceptio train` writes
// (model.json + model.safetensors) with the file-system-free half of perceptio/io.
import { buildModel, type BuiltModel, type ModelConfig } from 'perceptio/models';
import { decodeSafetensors } from '../../../../src/io/safetensors-codec.js';

/** model.json as saveModel writes it (src/io/model-file.ts), the fields read here. */
interface Description {
  format?: unknown;
  config?: { type?: unknown };
  dtype?: unknown;
  weights?: unknown;
}

/** The weights file a model.json names (relative to it), after checking it is a Perceptio description. */
export function weightsFileOf(desc: unknown, source: string): string {
  const d = desc as Description | null;
  if (!d || d.format !== 'perceptio-model' || typeof d.config?.type !== 'string')
    throw new Error(`${source}: not a Perceptio model description (format ${JSON.stringify(d?.format)})`);
  return typeof d.weights === 'string' ? d.weights : 'model.safetensors';
}

/** Builds the described model, loads the weights bit-exactly, and returns it in eval mode. */
export function modelFromFiles(desc: unknown, weights: Uint8Array, source = 'model'): { model: BuiltModel; metadata: Record<string, string> } {
  weightsFileOf(desc, source);
  const config = (desc as { config: ModelConfig }).config;
  const { tensors, metadata } = decodeSafetensors(weights, source);
  const model = buildModel(config as ModelConfig & Record<string, unknown>);
  if ((desc as Description).dtype === 'float64') model.to('float64');
  model.loadStateDict(tensors);
  return { model: model.eval(), metadata };
}

/** Fetches `<base>/model.json` and the weights it names (served from lab/public/models/<name>/). */
export async function fetchModel(base: string): Promise<{ model: BuiltModel; metadata: Record<string, string> }> {
  const get = async (url: string) => {
    const r = await fetch(url);
    if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
    return r;
  };
  const desc: unknown = await (await get(`${base}/model.json`)).json();
  const file = weightsFileOf(desc, `${base}/model.json`);
  const bytes = new Uint8Array(await (await get(`${base}/${file}`)).arrayBuffer());
  return modelFromFiles(desc, bytes, `${base}/${file}`);
}
