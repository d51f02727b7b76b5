import { readFileSync, writeFileSync } from 'node:fs';
import { num, parse, report, UsageError, type Command } from '../args.js';
import { readCsv, type Csv } from '../../src/data/csv.js';
import {
  Booster, categoricalIndices, encodeFeatures, encodeTarget, fitSchema, importanceSvg, train, type BoosterJSON,
  type TableSchema,
} from '../../src/boost/index.js';

/** A CLI model: the booster plus the schema that turns CSV rows into its features. */
interface CliModel {
  format: 'perceptio-boost-table';
  version: 1;
  schema: TableSchema;
  booster: BoosterJSON;
}

const help = `Usage:
  perceptio boost train DATA.csv --target COL [options] [-o model.json]
  perceptio boost predict MODEL.json DATA.csv [-o predictions.csv]
  perceptio boost explain MODEL.json ROWS.csv [--top 10]

Gradient-boosted trees on a CSV/TSV table (header row required unless --columns names them).

train options:
  --target COL            column to predict (required)
  --categorical A,B,...   columns with native categorical splits (others must be numeric)
  --drop A,B,...          columns to ignore
  --columns A,B,...       column names for a file without a header row
  --objective NAME        binary, multiclass, squarederror, absoluteerror, huber, quantile, poisson
                          (default: classification for text or two-valued targets, else squarederror)
  --n-estimators N        boosting rounds (default 100)
  --learning-rate X       (default 0.1)
  --max-depth N           (default 6; 0 = unlimited)
  --max-leaves N          leaf-wise growth with at most N leaves
  --valid-fraction X      hold out this fraction for evaluation and early stopping (default 0.2)
  --early-stopping N      stop after N rounds without improvement (default 0 = off)
  --metric NAME           evaluation metric (default the objective's: logloss, mlogloss, rmse …)
  --seed N                (default 0)
  --threads N             histogram-building threads (default 1)
  -o, --out FILE          model file (default model.json); the importance chart goes to FILE.importance.svg
  --quiet                 no progress bar
predict options:
  -o, --out FILE          write predictions here instead of stdout
explain options:
  --top N                 contributions listed per row (default 10)`;

function readTable(path: string, columns: string | undefined): Csv {
  if (!columns) return readCsv(path, { trim: true });
  const csv = readCsv(path, { trim: true, header: false });
  const names = columns.split(',');
  if (csv.rows.length && csv.rows[0].length !== names.length)
    throw new UsageError(`--columns names ${names.length} columns but ${path} has ${csv.rows[0].length}`);
  return { ...csv, header: names };
}

const list = (s: unknown) => (typeof s === 'string' && s ? s.split(',').map((x) => x.trim()) : []);

function loadModel(path: string): CliModel {
  const m = JSON.parse(readFileSync(path, 'utf8')) as CliModel;
  if (m.format !== 'perceptio-boost-table') throw new Error(`${path}: not a model written by 'perceptio boost train'`);
  return m;
}

/** A one-line progress bar on stderr, redrawn in place. */
function progress(round: number, total: number, text: string): void {
  const width = 30;
  const done = Math.round(((round + 1) / total) * width);
  process.stderr.write(`\r[${'#'.repeat(done)}${' '.repeat(width - done)}] ${round + 1}/${total} ${text}   `);
}

