"""Numbers read out over a phone line, through the real pipeline (issue 15): rendered as the redaction
stress set's rendered calls are (``benchmarks/redaction_heard.py``: the corpus's espeak-ng voices, a
phone codec) and reviewed by ``coach review --json`` into a private history with whisper base, no
run of 4 digits of the number survives in what is printed, stored or exported.

The two calls are ones whose spellings needed a rule of their own (test_heard_calls.py): two groups
said bare with "sorry," between, and a piece the agent quotes back before asking for the rest.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import soundfile as sf

from benchmarks.coaching_corpus.leaks import fragments, strings_in
from benchmarks.redaction_heard import render, renders
from tests.conftest import run_coach

CALLS = ("bare_groups_sorry", "card_two_turns_interrupted")


@pytest.mark.slow
@pytest.mark.parametrize("name", CALLS)
def test_a_number_whisper_heard_over_opus_survives_nowhere(tmp_path: Path, name: str) -> None:
    call, line, sr, voices = next(r for r in renders([name]) if r[1] == "opus")
    stereo, _ = render(call, line, sr, voices, tmp_path)
    audio = tmp_path / f"{name}.wav"
    sf.write(audio, stereo, sr, subtype="PCM_16")
    db, review = tmp_path / "h.sqlite3", tmp_path / "r.json"
    run = run_coach("review", str(audio), "--json", str(review), env={"COACH_HISTORY": str(db)}, timeout=600)
    assert run.rc == 0, run.err
    con = sqlite3.connect(db)
    stored = [str(r[0]) for r in con.execute("SELECT review_json FROM calls")]
    con.close()
    doc = json.loads(review.read_text())
    texts = strings_in(doc) + [run.out] + [s for text in stored for s in strings_in(text)]
    number = call["numbers"][0]
    assert fragments(number, texts) == set(), [s["text"] for s in doc["segments"]]
    assert doc["redaction"]["counts"]  # heard and redacted, not lost by the ASR
