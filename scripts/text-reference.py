#!/usr/bin/python3
"""Reference solutions for test/text/*.test.ts, written to test/text/reference.json.

A small fixed problem (12 rows x 5 features, some zeros) solved by scikit-learn with tight
tolerances: logistic regression (binary and multinomial, L2; binary L1 by saga), LinearSVC
(squared hinge and hinge, liblinear), MultinomialNB, ComplementNB, chi2, TfidfTransformer.
usage: /usr/bin/python3 scripts/text-reference.py > test/text/reference.json
"""
import json

import numpy as np
import sklearn
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.feature_selection import chi2
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import ComplementNB, MultinomialNB
from sklearn.svm import LinearSVC

X = np.array([
    [1, 0, 2, 0, 1], [0, 1, 0, 3, 0], [2, 1, 0, 0, 1], [0, 0, 1, 1, 2],
    [3, 0, 0, 1, 0], [0, 2, 1, 0, 0], [1, 1, 1, 0, 0], [0, 0, 0, 2, 1],
    [2, 0, 1, 0, 0], [0, 3, 0, 1, 1], [1, 0, 0, 0, 3], [0, 1, 2, 1, 0],
], dtype=float)
y2 = np.array([1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0])
y3 = np.array([0, 1, 2, 2, 0, 1, 0, 2, 0, 1, 2, 1])
Xs = csr_matrix(X)
out = {"sklearn": sklearn.__version__, "script": "scripts/text-reference.py", "X": X.tolist(), "y2": y2.tolist(), "y3": y3.tolist()}


def weights(m):
    return {"coef": m.coef_.tolist(), "intercept": m.intercept_.tolist()}


# Newton solvers: lbfgs stops on its relative-decrease test (ftol = 64 eps) around 1e-5 from the optimum
out["logisticBinaryL2"] = weights(LogisticRegression(C=0.5, solver="newton-cholesky", tol=1e-12, max_iter=1000).fit(X, y2))
out["logisticMultinomialL2"] = weights(LogisticRegression(C=2.0, solver="newton-cg", tol=1e-12, max_iter=1000).fit(X, y3))
out["logisticBinaryL1"] = weights(LogisticRegression(C=2.0, penalty="l1", solver="saga", tol=1e-12, max_iter=1000000).fit(Xs, y2))
out["svmSquaredHinge"] = weights(LinearSVC(C=0.5, tol=1e-10, max_iter=1000000).fit(Xs, y2))
out["svmHinge"] = weights(LinearSVC(C=0.5, loss="hinge", tol=1e-10, max_iter=1000000).fit(Xs, y2))
# one-vs-rest as three binary problems: liblinear's own multi-class run at this tolerance stops
# at max_iter without converging for class 0
ovr = [LinearSVC(C=0.5, tol=1e-10, max_iter=1000000).fit(Xs, (y3 == c).astype(int)) for c in range(3)]
out["svmOvr"] = {"coef": [m.coef_[0].tolist() for m in ovr], "intercept": [float(m.intercept_[0]) for m in ovr]}
nb = MultinomialNB(alpha=0.5).fit(X, y3)
out["multinomialNB"] = {"featureLogProb": nb.feature_log_prob_.tolist(), "classLogPrior": nb.class_log_prior_.tolist()}
cnb = ComplementNB(alpha=0.5).fit(X, y3)
out["complementNB"] = {"featureLogProb": cnb.feature_log_prob_.tolist(), "predict": cnb.predict(X).tolist()}
out["chi2"] = chi2(X, y3)[0].tolist()
out["tfidfSublinear"] = TfidfTransformer(sublinear_tf=True).fit_transform(X).toarray().tolist()
print("{\n" + ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in out.items()) + "\n}")
