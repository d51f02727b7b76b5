import type { LinearClassifier, LinearModelJSON } from './linear.js';
import { LogisticRegression, type LogisticOptions } from './logistic.js';
import { ComplementNB, MultinomialNB, type NaiveBayesOptions } from './naive-bayes.js';
import { NbSvm, type NbSvmOptions } from './nbsvm.js';
import { LinearSVC, type SvmOptions } from './svm.js';

/** A model by name with its options, as a TextClassifier and the CLI name them. */
export type ModelOptions =
  | ({ kind: 'logistic' } & LogisticOptions)
  | ({ kind: 'svm' } & SvmOptions)
  | ({ kind: 'nb' } & NaiveBayesOptions)
  | ({ kind: 'cnb' } & NaiveBayesOptions)
  | ({ kind: 'nbsvm' } & NbSvmOptions);

export type ModelKind = ModelOptions['kind'];
export const MODEL_KINDS: readonly ModelKind[] = ['logistic', 'svm', 'nb', 'cnb', 'nbsvm'];

/**
 * Creates an unfitted model. Example: createModel({ kind: 'svm', C: 0.5 })
 */
export function createModel(options: ModelOptions): LinearClassifier {
  const strip = <T extends { kind: string }>({ kind: _kind, ...rest }: T) => rest;
  switch (options.kind) {
    case 'logistic':
      return new LogisticRegression(strip(options));
    case 'svm':
      return new LinearSVC(strip(options));
    case 'nb':
      return new MultinomialNB(strip(options));
    case 'cnb':
      return new ComplementNB(strip(options));
    case 'nbsvm':
      return new NbSvm(strip(options));
    default:
      throw new Error(`unknown model '${(options as { kind: string }).kind}' (models: ${MODEL_KINDS.join(', ')})`);
  }
}

/** A fitted model from its toJSON() form. */
export function modelFromJSON(json: LinearModelJSON): LinearClassifier {
  return createModel({ kind: json.kind, ...json.options } as ModelOptions).loadWeights(json);
}
