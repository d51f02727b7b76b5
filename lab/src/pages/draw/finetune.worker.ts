// The draw page's worker: fine-tuning runs here so drawing and the bars stay responsive.
import { init, tensor } from 'perceptio';
import { buildModel, type ModelConfig } from 'perceptio/models';
import { serve } from '../../worker/serve.js';
import { fineTune, type Example } from './finetune.js';

/** Weights travel as plain arrays by name, so they can be transferred without copies. */
export type Weights = Record<string, { shape: number[]; data: Float32Array }>;

// a type alias (not an interface) is assignable to JobMap without an index signature
export type FineTuneJobs = {
  finetune: {
    params: { config: ModelConfig; weights: Weights; mine: Example[]; replay: Example[]; steps: number; lr: number };
    progress: { step: number; loss: number };
    result: { weights: Weights; losses: number[] };
  };
};

serve<FineTuneJobs>(
  {
    async finetune(p, ctx) {
      const model = buildModel(p.config as ModelConfig & Record<string, unknown>);
      model.loadStateDict(Object.fromEntries(Object.entries(p.weights).map(([k, w]) => [k, tensor(w.data, { shape: w.shape })])));
      const losses = await fineTune(model, p.mine, p.replay, {
        steps: p.steps,
        lr: p.lr,
        async onStep(step, loss) {
          ctx.progress({ step, loss });
          await ctx.yield();
          return !ctx.stopped;
        },
      });
      const weights: Weights = {};
      for (const [k, t] of Object.entries(model.stateDict())) weights[k] = { shape: [...t.shape], data: Float32Array.from(t.values()) };
      return { weights, losses };
    },
  },
  () => init(),
);
