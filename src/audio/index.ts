// perceptio/audio: WAV decoding, spectral features and the spoken-digit recogniser.
export { decodeWav, encodeWav16, toMono, type Wav } from './wav.js';
export {
  fft, hannWindow, powerSpectrogram, melFilterbank, logMelSpectrogram, dct2, mfcc,
  type Matrix, type StftOptions, type MelOptions, type MelScale, type LogMelOptions,
} from './features.js';
export {
  SpokenDigitGRU, digitFeatureOptions, digitFeatures, digitFeaturesFromFile, fsddFiles, padBatch, predictDigits, resample,
  fitStandardisation, type FsddEntry, type SpokenDigitOptions,
} from './spoken-digits.js';
export { trainSpokenDigits, saveSpokenDigitModel, loadSpokenDigitModel, type TrainSpokenDigitsOptions } from './train-spoken-digits.js';
