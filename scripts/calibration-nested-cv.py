#!/usr/bin/env python3
"""Compare attribution confidence models by nested leave-one-lineage-group-out cross-validation.

Reads the JSON of `lineage evaluate` (or `lineage-bench evaluate ... --json`) and, for every case, uses only what
that JSON holds: the best candidate's score, support and p-value, the case kind and its lineage group. The target
is "the best candidate is an acceptable teacher" (a student whose prediction is acceptable; controls and
teacher-absent runs never are).

Models, each fitted on the training groups only:
  current    the training rate per verdict kind (threshold fitted as Evaluation.fitRule does), 2 pseudo-cases of
             the base rate, adjacent kinds pooled so that the rate never falls from independent to inconclusive to
             distilled: Evaluation.fitConfidence, the shipped rule
  logistic   logistic(score, support) with non-negative weights, the weights' penalty (0.01, 0.1, 1 or 10) chosen
             by leave-one-group-out within the training groups (the rule shipped before per-verdict rates)
  isotonic   monotone map of score (pool adjacent violators), each block's rate shrunk to the base rate with
             2 pseudo-cases
  verdict    `current` without the pooling
  score_p    logistic(score, -log10 p) with non-negative weights (p accounts for the number of candidates), its
             penalty chosen as for `logistic`
  constant   the training base rate (reference)
  nested     in each outer fold, the model among the first five with the lowest inner leave-one-group-out Brier
             score on the training groups, refitted on all of them

Prints, per model, the outer cross-validated Brier score, log loss and calibration bins.

Usage (from the repository root):

    .build-perf/release/lineage-bench evaluate ../shared/data/alpacaeval-dev \
        ../shared/data/alpacaeval-dev/labels.json --bootstrap 100 --json > /tmp/evaluate.json
    python3 scripts/calibration-nested-cv.py /tmp/evaluate.json     # needs numpy
"""

import json
import math
import sys

import numpy as np


def load(path):
    cases = []
    for c in json.load(open(path))["cases"]:
        right = c["kind"] == "student" and c["predicted"] in c["acceptable"]
        cases.append(dict(kind=c["kind"], group=c["group"], score=c["score"], support=c["support"],
                          p=c["p_value"], y=1.0 if right else 0.0))
    return cases


# VerdictRule.standard, which Evaluation.fitRule keeps for training cases it cannot fit on.
STANDARD_THRESHOLD = 2.75
STANDARD_RATES = {"distilled": 0.7333, "inconclusive": 0.2745, "independent": 0.2745}
MINIMUM_NEGATIVES = 10


def can_fit(train):
    """Evaluation.fitRule's guard: at least one student and at least MINIMUM_NEGATIVES negatives."""
    negatives = sum(c["kind"] != "student" for c in train)
    return negatives >= MINIMUM_NEGATIVES and negatives < len(train)


def fit_threshold(train):
    if not can_fit(train):
        return STANDARD_THRESHOLD
    negatives = [c["score"] for c in train if c["kind"] != "student"]
    grid = [0.5 + 0.25 * i for i in range(23)]
    for t in grid:
        if sum(s >= t for s in negatives) <= 0.05 * len(negatives):
            return t
    return grid[-1]


def verdict_kind(c, threshold):
    # The evaluate JSON does not hold the size of each case's null, so the rule's fourth condition (at least 5 null
    # models) is not checked here; every dev case has 11 or more.
    if c["score"] >= threshold and c["support"] >= 0.8 and c["p"] <= 0.05:
        return "distilled"
    return "independent" if c["score"] < threshold / 2 else "inconclusive"


