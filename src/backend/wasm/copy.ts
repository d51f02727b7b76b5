// Strided copies (contiguous(), transposes, pads, slices, concatenation) of float32 and int32
// data through wasm: the reference walks every element through a callback.
import type { Kernels, Strided } from '../backend.js';
import { collapse, span } from './elementwise.js';
import type { Engine } from './engine.js';

const COPY_MIN = 2048;

export function wasmCopy(engine: Engine, fallback: Kernels['copy']): Kernels['copy'] {
  const { arena, exports } = engine;
  return (src: Strided, dst: Strided, shape: readonly number[]) => {
    const S = src.data;
    const D = dst.data;
    let n = 1;
    for (const s of shape) n *= s;
    // same element type (the bits are copied), distinct arrays (no overlap to order)
    if (n < COPY_MIN || S === D || S.constructor !== D.constructor || S instanceof Float64Array) {
      return fallback(src, dst, shape);
    }
    const p = collapse(shape, src.strides, dst.strides);
    const r = p.shape.length;
    if (r === 1 && p.a[0] === 1 && p.b[0] === 1) {
      D.set(S.subarray(src.offset, src.offset + n), dst.offset); // one block: a plain memcpy
      return;
    }
    if (r > 4 || p.a.some((s) => s < 0) || p.b.some((s) => s < 0)) return fallback(src, dst, shape);
    const spanS = span(p.shape, p.a);
    const spanD = span(p.shape, p.b);
    if (spanS > 4 * n + 64 || spanD > 4 * n + 64) return fallback(src, dst, shape); // sparse views
    arena.reset();
    if (!arena.reserve(arena.copyBytes([S, spanS], [D, spanD]), 2)) return fallback(src, dst, shape);
    const sP = arena.place(S as Float32Array | Int32Array, src.offset, spanS);
    // a destination with gaps (a slice of a concatenation) keeps what lies between: copied in
    // whole when it does not lie in wasm memory, written in place otherwise
    const dP = spanD !== n || arena.addressOf(D) >= 0 ? arena.place(D as Float32Array | Int32Array, dst.offset, spanD) : arena.alloc(spanD * 4);
    const pad = 4 - r;
    const dims = [...Array<number>(pad).fill(1), ...p.shape];
    const sa = [...Array<number>(pad).fill(0), ...p.a];
    const sb = [...Array<number>(pad).fill(0), ...p.b];
    exports.copy4(sP, dP, ...dims, ...sa, ...sb);
    arena.unplace(D as Float32Array | Int32Array, dP, spanD, dst.offset);
  };
}

/**
 * indexSelect with long rows (embedding and minibatch lookups): one block copy per picked row;
 * the reference moves them element by element. Stays in JS: there is nothing to compute.
 */
export function rowIndexSelect(fallback: Kernels['indexSelect']): Kernels['indexSelect'] {
  return (x, idx, out, outer, n, m, inner) => {
    if (inner < 16 || x.constructor !== out.constructor) return fallback(x, idx, out, outer, n, m, inner);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < m; j++) {
        const from = (o * n + idx[j]) * inner;
        out.set(x.subarray(from, from + inner), (o * m + j) * inner);
      }
    }
  };
}
