"""Would a learned reader transfer where the hand-written rules do not? A forward-chaining check (tune only).

For each writing round k, a line classifier (scikit-learn: TF-IDF word 1-3-grams and character 3-5-grams,
balanced logistic regression) is trained on the agent lines of tune rounds before k and scored on round k's
agent lines, the scripts' own words, for the empathy tag ``E``: as the rules met each round unseen, having
been chosen on the rounds before it. Line-level P / R / F1, beside the rules' event-level figures on the
round when it was unseen (README). scikit-learn comes with pyannote.audio (pyannote-metrics); it is used
here only. Run: ``python -m benchmarks.coaching_corpus.learned``.
"""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline, make_union

from benchmarks.coaching_corpus.folds import ROUNDS
from benchmarks.coaching_corpus.scripts import scripts, split_of


def agent_lines() -> list[tuple[int, str, bool]]:
    """(round, text, has an empathy moment) for every agent line of tune written as text."""
    round_of = {p: i for i, phrasings in enumerate(ROUNDS.values(), 1) for p in phrasings}
    return [(round_of[s.phrasing], line.text, "E" in line.tags) for s in scripts() if split_of(s.phrasing) == "tune"
            for line in s.lines if line.role == "agent" and not line.text.startswith("@")]


def forward_chain(rows: list[tuple[int, str, bool]], first: int = 4) -> list[tuple[int, int, int, int, int, int]]:
    """Per round k >= first: (k, training lines, test lines, tp, fp, fn), trained on rounds < k only."""
    out = []
    for k in range(first, max(r for r, _, _ in rows) + 1):
        train = [(t, y) for r, t, y in rows if r < k]
        test = [(t, y) for r, t, y in rows if r == k]
        model = make_pipeline(
            make_union(TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True),
                       TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)),
            LogisticRegression(C=10, class_weight="balanced", max_iter=2000))
        model.fit([t for t, _ in train], [y for _, y in train])
        pred = [bool(p) for p in model.predict([t for t, _ in test])]
        tp = sum(p and y for p, (_, y) in zip(pred, test))
        fp = sum(p and not y for p, (_, y) in zip(pred, test))
        fn = sum(y and not p for p, (_, y) in zip(pred, test))
        out.append((k, len(train), len(test), tp, fp, fn))
    return out


def main() -> int:
    print("| round (unseen) | trained on lines | agent lines (E) | P / R / F1 |\n|---|---|---|---|")
    for k, n_train, n_test, tp, fp, fn in forward_chain(agent_lines()):
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"| r{k} | {n_train} | {n_test} ({tp + fn}) | {p:.2f} / {r:.2f} / {f:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
