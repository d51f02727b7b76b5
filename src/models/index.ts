// Ready architectures built only from nn/, each rebuildable from its JSON `config`.
import type { Module } from '../nn/module.js';
import { LeNet, type LeNetConfig } from './lenet.js';
import { MLP, type MLPConfig } from './mlp.js';
import { SmallCNN, type SmallCNNConfig } from './small-cnn.js';

export { MLP, mlp, activations, type MLPConfig, type ActivationName } from './mlp.js';
export { LeNet, type LeNetConfig } from './lenet.js';
export { SmallCNN, type SmallCNNConfig, type ImageInputSpec } from './small-cnn.js';

/** Every built-in model's config; `type` says which builder reads it. */
export type ModelConfig = MLPConfig | LeNetConfig | SmallCNNConfig;
/** A built-in model: a Module that carries its architecture description. */
export type BuiltModel = Module & { readonly config: ModelConfig };

/** The registry of built-in models, by config type. */
export const models: Record<ModelConfig['type'], (config: any) => BuiltModel> = {
  mlp: (config: MLPConfig) => new MLP(config),
  lenet: (config: LeNetConfig) => new LeNet(config),
  'small-cnn': (config: SmallCNNConfig) => new SmallCNN(config),
};

/**
 * Rebuilds a built-in model from its config (as saved beside its weights), with fresh weights.
 * Example: const model = buildModel({ type: 'mlp', sizes: [784, 256, 10] }); model.loadStateDict(weights);
 */
export function buildModel(config: { type: string } & Record<string, unknown>): BuiltModel {
  const make = (models as Record<string, ((c: any) => BuiltModel) | undefined>)[config?.type];
  if (!make)
    throw new Error(`buildModel: unknown model type '${config?.type}'; known types: ${Object.keys(models).join(', ')}`);
  return make(config);
}
