import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GradientBoostingClassifier } from '../src/boost/index.js';
import { accuracy, auc, logLoss } from '../src/train/metrics.js';
import { compareOnAdult } from './adult-mlp.js';
import { adultCategorical, loadAdult, loadMnist10k, loadMovielensRanking, loadSynth, type Table } from './boost-data.js';
import { GradientBoostingRanker } from '../src/boost/index.js';
import { meanOverGroups, ndcgForScores } from '../src/train/metrics.js';

/**
 * Perceptio's GBDT against XGBoost (hist) and scikit-learn's HistGradientBoosting on the issue's
 * acceptance tasks, same data, same split, same thread count. Run after `npx tsc -p tsconfig.build.json`:
 *   node dist/bench/boost.js [--tasks synth,adult,mnist,movielens,adult-mlp] [--threads 1,2] [--no-peers]
 *     [--peers xgboost] [--variants Perceptio]
 * --threads runs every task at each thread count (Perceptio's nThreads, XGBoost's nthread, sklearn's
 * OMP_NUM_THREADS); ratios compare rows of the same task and thread count.
 * --peers and --variants (comma-separated names) run only some of the peers and Perceptio variants,
 * for shorter runs. movielens: LambdaRank NDCG@10 on the u1 split against sorting by popularity; adult-mlp: the GBDT
 * against Perceptio's MLP on Adult (the lecture's claim).
 * Peers run through /usr/bin/python3 bench/boost_peers.py (Debian python3-xgboost, python3-sklearn).
 */

interface Row {
  library: string;
  task: string;
  threads: number;
  seconds: number;
  /** CPU time of the training: on a busy machine a fairer single-thread comparison than wall time */
  cpuSeconds: number;
  auc?: number;
  accuracy?: number;
  logloss?: number;
}

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const tasks = opt('tasks', 'synth,adult,mnist').split(',');
const threadCounts = opt('threads', '1').split(',').map(Number);
const peers = !args.includes('--no-peers');
const peerNames = opt('peers', 'xgboost,sklearn');
const variantNames = args.includes('--variants') ? opt('variants', '').split(',') : null;

const tasksSetup: Record<string, { load: () => { train: Table; test: Table }; variants: [string, Record<string, unknown>][] }> = {
  synth: {
    load: loadSynth,
    variants: [
      ['Perceptio', { nEstimators: 200, maxDepth: 6, learningRate: 0.1, maxBins: 256 }],
      ['Perceptio (quantized)', { nEstimators: 200, maxDepth: 6, learningRate: 0.1, maxBins: 256, quantizedGradients: true }],
    ],
  },
  adult: {
    load: loadAdult,
    variants: [['Perceptio', { nEstimators: 300, maxDepth: 5, learningRate: 0.1, minChildWeight: 2, catSmooth: 20,
      categoricalFeatures: adultCategorical }]],
  },
  mnist: {
    load: loadMnist10k,
    variants: [
      ['Perceptio', { nEstimators: 100, maxDepth: 6, learningRate: 0.3 }],
      ['Perceptio (quantized)', { nEstimators: 100, maxDepth: 6, learningRate: 0.3, quantizedGradients: true }],
    ],
  },
};

function runPerceptio(task: string, threads: number): Row[] {
  const setup = tasksSetup[task];
  if (!setup) throw new Error(`unknown task ${task} (synth, adult, mnist)`);
  const { train, test } = setup.load();
  const chosen = setup.variants.filter(([library]) => variantNames === null || variantNames.includes(library));
  return chosen.map(([library, params]) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const clf = new GradientBoostingClassifier({ ...params, nThreads: threads }).fit(train.X, train.y);
    const seconds = (performance.now() - t0) / 1000;
    const c1 = process.cpuUsage(c0);
    const cpuSeconds = (c1.user + c1.system) / 1e6;
    const proba = clf.predictProba(test.X);
    const K = clf.classes.length;
    const pred = clf.predict(test.X) as number[];
    const row: Row = { library, task, threads, seconds, cpuSeconds, accuracy: accuracy(test.y, pred) };
    if (K === 2) {
      const p1 = proba.filter((_, i) => i % 2 === 1);
      row.auc = auc(test.y, p1);
      row.logloss = logLoss(test.y, p1);
    }
    console.log(JSON.stringify(row)); // as it comes: the peers may take long
    return row;
  });
}

function peersScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; dirname(dir) !== dir; dir = dirname(dir)) {
    const p = resolve(dir, 'bench', 'boost_peers.py');
    if (existsSync(p)) return p;
  }
  throw new Error('bench/boost_peers.py not found');
}

function runPeers(task: string, threads: number): Row[] {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE; // as the peers' reference runs were made
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync('/usr/bin/python3', [peersScript(), task, String(threads), peerNames], { env, encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`peers failed for ${task}: ${r.stderr}`);
    return [];
  }
  return r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Row);
}

function runMovielens(): string[] {
  const { train, test } = loadMovielensRanking('u1');
  const t0 = performance.now();
  const r = new GradientBoostingRanker({ nEstimators: 100, learningRate: 0.1, maxDepth: 5 }).fit(train.X, train.y, { group: train.group });
  const seconds = (performance.now() - t0) / 1000;
  const ndcg = meanOverGroups(test.y, r.predict(test.X), test.group, ndcgForScores, 10);
  const pop = meanOverGroups(test.y, test.popularity, test.group, ndcgForScores, 10);
  return [`MovieLens 100K u1, per-user queries, NDCG@10 on u1.test: LambdaRank (100 rounds, depth 5, ${seconds.toFixed(1)} s) ` +
    `${ndcg.toFixed(4)}, item popularity ${pop.toFixed(4)}`];
}

const load0 = loadavg().map((v) => v.toFixed(1)).join(' ');
const rows: Row[] = [];
const notes: string[] = [];
for (const task of tasks) {
  if (task === 'movielens') notes.push(...runMovielens());
  else if (task === 'adult-mlp') {
    notes.push('UCI Adult, GBDT against an MLP:', '| model | train s | test accuracy | test AUC |', '| --- | ---: | ---: | ---: |');
    for (const r of compareOnAdult())
      notes.push(`| ${r.model} | ${r.seconds.toFixed(1)} | ${(r.accuracy * 100).toFixed(2)}% | ${r.auc.toFixed(4)} |`);
  } else {
    for (const threads of threadCounts) {
      rows.push(...runPerceptio(task, threads));
      if (peers) rows.push(...runPeers(task, threads));
    }
  }
}
const fmt = (v: number | undefined, d: number) => (v === undefined ? '–' : v.toFixed(d));
// CPU time is the fairer single-thread measure on a busy machine; with threads, wall time is the speed
console.log(`\nload average ${loadavg().map((v) => v.toFixed(1)).join(' ')} on ${cpus().length} cores (at the start: ${load0})`);
console.log(`| task | library | threads | train s (wall) | train s (CPU) | × XGBoost (wall) | × XGBoost (CPU) | accuracy | AUC | log loss |`);
console.log(`| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
for (const r of rows) {
  const xgb = rows.find((q) => q.task === r.task && q.threads === r.threads && q.library === 'XGBoost');
  const ratio = xgb ? (r.cpuSeconds / xgb.cpuSeconds).toFixed(2) : '–';
  const wallRatio = xgb ? (r.seconds / xgb.seconds).toFixed(2) : '–';
  console.log(`| ${r.task} | ${r.library} | ${r.threads} | ${r.seconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${wallRatio} | ${ratio} | ` +
    `${fmt(r.accuracy && r.accuracy * 100, 2)}% | ${fmt(r.auc, 5)} | ${fmt(r.logloss, 4)} |`);
}
for (const n of notes) console.log(n);
