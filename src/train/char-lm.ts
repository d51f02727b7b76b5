import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noGrad } from '../autograd/engine.js';
import { getBackend } from '../backend/index.js';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.js';
import { CharLM, type CharLMConfig, type CharLMState } from '../models/char-lm.js';
import { crossEntropy } from '../nn/loss.js';
import { detachState } from '../nn/recurrent.js';
import { Adam } from '../optim/adam.js';
import { clipGradNorm } from '../optim/clip.js';
import { tensor } from '../tensor/create.js';
import { Generator } from '../tensor/random.js';
import { CharVocab } from '../text/char-vocab.js';
import { lineChart } from './chart.js';

export interface TrainCharLMOptions extends Omit<CharLMConfig, 'vocabSize'> {
  /** fraction of the text, from its end, held out for validation (default 0.1) */
  validation?: number;
  /** parallel streams per batch (default 32) */
  batchSize?: number;
  /** steps per truncated-BPTT chunk; the state carries on across chunks (default 100) */
  seqLen?: number;
  epochs?: number;
  /** stop after this many seconds of training (the learning-rate schedule ends there too) */
  maxSeconds?: number;
  lr?: number;
  clip?: number;
  seed?: number;
  /** validate every this many steps (default: once per epoch) */
  evalEvery?: number;
  onEval?: (e: CharLMEval) => void;
}

export interface CharLMEval {
  step: number;
  epoch: number;
  seconds: number;
  /** mean training loss since the last evaluation, in bits per character */
  trainBpc: number;
  valBpc: number;
  lr: number;
}

const LN2 = Math.LN2;

/**
 * ids cut into `streams` equal consecutive pieces, read side by side: chunk k of the batch is
 * steps [k·T, (k+1)·T) of every piece, so the state at the end of a chunk is the right start
 * for the next one. Returns x and y (the next characters) as [T, streams] per chunk.
 */
function* chunks(ids: Int32Array, streams: number, T: number, offset = 0): IterableIterator<[Int32Array, Int32Array, number]> {
  const L = Math.floor((ids.length - 1 - offset) / streams);
  for (let k = 0; k * T < L; k++) {
    const t0 = k * T;
    const len = Math.min(T, L - t0);
    const x = new Int32Array(len * streams);
    const y = new Int32Array(len * streams);
    for (let t = 0; t < len; t++)
      for (let s = 0; s < streams; s++) {
        const i = offset + s * L + t0 + t;
        x[t * streams + s] = ids[i];
        y[t * streams + s] = ids[i + 1];
      }
    yield [x, y, len];
  }
}

/** Bits per character of the model on ids, read as `streams` consecutive pieces with carried state. */
export function evaluateBpc(model: CharLM, ids: Int32Array, { streams = 16, seqLen = 256 } = {}): number {
  if (ids.length < 2) throw new Error(`evaluateBpc: need at least 2 characters, got ${ids.length}`);
  streams = Math.max(1, Math.min(streams, Math.floor((ids.length - 1) / 2)));
  const wasTraining = model.training;
  model.eval();
  let total = 0;
  let count = 0;
  noGrad(() => {
    let state: CharLMState | undefined;
    for (const [x, y, len] of chunks(ids, streams, seqLen)) {
      const [logits, s] = model.forward(tensor(x, { dtype: 'int32', shape: [len, streams] }), state);
      const loss = crossEntropy(logits.reshape([len * streams, -1]), tensor(y, { dtype: 'int32' }), { reduction: 'sum' });
      total += loss.item();
      count += len * streams;
      state = s;
    }
  });
  model.train(wasTraining);
  return total / count / LN2;
}

/**
 * Trains a character-level language model on a text: the vocabulary is the text's characters,
 * the last `validation` fraction is held out, training reads the rest as parallel streams in
 * truncated-BPTT chunks with the state carried across batches, Adam with a cosine learning-rate
 * decay (to lr/20) over the epochs or the time budget, whichever ends first, and gradient-norm
 * clipping. Returns the model, vocabulary and the validation curve in bits per character.
 * Example: const r = trainCharLM(readFileSync('input.txt', 'utf8'), { hidden: 256, epochs: 1 });
 */
