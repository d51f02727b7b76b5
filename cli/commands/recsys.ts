import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, num, report, UsageError, type Command } from '../args.js';
import {
  abTest, describeData, evaluateRanking, evaluateRatings, explainUser, isRatingPredictor, leaveLastOut,
  loadInteractions, loadItemTitles, loadModel, loadMovieLensFold, modelFactories, randomSplit, recommend, relevantItems,
  reportSvg, reportTable, resolveDataset, saveModel, temporalSplit, Popularity, type Interactions, type ModelName,
  type Recommender, type Split,
} from '../../src/recsys/index.js';
import { rankingPresets, ratingPresets } from '../../src/recsys/presets.js';

const help = `Usage: perceptio recsys <report|train|recommend|evaluate|abtest> [options]

  report <ratings file or folder> [--test file] [--svg chart.svg]
      counts, sparsity, rating distribution, long tail, activity and cold-start shares
  train --data <folder or file> --model <name> -o model.json [--factors n] [--epochs n] [--lambda x]
      fits on all of the data; models: ${Object.keys(modelFactories).join(', ')}
  recommend model.json --user <id> [-n 10] [--explain]
      top-n unseen items with titles when the data has them; unknown users get the popular items
  evaluate --data <folder or file> [--models ease,als,itemknn,popularity] [--split u1] [-k 10]
      RMSE/MAE for rating models and P@k, R@k, MAP@k, NDCG@k, hit rate, MRR, coverage, novelty
  abtest --data <folder or file> --a popularity --b hybrid [--split u1] [-k 10] [--metric ndcg]
      users split in two groups, one model each; difference with bootstrap CI and p-value

Splits: u1…u5, ua, ub (MovieLens folders), random (20%), last (leave-last-n-out, --n), temporal (last 20% of time).
Common: --seed n, --json.`;

const modelOptions = {
  data: { type: 'string' },
  model: { type: 'string' },
  models: { type: 'string' },
  out: { type: 'string', short: 'o' },
  split: { type: 'string' },
  n: { type: 'string', short: 'n' },
  k: { type: 'string', short: 'k' },
  user: { type: 'string' },
  test: { type: 'string' },
  svg: { type: 'string' },
  a: { type: 'string' },
  b: { type: 'string' },
  metric: { type: 'string' },
  seed: { type: 'string' },
  factors: { type: 'string' },
  epochs: { type: 'string' },
  lambda: { type: 'string' },
  explain: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parse>['values'];

function modelName(name: unknown, flag: string): ModelName {
  if (typeof name !== 'string' || !(name in modelFactories))
    throw new UsageError(`--${flag} expects one of ${Object.keys(modelFactories).join(', ')}, got ${JSON.stringify(name)}`);
  return name as ModelName;
}

/** The preset for a model, overridden by --factors / --epochs / --lambda where they apply. */
function buildModel(name: ModelName, v: Values, purpose: 'ranking' | 'rating', served?: Interactions): Recommender {
  const preset = { ...((purpose === 'rating' ? ratingPresets[name] : undefined) ?? rankingPresets[name] ?? {}) } as Record<string, unknown>;
  // the hybrid's ranker learns from a holdout of the training data of the users it will serve
  if (name === 'hybrid' && served) preset.servedUsers = [...relevantItems(served).keys()];
  if (v.factors !== undefined) preset.factors = num(v.factors, 'factors', 0);
  if (v.epochs !== undefined) preset[name === 'als' ? 'iterations' : 'epochs'] = num(v.epochs, 'epochs', 0);
  if (v.lambda !== undefined) preset[name === 'ease' ? 'lambda' : 'reg'] = num(v.lambda, 'lambda', 0);
  return modelFactories[name](preset);
}

function dataPath(v: Values, positional?: string): string {
  const p = (v.data as string | undefined) ?? positional;
  if (!p) throw new UsageError('give the data: --data <folder or ratings file>');
  return p;
}

function titlesFor(path: string, data: Interactions): string[] | undefined {
  const { titles } = resolveDataset(path);
  return titles ? loadItemTitles(titles, data.items) : undefined;
}

function makeSplit(path: string, v: Values): Split & { name: string } {
  const folder = existsSync(join(path, 'u1.base'));
  const name = (v.split as string | undefined) ?? (folder ? 'u1' : 'random');
  const seed = num(v.seed, 'seed', 0);
  const fold = /^u([1-5ab])$/.exec(name);
  if (fold) {
    if (!folder) throw new UsageError(`--split ${name} needs a MovieLens 100K folder with u1.base…`);
    const f = fold[1];
    return { name, ...loadMovieLensFold(path, (/\d/.test(f) ? Number(f) : f) as 1) };
  }
  const data = loadInteractions(resolveDataset(path).ratings);
  if (name === 'random') return { name, ...randomSplit(data, { testFraction: 0.2, seed }) };
  if (name === 'last') return { name: `last-${num(v.n, 'n', 1)}`, ...leaveLastOut(data, { n: num(v.n, 'n', 1) }) };
  if (name === 'temporal') return { name, ...temporalSplit(data, { trainFraction: 0.8 }) };
  throw new UsageError(`--split expects u1…u5, ua, ub, random, last or temporal, got ${JSON.stringify(name)}`);
}

const f4 = (x: number) => x.toFixed(4);

async function reportCmd(argv: string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, modelOptions);
  const path = dataPath(v, positionals[0]);
  const { ratings } = resolveDataset(path);
  const data = loadInteractions(ratings);
  const test = v.test ? loadInteractions(v.test as string, { users: data.users, items: data.items }) : undefined;
  const r = describeData(data, test);
  if (v.svg) writeFileSync(v.svg as string, reportSvg(r));
  const { itemPopularity: _p, ...rest } = r;
  report(v.json as boolean, rest, `${ratings}\n\n${reportTable(r)}${v.svg ? `\n\nchart: ${v.svg}` : ''}`);
  return 0;
}

