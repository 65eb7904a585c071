"""What redaction costs: milliseconds a word, review (:func:`coach.redact.redact_review`) and live (the
session recorder's word redactors, words pushed one by one), over the redaction stress set's documents.

Why: every rule reads each role's words again; review reads them twice (every role's numbers first, for
the pieces another role quotes) and live again on every push while a number is held. The figure is CPU
time on this machine (the best of ``--repeat`` runs), beside the plain baseline of the same run: copying
each document (``copy.deepcopy``, which review does first) and tokenising its words.

Run: ``python -m benchmarks.redaction_cost [--repeat N]``. TUNE data only (no judgement here).
"""

from __future__ import annotations

import argparse
import copy
import time
from typing import Any

from benchmarks.redaction_stress import cases, document, live_words
from coach.config import RedactConfig
from coach.redact import redact_review


def _best(fn: Any, docs: list[dict[str, Any]], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for doc in docs:
            fn(doc)
        best = min(best, time.process_time() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    config = RedactConfig()
    docs = [document(c) for c in cases()]
    words = sum(len(d["words"]) for d in docs)
    rows = [("plain: deepcopy + split each word", _best(lambda d: [w["text"].split() for w in
                                                                   copy.deepcopy(d)["words"]], docs, args.repeat)),
            ("review: redact_review", _best(lambda d: redact_review(d, config), docs, args.repeat)),
            ("live: word redactors, one word a push", _best(lambda d: live_words(d, config), docs, args.repeat))]
    print(f"{len(docs)} documents, {words} words (benchmarks.redaction_stress)\n")
    print("| path | ms a word | x plain |\n|---|---|---|")
    for name, secs in rows:
        print(f"| {name} | {secs * 1000 / words:.4f} | {secs / rows[0][1]:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
