"""Numbers read out in a real call, through the real pipeline: nothing printed, stored or exported keeps them.

Two calls of the coaching corpus are rendered here (the generator is deterministic): a card read
digit by digit in a real human voice (the asterisk prompts' Allison), and a card spoken in groups by
espeak-ng through an MP3 line, where whisper-base joins the digits with hyphens around a misheard
one. Each is reviewed by ``coach review --json`` into a private history, then ``coach report``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_coach

CALLS = {"numbers_0": "4111111111111111", "numbers_5": "4532151128303366"}


def _digits(text: str) -> str:
    words = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
             "seven": "7", "eight": "8", "nine": "9"}
    toks = re.findall(r"[a-z]+|\d+|[^\sa-z\d]", text.lower())
    return "".join(t if t.isdigit() else words.get(t, "" if t in ",.-/" else "|") for t in toks)


def leaked(number: str, text: str) -> bool:
    """8 consecutive digits of ``number``, written or spoken, anywhere in ``text``."""
    stream = _digits(text)
    return any(number[i:i + 8] in stream for i in range(len(number) - 7))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("read_out")
    import subprocess

    subprocess.run([sys.executable, "-m", "benchmarks.coaching_corpus.generate", "--out", str(out),
                    "--only", *CALLS], check=True, cwd=ROOT, capture_output=True, timeout=300)
    return out / "tune"


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CALLS))
def test_a_card_read_out_survives_nowhere(corpus: Path, tmp_path: Path, name: str) -> None:
    number = CALLS[name]
    db = tmp_path / "h.sqlite3"
    review = tmp_path / "r.json"
    run = run_coach("review", str(corpus / f"{name}.flac"), "--json", str(review),
                    env={"COACH_HISTORY": str(db)}, timeout=600)
    assert run.rc == 0, run.err
    report = run_coach("report", str(review), "--html", str(tmp_path / "r.html"), "--md", str(tmp_path / "r.md"))
    assert report.rc == 0, report.err
    con = sqlite3.connect(db)
    stored = json.dumps([list(r) for r in con.execute("SELECT review_json FROM calls")]
                        + [list(r) for r in con.execute("SELECT message, detail_json FROM events")])
    con.close()
    html = re.sub(r"<[^>]+>", " ", (tmp_path / "r.html").read_text())
    outputs = {"stdout": run.out, "json": review.read_text(), "history": stored, "html": html,
               "md": (tmp_path / "r.md").read_text()}
    assert [k for k, text in outputs.items() if leaked(number, text)] == []
    assert json.loads(review.read_text())["redaction"]["counts"]  # it was found, not lost by the ASR
