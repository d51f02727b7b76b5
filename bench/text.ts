import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseCsv } from '../src/data/csv.js';
import { LogisticRegression } from '../src/text/logistic.js';
import { TfidfVectorizer } from '../src/text/tfidf.js';
import { tokenize } from '../src/text/tokenize.js';

/**
 * Text classification against scikit-learn, and tokenizer throughput against natural and wink-nlp.
 *   npx vite-node bench/text.ts [--rounds 2] [--no-peers]      (or node dist/bench/text.js after a build)
 * 1. SST-2: TF-IDF (word 1–2-grams, smooth idf, l2) + L2 logistic regression (C = 1, tol 1e-4) trained
 *    on train.tsv, scored on dev.tsv; the same settings in scikit-learn through /usr/bin/python3
 *    bench/text_peers.py (Debian python3-sklearn), run alternately in the same process tree, best of
 *    `rounds`. Prints vectorizing and training seconds, accuracy and the time ratio.
 * 2. Tokens per second on SST-2 sentences (English) and RuSentiment posts (Russian).
 * Data: ../shared/data (PERCEPTIO_DATA overrides).
 */

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1] || 2);
const peers = !args.includes('--no-peers');
const data = process.env.PERCEPTIO_DATA ?? resolve(process.cwd(), '..', 'shared', 'data');

function loadSst(file: string): { texts: string[]; labels: Int32Array } {
  // GLUE SST-2: "sentence<TAB>label", no quoting
  const rows = readFileSync(resolve(data, 'sst2', file), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  return { texts: rows.map((r) => r[0]), labels: Int32Array.from(rows, (r) => Number(r[1])) };
}

interface Run {
  library: string;
  vectorizeSeconds: number;
  trainSeconds: number;
  accuracy: number;
  features: number;
  iterations?: number;
}

function perceptio(train: ReturnType<typeof loadSst>, dev: ReturnType<typeof loadSst>): Run {
  const t0 = performance.now();
  const v = new TfidfVectorizer({ ngram: [1, 2] });
  const X = v.fitTransform(train.texts);
  const Xd = v.transform(dev.texts);
  const t1 = performance.now();
  const m = new LogisticRegression({ C: 1, tol: 1e-4, maxIter: 1000 }).fit(X, train.labels);
  const t2 = performance.now();
  const p = m.predict(Xd);
  let hit = 0;
  p.forEach((c, i) => (hit += c === dev.labels[i] ? 1 : 0));
  return {
    library: 'Perceptio',
    vectorizeSeconds: (t1 - t0) / 1000,
    trainSeconds: (t2 - t1) / 1000,
    accuracy: hit / p.length,
    features: X.cols,
    iterations: m.result?.nIter,
  };
}

function sklearn(): Run | null {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE; // the peer's BLAS picks its own kernels
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync('/usr/bin/python3', ['bench/text_peers.py', resolve(data, 'sst2')], { encoding: 'utf8', env });
  if (r.status !== 0) {
    console.error(`scikit-learn peer failed: ${r.stderr}`);
    return null;
  }
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()!), library: 'scikit-learn' };
}

const best = (runs: Run[]) =>
  runs.reduce((a, b) => (a.vectorizeSeconds + a.trainSeconds <= b.vectorizeSeconds + b.trainSeconds ? a : b));

const train = loadSst('train.tsv');
const dev = loadSst('dev.tsv');
const ours: Run[] = [];
const theirs: Run[] = [];
for (let r = 0; r < rounds; r++) {
  ours.push(perceptio(train, dev));
  const s = peers ? sklearn() : null;
  if (s) theirs.push(s);
}
console.log('SST-2, TF-IDF (1–2-grams) + logistic regression (C = 1), best of', rounds);
console.log('library        vectorize s  train s  total s  dev accuracy  features  iterations');
const rows = [best(ours), ...(theirs.length ? [best(theirs)] : [])];
for (const r of rows)
  console.log(
    `${r.library.padEnd(14)} ${r.vectorizeSeconds.toFixed(2).padStart(11)} ${r.trainSeconds.toFixed(2).padStart(8)} ` +
      `${(r.vectorizeSeconds + r.trainSeconds).toFixed(2).padStart(8)} ${r.accuracy.toFixed(4).padStart(13)} ` +
      `${String(r.features).padStart(9)} ${String(r.iterations ?? '').padStart(11)}`,
  );
if (rows.length === 2) {
  const [a, b] = rows;
  const ratio = (a.vectorizeSeconds + a.trainSeconds) / (b.vectorizeSeconds + b.trainSeconds);
  console.log(`time ratio Perceptio / scikit-learn: ${ratio.toFixed(2)} (target ≤ 1.5); ` +
    `accuracy difference ${((a.accuracy - b.accuracy) * 100).toFixed(2)} points (target within 0.5)`);
}

// --- tokenizer throughput ---
const require = createRequire(import.meta.url);
const natural = require('natural');
const winkNLP = require('wink-nlp');
const nlp = winkNLP(require('wink-eng-lite-web-model'), []); // empty pipe: tokenization only
const ru = parseCsv(readFileSync(resolve(data, 'rusentiment', 'rusentiment_random_posts.csv'), 'utf8')).rows.map((r) => r[1]);
const tokenizers: [string, string, string[], (s: string) => number][] = [
  ['Perceptio tokenize', 'en', train.texts, (s) => tokenize(s, { punctuation: true }).length],
  ['natural WordTokenizer', 'en', train.texts, ((t) => (s: string) => t.tokenize(s).length)(new natural.WordTokenizer())],
  ['wink-nlp readDoc', 'en', train.texts, (s) => nlp.readDoc(s).tokens().length()],
  ['Perceptio tokenize', 'ru', ru, (s) => tokenize(s, { punctuation: true }).length],
  ['natural AggressiveTokenizerRu', 'ru', ru, ((t) => (s: string) => t.tokenize(s).length)(new natural.AggressiveTokenizerRu())],
];
console.log('\ntokenizer                      lang  texts    tokens     tokens/s');
for (const [name, lang, texts, run] of tokenizers) {
  let tokens = 0;
  let seconds = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    tokens = 0;
    for (const s of texts) tokens += run(s);
    seconds = Math.min(seconds, (performance.now() - t0) / 1000);
  }
  console.log(`${name.padEnd(30)} ${lang}  ${String(texts.length).padStart(6)} ${String(tokens).padStart(9)} ${Math.round(tokens / seconds).toLocaleString('en').padStart(12)}`);
}
