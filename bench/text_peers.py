#!/usr/bin/python3
"""scikit-learn side of bench/text.ts: TF-IDF (word 1-2-grams) + logistic regression on SST-2.

Prints one JSON line: {"library", "version", "vectorizeSeconds", "trainSeconds", "accuracy", ...}.
usage: /usr/bin/python3 bench/text_peers.py ../shared/data/sst2 [C]
"""
import json
import sys
import time

import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression


def load(path):
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            text, label = line.rstrip("\n").split("\t")
            texts.append(text)
            labels.append(int(label))
    return texts, labels


folder = sys.argv[1]
C = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
train_x, train_y = load(f"{folder}/train.tsv")
dev_x, dev_y = load(f"{folder}/dev.tsv")

t0 = time.perf_counter()
# the same token pattern as Perceptio's tokenizer keeps one-letter words and clitics ('s, n't)
vec = TfidfVectorizer(ngram_range=(1, 2), token_pattern=r"(?u)[\w'][\w'\-]*")
X = vec.fit_transform(train_x)
Xd = vec.transform(dev_x)
t1 = time.perf_counter()
model = LogisticRegression(C=C, max_iter=1000, tol=1e-4)
model.fit(X, train_y)
t2 = time.perf_counter()
acc = float((model.predict(Xd) == dev_y).mean())
print(json.dumps({
    "library": "scikit-learn",
    "version": sklearn.__version__,
    "vectorizeSeconds": t1 - t0,
    "trainSeconds": t2 - t1,
    "accuracy": acc,
    "features": X.shape[1],
    "nnz": int(X.nnz),
    "iterations": int(model.n_iter_[0]),
}))
