"""Reference solutions for test/linear: scikit-learn's LogisticRegression and Ridge/LinearRegression.

Run: /usr/bin/python3 -W error scripts/linear-reference.py > test/fixtures/linear-sklearn.json
The data sets are bundled with scikit-learn (no download) and written into the fixture, so the
tests never need Python. Solvers run to a tight tolerance so the numbers are the true optima (the tests require 1e-5).
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes, load_iris
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge

iris = load_iris()
X_iris = iris.data.astype(np.float64)
y_iris = iris.target.astype(np.int64)
mask = y_iris > 0  # versicolor vs virginica: the two classes that overlap
X_bin, y_bin = X_iris[mask], y_iris[mask]

diabetes = load_diabetes()
X_reg = diabetes.data[:60].astype(np.float64)
y_reg = diabetes.target[:60].astype(np.float64)


def logistic(name, X, y, C, fit_intercept=True):
    # newton-cg reaches the optimum to ~1e-8 (lbfgs stops early on its function tolerance, ~1e-4
    # off); run with -W error so a ConvergenceWarning fails the script
    m = LogisticRegression(C=C, fit_intercept=fit_intercept, tol=1e-7, max_iter=10000, solver="newton-cg")
    m.fit(X, y)
    return {
        "name": name,
        "C": C,
        "fitIntercept": fit_intercept,
        "solver": "newton-cg",
        "iterations": int(np.max(m.n_iter_)),
        "classes": m.classes_.tolist(),
        "coef": m.coef_.tolist(),
        "intercept": np.atleast_1d(m.intercept_).tolist(),
        "probaFirst5": m.predict_proba(X[:5]).tolist(),
        "score": m.score(X, y),
    }


def regression(name, model, X, y):
    model.fit(X, y)
    return {
        "name": name,
        "alpha": getattr(model, "alpha", 0.0),
        "coef": model.coef_.tolist(),
        "intercept": float(model.intercept_),
        "score": model.score(X, y),
    }


out = {
    "library": "scikit-learn",
    "version": sklearn.__version__,
    "numpy": np.__version__,
    "script": "scripts/linear-reference.py",
    "data": {
        "iris": {"X": X_iris.tolist(), "y": y_iris.tolist()},
        "diabetes60": {"X": X_reg.tolist(), "y": y_reg.tolist()},
    },
    "logistic": [
        logistic("iris multinomial C=1", X_iris, y_iris, 1.0),
        logistic("iris multinomial C=0.1", X_iris, y_iris, 0.1),
        logistic("iris versicolor/virginica binary C=1", X_bin, y_bin, 1.0),
        logistic("iris binary C=10 no intercept", X_bin, y_bin, 10.0, fit_intercept=False),
    ],
    "regression": [
        regression("diabetes[:60] ordinary least squares", LinearRegression(), X_reg, y_reg),
        regression("diabetes[:60] ridge alpha=0.5", Ridge(alpha=0.5, solver="cholesky"), X_reg, y_reg),
    ],
}
json.dump(out, sys.stdout, indent=1)
sys.stdout.write("\n")