async function trainCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, {
    target: { type: 'string' }, categorical: { type: 'string' }, drop: { type: 'string' }, columns: { type: 'string' },
    objective: { type: 'string' }, 'n-estimators': { type: 'string' }, 'learning-rate': { type: 'string' },
    'max-depth': { type: 'string' }, 'max-leaves': { type: 'string' }, 'valid-fraction': { type: 'string' },
    'early-stopping': { type: 'string' }, metric: { type: 'string' }, seed: { type: 'string' },
    threads: { type: 'string' }, out: { type: 'string', short: 'o' }, quiet: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('train expects one data file');
  if (!v.target) throw new UsageError('--target is required');
  // options first, so a bad option is reported before the data are read
  const nEstimators = num(v['n-estimators'], 'n-estimators', 100);
  const fraction = num(v['valid-fraction'], 'valid-fraction', 0.2);
  if (!(fraction >= 0 && fraction < 1)) throw new UsageError(`--valid-fraction must be in [0, 1), got ${fraction}`);
  const seed = num(v.seed, 'seed', 0);
  const nThreads = num(v.threads, 'threads', 1);
  if (!(Number.isInteger(nThreads) && nThreads >= 1)) throw new UsageError(`--threads expects a positive integer, got ${nThreads}`);
  const maxLeaves = num(v['max-leaves'], 'max-leaves', 0);
  const learningRate = num(v['learning-rate'], 'learning-rate', 0.1);
  const maxDepth = num(v['max-depth'], 'max-depth', maxLeaves > 0 ? 0 : 6);
  const earlyStoppingRounds = num(v['early-stopping'], 'early-stopping', 0);
  const csv = readTable(positionals[0], v.columns as string | undefined);
  const objArg = v.objective as string | undefined;
  const regression = objArg !== undefined && !['binary', 'multiclass', 'binary:logistic', 'multi:softprob'].includes(objArg);
  const schema = fitSchema(csv, {
    target: v.target as string, categorical: list(v.categorical), drop: list(v.drop),
    task: objArg === undefined ? undefined : regression ? 'regression' : 'classification',
  });
  const X = encodeFeatures(csv, schema);
  const y = encodeTarget(csv, schema);
  const K = schema.classes?.length ?? 0;
  const objective = objArg ?? (schema.task === 'regression' ? 'squarederror' : K > 2 ? 'multiclass' : 'binary');

  // seeded random validation rows
  let trainRows: number[] = [...Array(X.rows).keys()];
  let validRows: number[] = [];
  if (fraction > 0) {
    let a = seed + 0x9e3779b9;
    const rnd = () => ((a = (Math.imul(a ^ (a >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0) >>> 0) / 4294967296;
    const hold = trainRows.map(() => rnd() < fraction);
    validRows = trainRows.filter((r) => hold[r]);
    trainRows = trainRows.filter((r) => !hold[r]);
  }
  const take = (rows: number[]) => {
    const data = new Float64Array(rows.length * X.cols);
    rows.forEach((r, i) => data.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), i * X.cols));
    return { X: { data, rows: rows.length, cols: X.cols }, y: rows.map((r) => y[r]) };
  };
  const names = schema.features.map((f) => f.name);
  const quiet = v.quiet || v.json;
  const t0 = performance.now();
  const booster = train(
    {
      objective, nEstimators, learningRate, maxDepth, maxLeaves,
      growPolicy: maxLeaves > 0 ? 'lossguide' : 'depthwise', numClass: K > 2 ? K : 0,
      categoricalFeatures: categoricalIndices(schema), earlyStoppingRounds,
      evalMetric: list(v.metric), seed, nThreads,
    },
    { ...take(trainRows), featureNames: names },
    {
      evals: validRows.length ? [{ name: 'valid', ...take(validRows) }] : [],
      onIteration: ({ iteration, scores }) => {
        if (quiet) return;
        const s = scores.valid ? Object.entries(scores.valid).map(([k, x]) => `valid-${k} ${x.toFixed(5)}`).join(' ') : '';
        progress(iteration, nEstimators, s);
      },
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (!quiet) process.stderr.write('\n');
  const out = (v.out as string | undefined) ?? 'model.json';
  const model: CliModel = { format: 'perceptio-boost-table', version: 1, schema, booster: booster.toJSON() };
  writeFileSync(out, JSON.stringify(model));
  const gain = booster.featureImportance('gain');
  const svgPath = out.replace(/\.json$/, '') + '.importance.svg';
  writeFileSync(svgPath, importanceSvg(names, gain));

  const hist = booster.info.evalHistory.valid ?? {};
  const lines = [`trained ${booster.rounds} rounds in ${seconds.toFixed(2)} s on ${trainRows.length} rows ` +
    `(${validRows.length} held out); objective ${booster.info.objective}`];
  const metricNames = Object.keys(hist);
  if (metricNames.length) {
    lines.push(`evaluation history (valid):`, `  round  ${metricNames.join('  ')}`);
    const R = hist[metricNames[0]].length;
    const step = Math.max(1, Math.ceil(R / 10));
    for (let r = 0; r < R; r += step) lines.push(`  ${String(r).padStart(5)}  ${metricNames.map((m) => hist[m][r].toFixed(5)).join('  ')}`);
    lines.push(`best round ${booster.info.bestIteration}: ${metricNames[0]} ${hist[metricNames[0]][booster.info.bestIteration].toFixed(5)}`);
  }
  const order = Array.from(gain.keys()).sort((a, b) => gain[b] - gain[a]).slice(0, 10);
  const total = gain.reduce((a, b) => a + b, 0) || 1;
  lines.push('importance (share of total gain):');
  for (const i of order) lines.push(`  ${names[i].padEnd(20)} ${'█'.repeat(Math.round((gain[i] / total) * 40)).padEnd(40)} ${((gain[i] / total) * 100).toFixed(1)}%`);
  lines.push(`model written to ${out}, importance chart to ${svgPath}`);
  report(v.json as boolean | undefined, { model: out, importanceSvg: svgPath, rounds: booster.rounds, bestIteration: booster.info.bestIteration,
    seconds, evalHistory: hist }, lines.join('\n'));
  return 0;
}

async function predictCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, { out: { type: 'string', short: 'o' } });
  if (positionals.length !== 2) throw new UsageError('predict expects MODEL.json DATA.csv');
  const model = loadModel(positionals[0]);
  const booster = Booster.fromJSON(model.booster);
  const csv = readCsv(positionals[1], { trim: true });
  const p = booster.predict(encodeFeatures(csv, model.schema));
  const classes = model.schema.classes;
  const lines: string[] = [];
  if (classes) {
    const K = classes.length;
    lines.push(['prediction', ...classes.map((c) => `proba_${c}`)].join(','));
    for (let i = 0; i < csv.rows.length; i++) {
      const probs = K === 2 ? [1 - p[i], p[i]] : Array.from(p.subarray(i * K, (i + 1) * K));
      const best = probs.indexOf(Math.max(...probs));
      lines.push([csvField(classes[best]), ...probs.map((x) => x.toPrecision(6))].join(','));
    }
  } else {
    lines.push('prediction', ...Array.from(p, (x) => String(x)));
  }
  const text = lines.join('\n') + '\n';
  if (v.out) {
    writeFileSync(v.out as string, text);
    process.stdout.write(`${csv.rows.length} predictions written to ${v.out}\n`);
  } else process.stdout.write(text);
  return 0;
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function explainCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, { top: { type: 'string' } });
  if (positionals.length !== 2) throw new UsageError('explain expects MODEL.json ROWS.csv');
  const top = num(v.top, 'top', 10);
  const model = loadModel(positionals[0]);
  const booster = Booster.fromJSON(model.booster);
  const csv = readCsv(positionals[1], { trim: true });
  const X = encodeFeatures(csv, model.schema);
  const phi = booster.shap(X);
  const raw = booster.predictRaw(X);
  const F = X.cols;
  const K = booster.info.outputs;
  const names = model.schema.features.map((f) => f.name);
  const out: string[] = [];
  const json: unknown[] = [];
  for (let r = 0; r < X.rows; r++) {
    // multiclass: explain the predicted class
    let k = 0;
    for (let c = 1; c < K; c++) if (raw[r * K + c] > raw[r * K + k]) k = c;
    const base = (r * K + k) * (F + 1);
    const contrib = names.map((name, i) => ({ name, value: csv.rows[r][csv.header.indexOf(name)], phi: phi[base + i] }));
    contrib.sort((a, b) => Math.abs(b.phi) - Math.abs(a.phi));
    const label = model.schema.classes ? ` (class ${model.schema.classes[K === 1 ? 1 : k]}, raw score)` : '';
    out.push(`row ${r + 1}${label}: expected value ${phi[base + F].toFixed(4)}, prediction ${raw[r * K + k].toFixed(4)}`);
    for (const c of contrib.slice(0, top))
      out.push(`  ${(c.phi >= 0 ? '+' : '') + c.phi.toFixed(4)}  ${c.name} = ${c.value}`);
    json.push({ row: r + 1, expectedValue: phi[base + F], prediction: raw[r * K + k], contributions: contrib });
  }
  report(v.json as boolean | undefined, { rows: json }, out.join('\n'));
  return 0;
}

export const command: Command = {
  summary: 'gradient-boosted trees on CSV tables: train, predict, explain (SHAP)',
  help,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === 'train') return trainCommand(rest);
    if (sub === 'predict') return predictCommand(rest);
    if (sub === 'explain') return explainCommand(rest);
    throw new UsageError(sub ? `unknown sub-command '${sub}' (train, predict, explain)` : 'expected train, predict or explain');
  },
};
