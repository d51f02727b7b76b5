import { persistentCopy } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * A trainable tensor: requiresGrad is on, and it always owns contiguous storage at offset 0, so
 * optimizers can update `data` in place with plain loops.
 * Example: const w = new Parameter(randn([3, 4])); w.requiresGrad === true
 */
export class Parameter extends Tensor {
  constructor(value: Tensor, { requiresGrad = true }: { requiresGrad?: boolean } = {}) {
    // copy: the source may be a view, or its storage may return to the pool when it is collected;
    // into persistent storage, which the backend's kernels read and update without copies
    super(persistentCopy(value.dtype, value.values()), [...value.shape], value.dtype);
    this.requiresGrad = requiresGrad;
  }
}