export function trainCharLM(text: string, opts: TrainCharLMOptions = {}, source = 'text') {
  const {
    validation = 0.1, batchSize = 32, seqLen = 100, epochs = 10, maxSeconds = Infinity, lr = 2e-3, clip = 5, seed = 0,
    evalEvery, onEval, ...modelOpts
  } = opts;
  const vocab = CharVocab.fromText(text, source);
  const ids = vocab.encode(text);
  if (!(validation > 0 && validation < 1)) throw new Error(`trainCharLM: validation must be in (0, 1), got ${validation}`);
  const cut = Math.round(ids.length * (1 - validation));
  const train = ids.subarray(0, cut);
  const val = ids.subarray(cut);
  if (train.length < batchSize * 2 + 1 || val.length < 2)
    throw new Error(`${source}: ${ids.length} characters are too few to train on (${train.length} for training in ${batchSize} streams, ${val.length} for validation); use a longer text or a smaller --batch-size`);
  const model = new CharLM({ vocabSize: vocab.size, ...modelOpts }, { generator: new Generator(seed) });
  const optimizer = new Adam(model.parameters(), { lr });
  const g = new Generator(seed + 1);
  const stepsPerEpoch = Math.ceil(Math.floor((train.length - 1) / batchSize) / seqLen);
  const totalSteps = stepsPerEpoch * epochs;
  const every = evalEvery ?? stepsPerEpoch;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const history: CharLMEval[] = [];
  let step = 0;
  let sum = 0;
  let n = 0;
  let done = false;
  const evaluate = (epoch: number) => {
    const e = { step, epoch, seconds: elapsed(), trainBpc: sum / n / LN2, valBpc: evaluateBpc(model, val), lr: optimizer.paramGroups[0].lr };
    history.push(e);
    onEval?.(e);
    sum = n = 0;
  };
  for (let epoch = 1; epoch <= epochs && !done; epoch++) {
    model.train();
    let state: CharLMState | undefined;
    // a random shift per epoch, so chunk boundaries fall elsewhere each time
    const offset = Math.floor(g.next() * seqLen);
    for (const [x, y, len] of chunks(train, batchSize, seqLen, offset)) {
      const progress = Math.min(1, Math.max(step / totalSteps, elapsed() / maxSeconds));
      if (progress >= 1) {
        done = true;
        break;
      }
      optimizer.paramGroups[0].lr = lr * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * progress))); // cosine to lr/20
      const [logits, s] = model.forward(tensor(x, { dtype: 'int32', shape: [len, batchSize] }), state);
      state = detachState(s);
      const loss = crossEntropy(logits.reshape([len * batchSize, -1]), tensor(y, { dtype: 'int32' }));
      optimizer.zeroGrad();
      loss.backward();
      clipGradNorm(model.parameters(), clip);
      optimizer.step();
      sum += loss.item();
      n++;
      step++;
      if (step % every === 0) evaluate(epoch);
    }
    if (done && n > 0) evaluate(epoch);
  }
  if (n > 0) evaluate(Math.min(epochs, Math.ceil(step / stepsPerEpoch)));
  model.eval();
  return { model, vocab, history, valBpc: history.at(-1)?.valBpc ?? NaN, steps: step, seconds: elapsed(), backend: getBackend().name, trainChars: train.length, valChars: val.length };
}

/** model.json (config, vocabulary, curves), model.safetensors and curves.svg in dir. */
export function saveCharLM(dir: string, model: CharLM, vocab: CharVocab, history: CharLMEval[] = [], extra: Record<string, unknown> = {}) {
  mkdirSync(dir, { recursive: true });
  const files = { model: join(dir, 'model.json'), weights: join(dir, 'model.safetensors'), chart: join(dir, 'curves.svg') };
  saveSafetensors(files.weights, model.stateDict(), { kind: 'char-lm' });
  writeFileSync(files.model, JSON.stringify({ kind: 'char-lm', config: model.config, vocabulary: vocab.toJSON().chars, ...extra, history }, null, 2) + '\n');
  const svg = lineChart(
    [
      { name: 'train', values: history.map((h) => h.trainBpc) },
      { name: 'validation', values: history.map((h) => h.valBpc) },
    ],
    { title: 'Character language model', xLabel: 'evaluation', yLabel: 'bits per character' },
  );
  writeFileSync(files.chart, svg);
  return files;
}

/** Reads a folder written by saveCharLM; the model is in eval mode. */
export function loadCharLM(dir: string): { model: CharLM; vocab: CharVocab; meta: Record<string, unknown> } {
  const path = join(dir, 'model.json');
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: cannot read a character model (${(e as Error).message})`);
  }
  if (meta.kind !== 'char-lm') throw new Error(`${path}: not a character language model (kind '${String(meta.kind)}')`);
  const vocab = CharVocab.fromJSON({ chars: meta.vocabulary });
  const model = new CharLM(meta.config as CharLMConfig);
  model.loadStateDict(loadSafetensors(join(dir, 'model.safetensors')).tensors);
  return { model: model.eval(), vocab, meta };
}
