import * as F from '../autograd/functional.js';
import type { DType } from '../tensor/dtype.js';
import type { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import * as init from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/**
 * A lookup table: int32 indices of any shape → their rows of weight [numEmbeddings, dim],
 * drawn from N(0, 1) as in PyTorch. The row at paddingIdx starts at zero and gets no gradient.
 * Example: new Embedding(1000, 16).forward(tensor([[1, 2], [3, 4]], { dtype: 'int32' })) // [2, 2, 16]
 */
export class Embedding extends Module {
  readonly weight: Parameter;
  readonly paddingIdx: number | null;
  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    { paddingIdx, dtype, generator }: { paddingIdx?: number; dtype?: DType; generator?: Generator } = {},
  ) {
    super();
    const pad = paddingIdx === undefined ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
    if (pad !== null && (pad < 0 || pad >= numEmbeddings))
      throw new Error(`Embedding: paddingIdx ${paddingIdx} is out of range for ${numEmbeddings} embeddings`);
    this.paddingIdx = pad;
    const w = init.normal([numEmbeddings, embeddingDim], 0, 1, { dtype, generator });
    if (pad !== null) w.data.fill(0, pad * embeddingDim, (pad + 1) * embeddingDim);
    this.weight = new Parameter(w);
  }
  forward(indices: Tensor): Tensor {
    if (indices.dtype !== 'int32') throw new Error(`Embedding: indices must be int32, got ${indices.dtype}; convert with .int()`);
    const flat = indices.reshape([-1]);
    let rows = this.weight.indexSelect(0, flat);
    if (this.paddingIdx !== null) {
      // same values, but the padding rows are cut from the graph so their gradient is zero
      rows = F.where(flat.eq(this.paddingIdx).unsqueeze(1), rows.detach(), rows);
    }
    return rows.reshape([...indices.shape, this.embeddingDim]);
  }
  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === null ? '' : `, paddingIdx=${this.paddingIdx}`}`;
  }
}