def logistic_fit(x, y, penalty=0.01):
    """The gradient descent of Evaluation.fitConfidence before per-verdict rates replaced it: 4000 steps of 0.5, L2 `penalty` on the weights (0.01 on the
    intercept), weights kept non-negative."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    a, w = 0.0, np.zeros(x.shape[1])
    for _ in range(4000):
        g = 1 / (1 + np.exp(-(a + x @ w))) - y
        a -= 0.5 * (g.mean() + 0.01 * a)
        w = np.maximum(0, w - 0.5 * (x.T @ g / len(y) + penalty * w))
    return a, w


PENALTIES = [0.01, 0.1, 1.0, 10.0]


class Logistic:
    def __init__(self, features, penalty=None):
        self.features = features
        self.penalty = penalty

    def fit(self, train):
        penalty = self.penalty
        if penalty is None:
            # As Evaluation.confidencePenalty chose it before per-verdict rates: the lowest leave-one-group-out Brier
            # score, the stronger on ties.
            groups = sorted({c["group"] for c in train})
            penalty = PENALTIES[-1]
            if len(groups) >= 2:
                best = math.inf
                for candidate in PENALTIES:
                    predictions = leave_one_group_out(lambda: Logistic(self.features, candidate), train)
                    squares = brier(predictions, train)
                    if squares <= best:
                        best, penalty = squares, candidate
        self.a, self.w = logistic_fit([self.features(c) for c in train], [c["y"] for c in train], penalty)
        return self

    def predict(self, c):
        return 1 / (1 + math.exp(-(self.a + self.w @ np.array(self.features(c)))))


class Isotonic:
    prior = 2.0

    def fit(self, train):
        base = np.mean([c["y"] for c in train])
        blocks = []  # [hits, n, lowest score, highest score]
        for s, y in sorted((c["score"], c["y"]) for c in train):
            blocks.append([y, 1, s, s])
            while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
                b = blocks.pop()
                blocks[-1] = [blocks[-1][0] + b[0], blocks[-1][1] + b[1], blocks[-1][2], b[3]]
        self.blocks = [(lo, hi, (h + self.prior * base) / (n + self.prior)) for h, n, lo, hi in blocks]
        return self

    def predict(self, c):
        for i, (_, hi, rate) in enumerate(self.blocks):
            following = self.blocks[i + 1][0] if i + 1 < len(self.blocks) else math.inf
            if c["score"] < (hi + following) / 2:
                return rate
        return self.blocks[-1][2]


class ByVerdict:
    prior = 2.0

    def __init__(self, pooled=True):
        self.pooled = pooled

    def fit(self, train):
        self.threshold = fit_threshold(train)
        if not can_fit(train):
            self.rate = dict(STANDARD_RATES)
            return self
        base = np.mean([c["y"] for c in train])
        blocks = []  # [hits, cases, kinds], weakest verdict first, with the prior's pseudo-cases
        for kind in ["independent", "inconclusive", "distilled"]:
            ys = [c["y"] for c in train if verdict_kind(c, self.threshold) == kind]
            blocks.append([sum(ys) + self.prior * base, len(ys) + self.prior, [kind]])
        i = 0
        while self.pooled and i + 1 < len(blocks):
            if blocks[i][0] / blocks[i][1] > blocks[i + 1][0] / blocks[i + 1][1]:
                blocks[i] = [blocks[i][0] + blocks[i + 1][0], blocks[i][1] + blocks[i + 1][1],
                             blocks[i][2] + blocks[i + 1][2]]
                del blocks[i + 1]
                i = max(i - 1, 0)
            else:
                i += 1
        self.rate = {kind: hits / n for hits, n, kinds in blocks for kind in kinds}
        return self

    def predict(self, c):
        return self.rate[verdict_kind(c, self.threshold)]


class Constant:
    def fit(self, train):
        self.rate = np.mean([c["y"] for c in train])
        return self

    def predict(self, c):
        return self.rate


MODELS = {
    "current": ByVerdict,
    "logistic": lambda: Logistic(lambda c: [c["score"], c["support"]]),
    "isotonic": Isotonic,
    "verdict": lambda: ByVerdict(pooled=False),
    "score_p": lambda: Logistic(lambda c: [c["score"], min(6.0, -math.log10(max(c["p"], 1e-6)))]),
}


def leave_one_group_out(make, data):
    predictions = [0.0] * len(data)
    for group in sorted({c["group"] for c in data}):
        model = make().fit([c for c in data if c["group"] != group])
        for i, c in enumerate(data):
            if c["group"] == group:
                predictions[i] = model.predict(c)
    return predictions


def brier(predictions, data):
    return float(np.mean([(p - c["y"]) ** 2 for p, c in zip(predictions, data)]))


def log_loss(predictions, data):
    e = 1e-6
    return float(np.mean([-(c["y"] * math.log(max(p, e)) + (1 - c["y"]) * math.log(max(1 - p, e)))
                          for p, c in zip(predictions, data)]))


class Nested:
    def fit(self, train):
        self.chosen = min(MODELS, key=lambda name: brier(leave_one_group_out(MODELS[name], train), train))
        self.model = MODELS[self.chosen]().fit(train)
        return self

    def predict(self, c):
        return self.model.predict(c)


def bins(predictions, data):
    edges = [0, 0.2, 0.4, 0.6, 0.8, 1.0001]
    rows = []
    for lo, hi in zip(edges, edges[1:]):
        inside = [(p, c["y"]) for p, c in zip(predictions, data) if lo <= p < hi]
        if inside:
            rows.append(f"{lo:.1f}-{min(hi, 1):.1f}: {len(inside)} at {np.mean([p for p, _ in inside]):.2f}, "
                        f"{np.mean([y for _, y in inside]):.2f} right")
    return rows


def main():
    cases = load(sys.argv[1])
    groups = sorted({c["group"] for c in cases})
    print(f"{len(cases)} cases, {len(groups)} groups, base rate {np.mean([c['y'] for c in cases]):.3f}")
    for name, make in [("constant", Constant), *MODELS.items(), ("nested", Nested)]:
        predictions = leave_one_group_out(make, cases)
        print(f"{name:9} Brier {brier(predictions, cases):.3f}  log loss {log_loss(predictions, cases):.3f}  "
              + "; ".join(bins(predictions, cases)))
    for group in groups:
        print(f"  outer fold without {group}: chose {Nested().fit([c for c in cases if c['group'] != group]).chosen}")
    print(f"  all groups: chose {Nested().fit(cases).chosen}")


if __name__ == "__main__":
    main()
