/**
 * Recommender benchmarks on MovieLens 100K (read from ../shared/data, never copied) and on a
 * synthetic long-tailed 1M-interaction matrix. Sections (default all):
 *   folds    RMSE/MAE of every rating model over u1…u5
 *   ranking  top-10 on u1 for popularity, item-kNN, user-kNN, ALS, EASE and the hybrid
 *   abtest   hybrid vs popularity on u1 users
 *   timing   fit time and peak memory of item-kNN, ALS, EASE on ML-100K (one child process each)
 *   scaling  the same on 1M interactions × 100k users × 20k items (EASE on the top 5,000 items)
 * Run: npx vite-node bench/recsys.ts [sections…] (or node dist/bench/recsys.js after npm run build)
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  abTest, describeData, Ease, evaluateRanking, evaluateRatings, HybridRecommender, ImplicitAls, ItemKnn, loadInteractions,
  loadMovieLensFold, modelFactories, relevantItems, syntheticInteractions, type Interactions, type ModelName, type RatingPredictor,
  type Recommender,
} from '../src/recsys/index.js';
import { rankingPresets, ratingPresets } from '../src/recsys/presets.js';

const dataDir = resolve(process.env.PERCEPTIO_DATA ?? resolve(import.meta.dirname ?? '.', '../../shared/data'), 'movielens-100k');
const f4 = (x: number) => x.toFixed(4);
const secs = (t0: number) => (performance.now() - t0) / 1000;

function folds(): void {
  const names: ModelName[] = ['global-mean', 'baseline', 'userknn', 'itemknn', 'svd'];
  const res = new Map<ModelName, { rmse: number; mae: number }[]>();
  for (const k of [1, 2, 3, 4, 5] as const) {
    const { train, test } = loadMovieLensFold(dataDir, k);
    for (const name of names) {
      const t0 = performance.now();
      const m = modelFactories[name](ratingPresets[name] ?? {}).fit(train) as unknown as RatingPredictor;
      const r = evaluateRatings(m, test);
      res.set(name, [...(res.get(name) ?? []), r]);
      console.log(`u${k} ${name}: RMSE ${f4(r.rmse)} MAE ${f4(r.mae)} (${secs(t0).toFixed(1)} s)`);
    }
  }
  console.log('\n| model | RMSE u1 | u2 | u3 | u4 | u5 | mean RMSE | mean MAE |\n|---|---|---|---|---|---|---|---|');
  for (const [name, rs] of res) {
    const mean = (f: (r: { rmse: number; mae: number }) => number) => rs.reduce((s, r) => s + f(r), 0) / rs.length;
    console.log(`| ${name} | ${rs.map((r) => f4(r.rmse)).join(' | ')} | **${f4(mean((r) => r.rmse))}** | ${f4(mean((r) => r.mae))} |`);
  }
}

let u1Cache: { train: Interactions; test: Interactions; hybrid?: Recommender } | undefined;

/** u1 and its hybrid, fitted once for both the ranking table and the A/B test. The ranker's
 * holdout comes from the served (u1 test) users' training ratings; no test rating is used. */
function u1(): { train: Interactions; test: Interactions; hybrid: () => Recommender } {
  u1Cache ??= loadMovieLensFold(dataDir, 1);
  const c = u1Cache;
  return {
    train: c.train,
    test: c.test,
    hybrid: () => (c.hybrid ??= new HybridRecommender({ servedUsers: [...relevantItems(c.test).keys()] }).fit(c.train)),
  };
}

function ranking(): void {
  const { train, test, hybrid } = u1();
  console.log('top-10 on u1 (u1.base → u1.test), train items excluded, every test rating relevant');
  console.log('| model | NDCG@10 | P@10 | R@10 | MAP@10 | hit@10 | MRR | coverage | novelty | fit s |\n|---|---|---|---|---|---|---|---|---|---|');
  const ndcg: Record<string, number> = {};
  for (const name of ['popularity', 'itemknn', 'userknn', 'als', 'ease', 'hybrid'] as ModelName[]) {
    const t0 = performance.now();
    const m = name === 'hybrid' ? hybrid() : modelFactories[name](rankingPresets[name] ?? {}).fit(train);
    const fit = secs(t0);
    const r = evaluateRanking(m, train, test, { k: 10 });
    ndcg[name] = r.ndcg;
    console.log(`| ${name} | ${f4(r.ndcg)} | ${f4(r.precision)} | ${f4(r.recall)} | ${f4(r.map)} | ${f4(r.hit)} | ${f4(r.mrr)} | ${f4(r.coverage)} | ${r.novelty.toFixed(2)} | ${fit.toFixed(1)} |`);
  }
  const best = Object.entries(ndcg).filter(([n]) => n !== 'hybrid').sort((a, b) => b[1] - a[1])[0];
  console.log(`hybrid NDCG@10 ${f4(ndcg.hybrid)} vs best single ${best[0]} ${f4(best[1])}: ${ndcg.hybrid > best[1] ? 'hybrid wins' : 'hybrid does NOT win'}`);
}