async function trainCmd(argv: string[]): Promise<number> {
  const { values: v } = parse(argv, modelOptions);
  const name = modelName(v.model, 'model');
  const path = dataPath(v);
  if (!v.out) throw new UsageError('give the output file: -o model.json');
  const data = loadInteractions(resolveDataset(path).ratings);
  const t0 = performance.now();
  const model = buildModel(name, v, 'ranking').fit(data);
  const seconds = (performance.now() - t0) / 1000;
  writeFileSync(v.out as string, JSON.stringify(saveModel(name, model, data, titlesFor(path, data))));
  report(v.json as boolean, { model: name, users: data.nUsers, items: data.nItems, interactions: data.length, seconds, out: v.out },
    `trained ${name} on ${data.length} interactions (${data.nUsers} users × ${data.nItems} items) in ${seconds.toFixed(1)} s → ${v.out}`);
  return 0;
}

async function recommendCmd(argv: string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, modelOptions);
  const file = positionals[0];
  if (!file) throw new UsageError('give the model file: recommend model.json --user <id>');
  if (v.user === undefined) throw new UsageError('give the user: --user <id>');
  const n = num(v.n, 'n', 10);
  const { model, train, titles } = loadModel(JSON.parse(readFileSync(file, 'utf8')));
  const u = train.users.indexOf(String(v.user));
  const title = (i: number) => (titles?.[i] ? ` ${titles[i]}` : '');
  if (u === undefined) {
    const items = recommend(new Popularity().fit(train), train, -1, n);
    const list = Array.from(items, (i) => ({ item: train.items.id(i), title: titles?.[i] }));
    report(v.json as boolean, { user: v.user, known: false, note: 'unknown user: most popular items', recommendations: list },
      `user ${v.user} is not in the training data: recommending the most popular items\n` +
      list.map((x, r) => `${String(r + 1).padStart(3)}. ${x.item}${x.title ? ' ' + x.title : ''}`).join('\n'));
    return 0;
  }
  const r = explainUser(model, train, u, n, { titles });
  const lines = r.recommendations.map((x, k) => {
    const i = train.items.indexOf(x.item)!;
    let s = `${String(k + 1).padStart(3)}. ${x.item}${title(i)}  (score ${x.score.toFixed(3)})`;
    if (v.explain && x.becauseOf.length) s += `\n       because you liked: ${x.becauseOf.map((b) => `${b.title ?? b.item} (${b.similarity.toFixed(2)})`).join('; ')}`;
    if (v.explain && x.topFeatures) s += `\n       top features: ${x.topFeatures.map((f) => `${f.feature}=${f.value.toFixed(2)} (${f.contribution >= 0 ? '+' : ''}${f.contribution.toFixed(3)})`).join(', ')}`;
    return s;
  });
  report(v.json as boolean, { ...r }, `top ${n} for user ${v.user} (${r.history} items in history):\n${lines.join('\n')}`);
  return 0;
}

