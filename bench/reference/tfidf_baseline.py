"""HH quality baselines for the reward model: "shorter response wins" and TF-IDF bag-of-bigrams logistic regression.

Train on the first 1,000 pairs of ../shared/data/hh-rlhf/harmless-base-test-sample.jsonl.gz, validate on the
other 200. The classifier sees tfidf(chosen) - tfidf(rejected) (and the reverse, label flipped), so it learns
which words make a response preferred. Usage: python3 bench/reference/tfidf_baseline.py
"""
import gzip
import json
import os

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "..", "..", "..", "shared", "data", "hh-rlhf", "harmless-base-test-sample.jsonl.gz")
MARKER = "\n\nAssistant:"


def split(line):
    row = json.loads(line)
    chosen, rejected = row["chosen"], row["rejected"]
    cut = chosen.rfind(MARKER) + len(MARKER)
    if rejected[:cut] != chosen[:cut]:
        i = 0
        while i < min(len(chosen), len(rejected)) and chosen[i] == rejected[i]:
            i += 1
        cut = max(0, chosen.rfind(MARKER, 0, i) + len(MARKER))
    return chosen[cut:], rejected[cut:]


def main():
    with gzip.open(PATH, "rt", encoding="utf8") as f:
        pairs = [split(line) for line in f if line.strip()]
    train, held = pairs[:1000], pairs[1000:]
    shorter = np.mean([len(c) < len(r) for c, r in held])
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    vec.fit([t for p in train for t in p])
    c, r = vec.transform([p[0] for p in train]), vec.transform([p[1] for p in train])
    x = np.vstack([(c - r).toarray(), (r - c).toarray()])
    y = np.concatenate([np.ones(len(train)), np.zeros(len(train))])
    clf = LogisticRegression(C=1.0, max_iter=2000, fit_intercept=False).fit(x, y)
    hc, hr = vec.transform([p[0] for p in held]), vec.transform([p[1] for p in held])
    acc = np.mean(clf.decision_function((hc - hr).toarray()) > 0)
    print(f"held-out pairs={len(held)} shorter_wins={shorter:.3f} tfidf_bigram_logreg={acc:.3f}")


if __name__ == "__main__":
    main()
