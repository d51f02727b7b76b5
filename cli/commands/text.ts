import { existsSync, readFileSync } from 'node:fs';
import { num, parse, report, UsageError, type Command } from '../args.js';
import { crossValidate, evaluate } from '../../src/text/evaluate.js';
import { explain } from '../../src/text/explain.js';
import { MODEL_KINDS, type ModelOptions } from '../../src/text/models.js';
import { TextClassifier, type TextClassifierOptions, type VectorizerOptions } from '../../src/text/pipeline.js';
import { decodeUtf8, readLabelledTexts } from '../../src/text/read.js';

const help = `Usage:
  perceptio text train <data> -o model.json [options]
  perceptio text predict <model.json> <text | --file texts.txt> [--proba]
  perceptio text explain <model.json> <text> [--top 10]

train reads a .csv or .tsv file (quoted fields, header line) or any other file with one
example per line as text<TAB>label. Files must be UTF-8.
  --text-column NAME     column with the text (default text; a number for --no-header)
  --label-column NAME    column with the label (default label)
  --no-header            the CSV/TSV file has no header line
  --lang en|ru|auto      stop-word lists (default auto: both)
  --model KIND           ${MODEL_KINDS.join(' | ')} (default logistic)
  --vectorizer KIND      tfidf | count | binary | hashing (default tfidf)
  --ngram A-B            word n-grams (default 1-2)
  --char-ngram A-B       character n-grams within words (default none)
  --stem                 Snowball stemming (Russian and English)
  --negation             mark words after a negation (not_good)
  --stopwords            drop stop words (negations are kept)
  --punctuation          keep punctuation tokens
  -C VALUE               inverse regularization (default 1)
  --min-df N             drop terms in fewer than N documents (default 1)
  --chi2 K               keep the K features with the highest chi-squared
  --test FILE            evaluate on a labelled file after training
  --cv K                 report K-fold cross-validation before training on everything
  -o, --out FILE         where to save the model (JSON)
predict prints one label per text (--proba adds class probabilities); explain prints the
words that pushed the text towards its label. --json prints JSON.
`;

/** A string option's value (parseArgs types every option loosely). */
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function range(value: unknown, name: string): [number, number] | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(String(value));
  const r: [number, number] | null = m ? [+m[1], +(m[2] ?? m[1])] : null;
  if (!r || r[0] < 1 || r[1] < r[0]) throw new UsageError(`--${name} expects A-B with 1 ≤ A ≤ B, got ${JSON.stringify(value)}`);
  return r;
}

function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

async function train(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    'text-column': { type: 'string' },
    'label-column': { type: 'string' },
    'no-header': { type: 'boolean' },
    lang: { type: 'string' },
    model: { type: 'string' },
    vectorizer: { type: 'string' },
    ngram: { type: 'string' },
    'char-ngram': { type: 'string' },
    stem: { type: 'boolean' },
    negation: { type: 'boolean' },
    stopwords: { type: 'boolean' },
    punctuation: { type: 'boolean' },
    C: { type: 'string', short: 'C' },
    'min-df': { type: 'string' },
    chi2: { type: 'string' },
    test: { type: 'string' },
    cv: { type: 'string' },
    out: { type: 'string', short: 'o' },
  });
  if (positionals.length !== 1) throw new UsageError('train expects one data file');
  const out = str(values.out);
  if (!out) throw new UsageError('train needs -o model.json');
  const lang = oneOf(values.lang, 'lang', ['en', 'ru', 'auto'] as const, 'auto');
  const kind = oneOf(values.model, 'model', MODEL_KINDS, 'logistic');
  const vkind = oneOf(values.vectorizer, 'vectorizer', ['tfidf', 'count', 'binary', 'hashing'] as const, 'tfidf');
  const C = num(values.C, 'C', 1);
  const minDf = num(values['min-df'], 'min-df', 1);
  const chi2 = values.chi2 === undefined ? null : num(values.chi2, 'chi2', 0);
  const folds = values.cv === undefined ? 0 : num(values.cv, 'cv', 5);
  const options: TextClassifierOptions = {
    analyzer: {
      lang: lang === 'auto' ? ['en', 'ru'] : lang,
      ngram: range(values.ngram, 'ngram') ?? [1, 2],
      charNgram: range(values['char-ngram'], 'char-ngram') ?? null,
      stem: values.stem === true,
      negation: values.negation === true,
      stopWords: values.stopwords === true,
      punctuation: values.punctuation === true,
    },
    vectorizer: (vkind === 'hashing' ? { kind: vkind } : { kind: vkind, minDf, sublinearTf: vkind === 'tfidf' }) as VectorizerOptions,
    chi2,
    model: (kind === 'nb' || kind === 'cnb' ? { kind } : { kind, C }) as ModelOptions,
  };
  const data = readLabelledTexts(positionals[0], {
    textColumn: str(values['text-column']),
    labelColumn: str(values['label-column']),
    noHeader: values['no-header'] === true,
  });
  const result: Record<string, unknown> = { examples: data.texts.length };
  const lines: string[] = [`${data.texts.length} examples`];
  if (folds) {
    const cv = crossValidate(options, data.texts, data.labels, { folds });
    Object.assign(result, { cv: { folds, accuracy: cv.accuracy, macroF1: cv.macroF1, weightedF1: cv.weightedF1 } });
    lines.push(`${folds}-fold CV: accuracy ${cv.accuracy.toFixed(4)}, macro F1 ${cv.macroF1.toFixed(4)}, weighted F1 ${cv.weightedF1.toFixed(4)}`);
  }
  const start = performance.now();
  const clf = new TextClassifier(options).fit(data.texts, data.labels);
  const seconds = (performance.now() - start) / 1000;
  clf.save(out);
  Object.assign(result, { classes: clf.classes, features: clf.model.nFeatures, seconds, model: out });
  lines.push(`classes ${clf.classes.join(', ')}; ${clf.model.nFeatures} features; trained in ${seconds.toFixed(1)} s; saved ${out}`);
  const testFile = str(values.test);
  if (testFile) {
    const test = readLabelledTexts(testFile, {
      textColumn: str(values['text-column']),
      labelColumn: str(values['label-column']),
      noHeader: values['no-header'] === true,
    });
    const e = evaluate(test.labels, clf.predict(test.texts), clf.classes);
    Object.assign(result, { test: { accuracy: e.accuracy, macroF1: e.macroF1, weightedF1: e.weightedF1, perClass: e.perClass, confusion: e.confusion } });
    lines.push(`test: accuracy ${e.accuracy.toFixed(4)}, macro F1 ${e.macroF1.toFixed(4)}, weighted F1 ${e.weightedF1.toFixed(4)}`);
    for (const c of clf.classes) {
      const p = e.perClass[c];
      lines.push(`  ${c.padEnd(12)} P ${p.precision.toFixed(3)} R ${p.recall.toFixed(3)} F1 ${p.f1.toFixed(3)} (${p.support})`);
    }
  }
  report(values.json === true, result, lines.join('\n'));
  return 0;
}

