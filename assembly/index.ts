// Entry of the kernel module: no allocator, no GC; the host lays out linear memory above
// heapBase() and passes byte pointers.
export { gemm, gemmWorkBytes } from './gemm';
export { unary, binary, reduce } from './elementwise';
export { copy4, zero } from './copy';
export { sgd, adam } from './optim';
export { convScratch, convForward, convBackInput, convBackWeight } from './conv';
export { maxPool2d, maxUnpool2d } from './pool';
export { setWindow } from './window';

/** First free byte above static data. */
export function heapBase(): usize {
  return __heap_base;
}
