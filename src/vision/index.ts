export { readImage, writeImage, decodeImage, encodeImage, sniffFormat, formatOf, rgbaToTensor, tensorToRgba, toGrayscale, toRgb, LUMA, type ColorMode, type ImageFormat, type RgbaImage } from './image.js';
export {
  identityKernel, boxKernel, gaussian1d, gaussianKernel, sharpenKernel, unsharpKernel, gradientKernel, laplacianKernel, embossKernel, edgeEnhanceKernel, motionBlurKernel,
  kernelFrom, parseKernel, type GradientOperator,
} from './kernels.js';
export { applyFilter, gaussianBlur, unsharpMask, gradients, gradientMagnitude, gradientDirection, BORDERS, type Border, type FilterOptions } from './filters.js';
export { medianFilter } from './median.js';
export { filters, toDisplay, type FilterEntry, type FilterParams, type Display } from './registry.js';
