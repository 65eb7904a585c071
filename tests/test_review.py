"""``coach review`` on real fixture audio through the real models."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from coach.evaluate import evaluate_dirs
from tests.conftest import CALLS, load_truth, run_coach


@pytest.fixture(scope="module")
def stereo_review(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("reviews")
    run = run_coach("review", str(CALLS / "stereo_interrupt.flac"), "--json", str(out / "stereo_interrupt.review.json"))
    assert run.rc == 0, run.err
    return out, run.out


@pytest.mark.slow
def test_review_prints_turns_overlaps_and_transcript(stereo_review: tuple[Path, str]) -> None:
    _, printed = stereo_review
    assert "roles: agent = channel:0, customer = channel:1" in printed
    agent_lines = [line for line in printed.splitlines() if " agent " in line and "[" in line]
    assert any("refunded" in line.lower() for line in agent_lines)
    customer_lines = [line for line in printed.splitlines() if " customer " in line and "[" in line]
    assert any("charged twice" in line.lower() for line in customer_lines)


@pytest.mark.slow
def test_review_document_matches_the_truth(stereo_review: tuple[Path, str]) -> None:
    out, _ = stereo_review
    doc = json.loads((out / "stereo_interrupt.review.json").read_text())
    assert doc["schema"] == "coach.review/1"
    assert doc["roles"] == {"agent": "channel:0", "customer": "channel:1"}
    assert doc["audio"]["sample_rate"] == 8000 and doc["audio"]["channels"] == 2
    assert all(w["role"] in ("agent", "customer") and w["start"] <= w["end"] for w in doc["words"])
    report = evaluate_dirs(CALLS, out)
    assert report.attribution_accuracy() >= 0.99  # the review's turns against the truth segments
    assert report.wer("customer") < 0.35  # synthetic 8 kHz speech through Whisper base
    totals = report.totals()
    for kind in ("interruption", "backchannel", "talk_over"):
        assert totals[kind].f1 == 1.0, kind
    assert doc["metrics"]["interruptions"] == 1 and doc["metrics"]["backchannels"] == 2


@pytest.mark.slow
def test_review_finds_the_truth_overlap(stereo_review: tuple[Path, str]) -> None:
    _, printed = stereo_review
    truth = next(e for e in load_truth("stereo_interrupt")["events"] if e["kind"] == "interruption")
    spans = re.findall(r"([\d.]+)-\s*([\d.]+)\s+\w+ spoke over", printed)
    starts_ends = [(float(s), float(e)) for s, e in spans]
    assert any(abs(s - truth["start"]) < 0.15 and abs(e - truth["end"]) < 0.15 for s, e in starts_ends)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "file is empty"),
        (b"hello, this is not audio\n" * 10, "looks like a text file, not audio"),
    ],
)
def test_bad_files_are_one_line_exit_2(tmp_path: Path, content: bytes, problem: str) -> None:
    bad = tmp_path / "call.wav"
    bad.write_bytes(content)
    out = tmp_path / "out.json"
    run = run_coach("review", str(bad), "--json", str(out))
    assert run.rc == 2
    assert run.err.strip().startswith(f"coach: {bad}: {problem}")
    assert len(run.err.strip().splitlines()) == 1 and "Traceback" not in run.err
    assert not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_missing_and_three_channel_files(tmp_path: Path) -> None:
    run = run_coach("review", str(tmp_path / "nope.wav"))
    assert run.rc == 2 and run.err.strip() == f"coach: {tmp_path / 'nope.wav'}: file not found"
    three = tmp_path / "three.wav"
    sf.write(three, np.zeros((8000, 3), dtype=np.float32), 8000)
    run = run_coach("review", str(three))
    assert run.rc == 2 and run.err.strip().startswith(f"coach: {three}: has 3 channels; set [audio] channels")


def test_silent_call_is_a_sensible_result(tmp_path: Path) -> None:
    silent = tmp_path / "silent.wav"
    sf.write(silent, np.zeros((8000 * 20, 2), dtype=np.float32), 8000)
    out = tmp_path / "silent.json"
    run = run_coach("review", str(silent), "--json", str(out))
    assert run.rc == 0, run.err
    doc = json.loads(out.read_text())
    assert doc["segments"] == [] and doc["words"] == [] and doc["events"] == []
    assert "agent    0 turns" in run.out and "0 overlaps" in run.out


@pytest.mark.slow
def test_mono_call_is_diarized_and_roles_found(tmp_path: Path) -> None:
    out = tmp_path / "reviews"
    run = run_coach("review", str(CALLS / "mono_interrupt.flac"), "--json", str(out / "mono_interrupt.review.json"))
    assert run.rc == 0, run.err
    doc = json.loads((out / "mono_interrupt.review.json").read_text())
    assert doc["roles"]["agent"].startswith("speaker:") and doc["roles"]["customer"].startswith("speaker:")
    assert doc["roles"]["agent_by"] == "rule: first_speaker"
    report = evaluate_dirs(CALLS, out)
    assert report.attribution_accuracy() >= 0.95
    totals = report.totals()
    for kind in ("interruption", "backchannel", "talk_over"):
        assert totals[kind].f1 == 1.0, kind
    assert report.wer("agent") < 0.35


@pytest.mark.slow
def test_review_document_carries_its_overlaps(stereo_review: tuple[Path, str]) -> None:
    """The JSON holds the overlaps the summary prints; read back, they are typed, with who held the floor."""
    from coach.review_doc import load_review

    out, printed = stereo_review
    review = load_review(out / "stereo_interrupt.review.json")
    printed_spans = re.findall(r"([\d.]+)-\s*([\d.]+)\s+(\w+) spoke over (\w+)", printed)
    assert len(review.overlaps) == len(printed_spans) > 0
    for o, (s, e, second, first) in zip(review.overlaps, printed_spans, strict=True):
        assert (o.second, o.first) == (second, first)
        assert abs(o.start - float(s)) <= 0.006 and abs(o.end - float(e)) <= 0.006  # printed to 0.01
    truth = next(e for e in load_truth("stereo_interrupt")["events"] if e["kind"] == "interruption")
    assert any(o.second == "agent" and o.first == "customer" and abs(o.start - truth["start"]) < 0.15
               for o in review.overlaps)
