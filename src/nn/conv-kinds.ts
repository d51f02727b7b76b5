import { outSize } from '../autograd/conv.js';
import { fmt } from '../tensor/shape.js';
import { Conv1d, Conv2d, ConvTranspose2d } from './conv.js';

// Kinds of convolutions, explained by the code (docs/convolutions.md walks through examples;
// test/nn/conv-kinds.test.ts runs each of them).
//
// Every kind is one Conv2d with different options; what changes is which input pixels meet which
// weights, and so the output size, the parameter count and the arithmetic:
//   standard     new Conv2d(C, O, k)                   each output sees a k×k patch of every channel
//   strided      { stride: 2 }                         windows jump by 2: the output shrinks by ~2
//   padded       { padding: 1 } or 'same'              a border of zeros (or reflect/replicate/circular) keeps the size
//   dilated      { dilation: 2 }                       taps spread apart: a 3×3 kernel covers 5×5 with 9 weights
//   transposed   new ConvTranspose2d(C, O, k, { stride: 2 })  the adjoint: each input pixel paints a k×k patch, upsampling
//   1×1          new Conv2d(C, O, 1)                   mixes channels per pixel: a Linear layer applied at every position
//   grouped      { groups: g }                         channels split into g independent convolutions: 1/g of the weights
//   depthwise    { groups: C } with O = C              one k×k filter per channel, no channel mixing
//   separable    depthwise k×k, then 1×1               (k² + O)/(k²·O) of a standard conv's weights and FLOPs

export interface ConvStats {
  /** [N, O, OH, OW] (or [N, O, L] for Conv1d) */
  outputShape: number[];
  /** weights plus biases */
  params: number;
  /** multiply-adds counted as 2 FLOPs, plus one add per output for the bias */
  flops: number;
}

/**
 * The output shape, parameter count and forward FLOPs of a convolution layer on an input shape.
 * Output size per axis: ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1; transposed: (n − 1)s − 2p + d(k − 1) + outputPadding + 1.
 * Example: convStats(new Conv2d(1, 6, 5, { padding: 2 }), [1, 1, 28, 28]) // { outputShape: [1, 6, 28, 28], params: 156, flops: 239_904 }
 */
export function convStats(layer: Conv2d | Conv1d | ConvTranspose2d, inputShape: readonly number[]): ConvStats {
  const params = layer.weight.size + (layer.bias?.size ?? 0);
  const spatial = layer instanceof Conv1d ? 1 : 2;
  if (inputShape.length !== 2 + spatial || inputShape[1] !== layer.inChannels)
    throw new Error(`convStats: ${layer.constructor.name} expects input [N, ${layer.inChannels}, ${spatial === 1 ? 'L' : 'H, W'}], got ${fmt(inputShape)}`);
  const [n, c] = inputShape;
  const sizes = inputShape.slice(2);
  let out: number[];
  let macs: number;
  if (layer instanceof ConvTranspose2d) {
    out = sizes.map((s, a) => (s - 1) * layer.stride[a] - 2 * layer.padding[a] + layer.dilation[a] * (layer.kernelSize[a] - 1) + layer.outputPadding[a] + 1);
    // every input value multiplies a whole (O/groups)·kh·kw slice of the kernel
    macs = n * c * sizes[0] * sizes[1] * (layer.outChannels / layer.groups) * layer.kernelSize[0] * layer.kernelSize[1];
  } else {
    const k = layer instanceof Conv1d ? [layer.kernelSize] : layer.kernelSize;
    const s = layer instanceof Conv1d ? [layer.stride] : layer.stride;
    const d = layer instanceof Conv1d ? [layer.dilation] : layer.dilation;
    const pad = layer.padding;
    const p = sizes.map((_, a) => {
      if (pad === 'valid') return [0, 0];
      if (pad === 'same') return [Math.floor((d[a] * (k[a] - 1)) / 2), Math.ceil((d[a] * (k[a] - 1)) / 2)];
      const v = typeof pad === 'number' ? pad : pad[layer instanceof Conv1d ? 0 : a];
      return [v, v];
    });
    out = sizes.map((size, a) => outSize(size + p[a][0] + p[a][1], k[a], s[a], 0, d[a]));
    const taps = k.reduce((x, y) => x * y, 1);
    macs = n * layer.outChannels * out.reduce((x, y) => x * y, 1) * (c / layer.groups) * taps;
  }
  const outputs = n * layer.outChannels * out.reduce((x, y) => x * y, 1);
  return { outputShape: [n, layer.outChannels, ...out], params, flops: 2 * macs + (layer.bias ? outputs : 0) };
}
