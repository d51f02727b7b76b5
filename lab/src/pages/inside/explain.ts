// What "Inside the CNN" shows, computed in one forward and one backward pass: every layer's
// output (recorded by forward hooks), the class probabilities, and the saliency map
// |∂ logit_c / ∂ pixel|, how much each input pixel moves the chosen class's score.
import { tensor } from 'perceptio';
import { AvgPool2d, BatchNorm2d, Conv2d, GlobalAvgPool2d, Linear, MaxPool2d, recordActivations, ReLU, Tanh, type Module } from 'perceptio/nn';

/** What a layer does, for its caption; 'other' for layers the page has no words for. */
export type LayerKind = 'conv' | 'act' | 'pool' | 'gpool' | 'norm' | 'fc' | 'other';

// instanceof, not constructor.name: the production build shortens class names
const kinds: [new (...a: any[]) => Module, LayerKind][] = [
  [Conv2d, 'conv'], [ReLU, 'act'], [Tanh, 'act'], [MaxPool2d, 'pool'], [AvgPool2d, 'pool'],
  [GlobalAvgPool2d, 'gpool'], [BatchNorm2d, 'norm'], [Linear, 'fc'],
];
const kindOf = (m: Module): LayerKind => kinds.find(([C]) => m instanceof C)?.[1] ?? 'other';

export interface LayerOutput {
  /** dotted module name, as in the state dict ('conv1', 'pool2', 'fc3') */
  name: string;
  kind: LayerKind;
  /** the output shape without the batch axis: [C, H, W] for maps, [N] for vectors */
  shape: number[];
  values: Float32Array;
}

export interface Explanation {
  layers: LayerOutput[];
  probabilities: Float32Array;
  /** the class explained: the requested one, else the top guess */
  target: number;
  /** |∂ logit_target / ∂ x| per input pixel, 784 values */
  saliency: Float32Array;
}

/** Runs one 28×28 image through the model; `target` picks the class whose saliency is shown. */
export function explain(model: Module, pixels: Float32Array, target?: number): Explanation {
  const rec = recordActivations(model);
  const x = tensor(Float32Array.from(pixels), { shape: [1, 1, 28, 28], requiresGrad: true });
  let logits;
  try {
    logits = model.forward(x);
  } finally {
    rec.remove();
  }
  const probabilities = Float32Array.from(logits.detach().softmax(1).values());
  const top = probabilities.indexOf(Math.max(...probabilities));
  const c = target ?? top;
  if (!(Number.isInteger(c) && c >= 0 && c < probabilities.length)) throw new Error(`explain: class ${c} is not one of the ${probabilities.length} classes`);
  // the logit, not the probability: softmax saturates near 100% and its gradient fades to nothing
  logits.slice(1, c, c + 1).sum().backward();
  model.zeroGrad(); // the parameters' gradients are a by-product here; leave them clean for training
  const saliency = Float32Array.from(x.grad!.values(), Math.abs);
  const layers: LayerOutput[] = [];
  const modules = new Map(model.namedModules());
  for (const [name, out] of rec.activations) {
    const kind = kindOf(modules.get(name)!);
    // the model's own output repeats the logits; flatten and (eval-mode) dropout repeat their input
    if (name === '' || kind === 'other' || out.ndim < 2) continue;
    layers.push({ name, kind, shape: out.shape.slice(1), values: Float32Array.from(out.detach().values()) });
  }
  return { layers, probabilities, target: c, saliency };
}

/** The weights of every Conv2d: [out, in, kh, kw] each, by module name. */
export function convFilters(model: Module): { name: string; shape: number[]; values: Float32Array }[] {
  return model
    .namedModules()
    .filter(([, m]) => m instanceof Conv2d)
    .map(([name, m]) => {
      const w = (m as Conv2d).weight;
      return { name, shape: [...w.shape], values: Float32Array.from(w.values()) };
    });
}
