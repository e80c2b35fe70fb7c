"""5-fold CV on the whole HH sample with the folds bench/reference/cv-sweep.ts and `prefstudio cv` use (fold = line
index mod 5): "shorter response wins" and the TF-IDF bag-of-bigrams logistic regression of tfidf_baseline.py.
Prints pooled accuracy ± binomial SE and per-fold accuracies. Usage: /usr/bin/python3 bench/reference/tfidf_cv.py
With --save, also writes the held-out decision values of C = 1 by line to results/hh-cv-sklearn.json, for the paired
differences that cv-analyse.ts prints.
"""
import gzip
import json
import os
import sys

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from tfidf_baseline import PATH, split

FOLDS = 5


def logreg_fold(train, test, c=1.0):
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    vec.fit([t for p in train for t in p])
    tc, tr = vec.transform([p[0] for p in train]), vec.transform([p[1] for p in train])
    x = np.vstack([(tc - tr).toarray(), (tr - tc).toarray()])
    y = np.concatenate([np.ones(len(train)), np.zeros(len(train))])
    clf = LogisticRegression(C=c, max_iter=2000, fit_intercept=False).fit(x, y)
    hc, hr = vec.transform([p[0] for p in test]), vec.transform([p[1] for p in test])
    return clf.decision_function((hc - hr).toarray())


def show(name, folds):
    allc = np.concatenate(folds)
    acc = allc.mean()
    se = np.sqrt(acc * (1 - acc) / len(allc))
    print(json.dumps({"name": name, "accuracy": round(float(acc), 4), "se": round(float(se), 4),
                      "folds": [round(float(f.mean()), 3) for f in folds]}))


def main():
    with gzip.open(PATH, "rt", encoding="utf8") as f:
        pairs = [split(line) for line in f if line.strip()]
    folds = [[p for i, p in enumerate(pairs) if i % FOLDS == k] for k in range(FOLDS)]
    rests = [[p for i, p in enumerate(pairs) if i % FOLDS != k] for k in range(FOLDS)]
    show("shorter_wins", [np.array([len(c) < len(r) for c, r in fold], dtype=float) for fold in folds])
    for c in (0.5, 1.0, 2.0):
        decisions = [logreg_fold(rests[k], folds[k], c) for k in range(FOLDS)]
        show(f"tfidf_bigram_logreg C={c}", [d > 0 for d in decisions])
        if c == 1.0 and "--save" in sys.argv:
            by_line = [0.0] * len(pairs)
            for k in range(FOLDS):
                for j, d in enumerate(decisions[k]):
                    by_line[k + FOLDS * j] = round(float(d), 6)
            out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "hh-cv-sklearn.json")
            with open(out, "w", encoding="utf8") as f:
                json.dump({"sklearn C=1": by_line}, f)


if __name__ == "__main__":
    main()