function loadModel(path: string | undefined): TextClassifier {
  if (!path) throw new UsageError('expects a model file first');
  if (!existsSync(path)) throw new UsageError(`no model file '${path}'`);
  return TextClassifier.load(path);
}

async function predict(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { file: { type: 'string' }, proba: { type: 'boolean' } });
  const clf = loadModel(positionals[0]);
  let texts = positionals.slice(1);
  const file = str(values.file);
  if (file) texts = decodeUtf8(readFileSync(file), file).split(/\r?\n/).filter((l) => l.trim());
  if (texts.length === 0) throw new UsageError('predict expects a text or --file');
  const labels = clf.predict(texts);
  const proba = values.proba ? clf.predictProba(texts) : null;
  const rows = texts.map((t, i) => ({
    label: labels[i],
    ...(proba ? { proba: Object.fromEntries(clf.classes.map((c, k) => [c, proba[i][k]])) } : {}),
  }));
  const text = rows
    .map((r) => (r.proba ? `${r.label}\t${Object.entries(r.proba).map(([c, p]) => `${c}=${p.toFixed(3)}`).join(' ')}` : r.label))
    .join('\n');
  report(values.json === true, { predictions: rows }, text);
  return 0;
}

async function explainCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { top: { type: 'string' } });
  const clf = loadModel(positionals[0]);
  const text = positionals.slice(1).join(' ');
  if (!text) throw new UsageError('explain expects a text');
  const top = num(values.top, 'top', 10);
  const e = explain(clf, text);
  const lines = [
    `label ${e.label} (${Object.entries(e.scores).map(([c, s]) => `${c} ${s.toFixed(3)}`).join(', ')}; bias ${e.bias.toFixed(3)})`,
    'tokens:',
    ...e.tokens.map((t) => `  ${t.token.padEnd(16)} ${t.contribution >= 0 ? '+' : ''}${t.contribution.toFixed(3)}`),
    'strongest features:',
    ...e.features.slice(0, top).map((f) => `  ${f.feature.padEnd(24)} ${f.contribution >= 0 ? '+' : ''}${f.contribution.toFixed(3)}`),
  ];
  report(values.json === true, { ...e, features: e.features.slice(0, top) }, lines.join('\n'));
  return 0;
}

export const command: Command = {
  summary: 'train, apply and explain linear text classifiers (sentiment, topics)',
  help,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === 'train') return train(rest);
    if (sub === 'predict') return predict(rest);
    if (sub === 'explain') return explainCommand(rest);
    throw new UsageError(sub ? `unknown sub-command '${sub}' (train, predict, explain)` : 'expects train, predict or explain');
  },
};
