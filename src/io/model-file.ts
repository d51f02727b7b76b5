import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { buildModel, type BuiltModel, type ModelConfig } from '../models/index.js';
import type { Module } from '../nn/module.js';
import { writeFileAtomic } from './atomic.js';
import { loadSafetensors, saveSafetensors } from './safetensors.js';

/** The JSON architecture description written beside the weights. */
export interface ModelDescription {
  format: 'perceptio-model';
  version: 1;
  /** the built-in model's config, as buildModel reads it */
  config: ModelConfig;
  /** dtype of the floating weights */
  dtype: 'float32' | 'float64';
  parameters: number;
  /** the weights file, relative to the description */
  weights: string;
}

/** dir → dir/model.json + dir/model.safetensors; x.safetensors or x.json → x.json + x.safetensors. */
function paths(path: string): { json: string; weights: string } {
  const isDir =
    !/\.(safetensors|json)$/.test(path) || (existsSync(path) && statSync(path).isDirectory());
  if (isDir) return { json: join(path, 'model.json'), weights: join(path, 'model.safetensors') };
  const base = path.replace(/\.(safetensors|json)$/, '');
  return { json: `${base}.json`, weights: `${base}.safetensors` };
}

function hasConfig(m: Module): m is BuiltModel {
  const c = (m as unknown as { config?: { type?: unknown } }).config;
  return typeof c === 'object' && c !== null && typeof c.type === 'string';
}

/**
 * Saves a built-in model (perceptio/models): weights as safetensors (the config also in its
 * metadata, so the file describes itself) and a JSON architecture description; both written
 * atomically, weights first. Returns the two paths.
 * Example: saveModel('runs/mnist', model); const again = loadModel('runs/mnist');
 */
export function saveModel(path: string, model: Module): { json: string; weights: string } {
  if (!hasConfig(model))
    throw new Error(
      `saveModel: ${model.constructor.name} has no config; only built-in models (perceptio/models) carry an architecture description. Save its weights with saveSafetensors(path, model.stateDict()) instead`,
    );
  const p = paths(path);
  const sd = model.stateDict();
  const dtype = Object.values(sd).some((t) => t.dtype === 'float64') ? 'float64' : 'float32';
  const desc: ModelDescription = {
    format: 'perceptio-model',
    version: 1,
    config: model.config,
    dtype,
    parameters: model.numParameters(),
    weights: basename(p.weights),
  };
  saveSafetensors(p.weights, sd, {
    format: 'perceptio',
    'perceptio.config': JSON.stringify(model.config),
  });
  writeFileAtomic(p.json, JSON.stringify(desc, null, 2) + '\n');
  return p;
}

/**
 * Rebuilds a model saved by saveModel through the models registry and loads its weights
 * bit-exactly. `path` is the folder, the .json or the .safetensors file (the config is then
 * read from its metadata when no .json lies beside it). The model is returned in eval mode.
 * Example: const model = loadModel('runs/mnist'); const logits = noGrad(() => model.forward(x));
 */
export function loadModel(path: string): BuiltModel {
  const p = paths(path);
  let config: ModelConfig | undefined;
  let dtype: 'float32' | 'float64' | undefined;
  let weights = p.weights;
  if (existsSync(p.json)) {
    let desc: ModelDescription;
    try {
      desc = JSON.parse(readFileSync(p.json, 'utf8'));
    } catch (e) {
      throw new Error(`loadModel: ${p.json} is not valid JSON (${(e as Error).message})`);
    }
    if (desc?.format !== 'perceptio-model' || !desc.config)
      throw new Error(
        `loadModel: ${p.json} is not a Perceptio model description (format '${desc?.format}')`,
      );
    config = desc.config;
    dtype = desc.dtype;
    weights = join(dirname(p.json), desc.weights ?? basename(p.weights));
  } else if (!existsSync(p.weights))
    throw new Error(`loadModel: file not found: ${p.json} (nor ${p.weights})`);
  const { tensors, metadata } = loadSafetensors(weights);
  if (!config) {
    if (!metadata['perceptio.config'])
      throw new Error(
        `loadModel: ${weights} has no architecture (no ${p.json} and no perceptio.config metadata)`,
      );
    config = JSON.parse(metadata['perceptio.config']) as ModelConfig;
  }
  const model = buildModel(config as ModelConfig & Record<string, unknown>);
  const floating =
    dtype ?? (Object.values(tensors).some((t) => t.dtype === 'float64') ? 'float64' : 'float32');
  if (floating === 'float64') model.to('float64');
  model.loadStateDict(tensors);
  return model.eval();
}