function abtest(): void {
  const { train, test, hybrid } = u1();
  const pop = modelFactories.popularity().fit(train);
  const r = abTest(pop, hybrid(), train, test, { k: 10, metric: 'ndcg', bootstrap: 5000, permutations: 5000, seed: 1 });
  console.log(`A/B on u1 test users: A popularity ${r.a.users} users NDCG@10 ${f4(r.a.mean)}; B hybrid ${r.b.users} users ${f4(r.b.mean)}`);
  console.log(`B − A = ${f4(r.difference)}, 95% bootstrap CI [${f4(r.ci[0])}, ${f4(r.ci[1])}], permutation p = ${r.pValue.toPrecision(3)} → ${r.significant ? 'significant' : 'not significant'}`);
}

/** Runs one fit in a fresh process so that its peak RSS is its own. */
function measured(task: string): void {
  const script = fileURLToPath(import.meta.url);
  // the task travels in the environment: vite-node would take a --task flag for its own
  const env = { ...process.env, RECSYS_BENCH_TASK: task };
  const out = script.endsWith('.ts')
    ? spawnSync('npx', ['vite-node', script], { encoding: 'utf8', maxBuffer: 1 << 24, env })
    : spawnSync(process.execPath, [script], { encoding: 'utf8', maxBuffer: 1 << 24, env });
  const line = out.stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`task ${task} failed: ${out.stderr.slice(-2000)}`);
  const r = JSON.parse(line);
  console.log(`| ${r.data} | ${r.model} | ${r.seconds.toFixed(1)} | ${(r.peakMB).toFixed(0)} | ${(r.peakMB - r.beforeMB).toFixed(0)} |${r.note ? ' ' + r.note : ''}`);
}

function runTask(task: string): void {
  const [where, model] = task.split(':');
  let data: Interactions;
  let note = '';
  if (where === 'ml100k') data = loadInteractions(resolve(dataDir, 'u.data'));
  else {
    const t0 = performance.now();
    data = syntheticInteractions({ users: 100_000, items: 20_000, interactions: 1_000_000, seed: 1 });
    data.byUser();
    data.byItem();
    const r = describeData(data);
    note = `(generated in ${secs(t0).toFixed(1)} s; ${r.users} users with data, ${r.items} items, Gini ${r.giniItems.toFixed(2)}, top-20% share ${(100 * r.top20Share).toFixed(0)}%, max user ${r.userActivity.max})`;
  }
  data.byUser();
  data.byItem();
  const before = process.memoryUsage().rss / 2 ** 20;
  const t0 = performance.now();
  if (model === 'itemknn') new ItemKnn({ implicit: true, neighbours: 100 }).fit(data);
  else if (model === 'als') new ImplicitAls(where === 'ml100k' ? { ...rankingPresets.als } : { factors: 32, alpha: 5, reg: 50, iterations: 10, solver: 'cg' }).fit(data);
  else new Ease({ lambda: 500, maxItems: where === 'ml100k' ? Infinity : 5000 }).fit(data);
  const seconds = secs(t0);
  const peakMB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ data: where, model, seconds, beforeMB: before, peakMB, note }));
}

function timing(where: 'ml100k' | 'synthetic'): void {
  console.log(`\n${where === 'ml100k' ? 'MovieLens 100K (943 × 1,682, 100k ratings)' : 'synthetic 100k users × 20k items, 1M interactions'}`);
  console.log('| data | model | fit s | peak RSS MB | RSS above data MB |\n|---|---|---|---|---|');
  for (const m of ['itemknn', 'als', 'ease']) measured(`${where}:${m}`);
}

const task = process.env.RECSYS_BENCH_TASK;
if (task) runTask(task);
else {
  const wanted = process.argv.filter((a) => ['folds', 'ranking', 'abtest', 'timing', 'scaling'].includes(a));
  const all = wanted.length === 0;
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  if (all || wanted.includes('folds')) folds();
  if (all || wanted.includes('ranking')) ranking();
  if (all || wanted.includes('abtest')) abtest();
  if (all || wanted.includes('timing')) timing('ml100k');
  if (all || wanted.includes('scaling')) timing('synthetic');
}