async function evaluateCmd(argv: string[]): Promise<number> {
  const { values: v } = parse(argv, modelOptions);
  const path = dataPath(v);
  const k = num(v.k, 'k', 10);
  const names = ((v.models as string | undefined) ?? 'popularity,itemknn,als,ease').split(',').map((m) => modelName(m.trim(), 'models'));
  const split = makeSplit(path, v);
  const rows: Record<string, unknown>[] = [];
  const lines = [`split ${split.name}: ${split.train.length} train, ${split.test.length} test interactions; top-${k} with seen items excluded, every test item relevant`,
    `| model | RMSE | MAE | P@${k} | R@${k} | MAP@${k} | NDCG@${k} | hit | MRR | coverage | novelty | fit s |`, '|---|---|---|---|---|---|---|---|---|---|---|---|'];
  for (const name of names) {
    const t0 = performance.now();
    const ranker = buildModel(name, v, 'ranking', split.test).fit(split.train);
    const fit = (performance.now() - t0) / 1000;
    const r = evaluateRanking(ranker, split.train, split.test, { k });
    let rating: { rmse: number; mae: number } | undefined;
    if (ratingPresets[name] && split.train.explicit) {
      const rm = name === 'svd' ? ranker : buildModel(name, v, 'rating').fit(split.train);
      if (isRatingPredictor(rm)) rating = evaluateRatings(rm, split.test);
    }
    const { perUser: _p, ...mean } = r;
    rows.push({ model: name, ...mean, ...(rating ?? {}), fitSeconds: fit });
    lines.push(`| ${name} | ${rating ? f4(rating.rmse) : '–'} | ${rating ? f4(rating.mae) : '–'} | ${f4(r.precision)} | ${f4(r.recall)} | ${f4(r.map)} | ${f4(r.ndcg)} | ${f4(r.hit)} | ${f4(r.mrr)} | ${f4(r.coverage)} | ${r.novelty.toFixed(2)} | ${fit.toFixed(1)} |`);
  }
  report(v.json as boolean, { split: split.name, k, models: rows }, lines.join('\n'));
  return 0;
}

async function abtestCmd(argv: string[]): Promise<number> {
  const { values: v } = parse(argv, modelOptions);
  const path = dataPath(v);
  const a = modelName(v.a ?? 'popularity', 'a');
  const b = modelName(v.b ?? 'hybrid', 'b');
  const k = num(v.k, 'k', 10);
  const metric = (v.metric as string | undefined) ?? 'ndcg';
  if (!['precision', 'recall', 'map', 'ndcg', 'hit', 'mrr'].includes(metric)) throw new UsageError(`--metric expects precision, recall, map, ndcg, hit or mrr, got ${JSON.stringify(metric)}`);
  const split = makeSplit(path, v);
  const ma = buildModel(a, v, 'ranking', split.test).fit(split.train);
  const mb = buildModel(b, v, 'ranking', split.test).fit(split.train);
  const r = abTest(ma, mb, split.train, split.test, { k, metric: metric as 'ndcg', seed: num(v.seed, 'seed', 0) });
  report(v.json as boolean, { split: split.name, ...r },
    `A/B on split ${split.name}, ${metric}@${k} per user:\n` +
    `  A ${a}: ${r.a.users} users, mean ${f4(r.a.mean)}\n  B ${b}: ${r.b.users} users, mean ${f4(r.b.mean)}\n` +
    `  B − A = ${f4(r.difference)}, ${100 * r.confidence}% CI [${f4(r.ci[0])}, ${f4(r.ci[1])}], p = ${r.pValue.toPrecision(3)}` +
    ` → ${r.significant ? 'significant' : 'not significant'}`);
  return 0;
}

const subcommands: Record<string, (argv: string[]) => Promise<number>> = {
  report: reportCmd,
  train: trainCmd,
  recommend: recommendCmd,
  evaluate: evaluateCmd,
  abtest: abtestCmd,
};

export const command: Command = {
  summary: 'recommender systems: data report, train, recommend, evaluate, A/B test',
  help,
  async run(argv) {
    const [sub, ...rest] = argv;
    const fn = sub ? subcommands[sub] : undefined;
    if (!fn) throw new UsageError(`expected a sub-command (${Object.keys(subcommands).join(', ')}), got ${JSON.stringify(sub ?? '')}`);
    return fn(rest);
  },
};
