"""The scorer: truth scored against itself is perfect; any perturbation costs."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from coach.evaluate import (
    CallDocument,
    evaluate_dirs,
    events_match,
    match_events,
    normalize_words,
)
from coach.vocab import EVENT_KINDS, Event, Segment
from tests.conftest import CALLS, FIXTURE_NAMES, load_truth, run_coach


def _as_review(truth: dict) -> dict:
    doc = copy.deepcopy(truth)
    doc["schema"] = "coach.review/1"
    return doc


def _write_reviews(tmp: Path, docs: dict[str, dict]) -> Path:
    out = tmp / "reviews"
    out.mkdir()
    for name, doc in docs.items():
        (out / f"{name}.review.json").write_text(json.dumps(doc))
    return out


def test_truth_against_itself_is_perfect(tmp_path: Path) -> None:
    reviews = _write_reviews(tmp_path, {n: _as_review(load_truth(n)) for n in FIXTURE_NAMES})
    report = evaluate_dirs(CALLS, reviews)
    assert len(report.calls) == len(FIXTURE_NAMES)
    totals = report.totals()
    scored = [k for k in EVENT_KINDS if totals[k].tp + totals[k].fn]
    assert len(scored) >= 9
    for kind in scored:
        assert totals[kind].f1 == 1.0, kind
    assert report.attribution_accuracy() == 1.0
    assert report.wer("agent") == 0.0 and report.wer("customer") == 0.0


def test_perturbed_copy_scores_less(tmp_path: Path) -> None:
    truth = load_truth("upset_no_empathy")
    doc = _as_review(truth)
    doc["events"] = [e for e in doc["events"] if e["kind"] != "dead_air"]  # a miss
    for e in doc["events"]:
        if e["kind"] == "customer_interruption":
            e["kind"] = "interruption"  # wrong kind: a false positive and a miss
    doc["events"].append({"kind": "cold_tone", "role": "agent", "start": 1.0, "end": 2.0})  # false alarm
    doc["segments"][1]["role"] = "agent"  # the customer's first complaint given to the agent
    doc["segments"][1]["text"] = doc["segments"][1]["text"].replace("three days", "tree daze")
    report = evaluate_dirs(CALLS, _write_reviews(tmp_path, {"upset_no_empathy": doc}))
    totals = report.totals()
    assert totals["dead_air"].recall == 0.0
    assert totals["customer_interruption"].recall == 0.0
    assert totals["interruption"].precision == 0.0
    assert totals["cold_tone"].precision == 0.0
    assert totals["avoid_phrase"].f1 == 1.0  # untouched kinds stay perfect
    assert report.attribution_accuracy() < 0.9
    assert report.wer("customer") > 0.0


def test_matching_rule_of_the_contract() -> None:
    ref = Event("interruption", "agent", 10.0, 10.4)
    assert events_match(ref, Event("interruption", "agent", 9.0, 10.1))  # spans overlap
    assert events_match(ref, Event("interruption", "agent", 10.8, 11.5))  # starts within 1.0 s
    assert not events_match(ref, Event("interruption", "agent", 11.2, 12.0))
    assert not events_match(ref, Event("talk_over", "agent", 10.0, 10.4))  # kind must agree
    dead = Event("dead_air", "agent", 10.0, 16.0)
    assert events_match(dead, Event("dead_air", "agent", 15.0, 20.0))
    assert not events_match(dead, Event("dead_air", "agent", 16.5, 20.0))  # no start tolerance


def test_matching_is_one_to_one() -> None:
    ref = [Event("backchannel", "agent", 5.0, 5.4)]
    hyp = [Event("backchannel", "agent", 5.1, 5.5), Event("backchannel", "agent", 5.2, 5.6)]
    counts = match_events(ref, hyp)["backchannel"]
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 0)


def test_word_normalisation_reads_numbers_as_spoken() -> None:
    assert normalize_words("It's 44719, okay?") == ["it's", "four", "four", "seven", "one", "nine", "okay"]
    assert normalize_words("3 to 5 business days") == ["three", "to", "five", "business", "days"]
    assert normalize_words("Mm-hmm.") == ["mm", "hmm"]


def test_cli_prints_per_kind_table(tmp_path: Path) -> None:
    reviews = _write_reviews(tmp_path, {"stereo_interrupt": _as_review(load_truth("stereo_interrupt"))})
    run = run_coach("eval", str(CALLS), str(reviews))
    assert run.rc == 0, run.err
    row = next(line for line in run.out.splitlines() if line.startswith("interruption "))
    assert row.split()[1:4] == ["1.00", "1.00", "1.00"]


def test_cli_bad_review_is_one_line_exit_2(tmp_path: Path) -> None:
    reviews = tmp_path / "reviews"
    reviews.mkdir()
    (reviews / "stereo_interrupt.review.json").write_text("{not json")
    run = run_coach("eval", str(CALLS), str(reviews))
    assert run.rc == 2
    assert run.err.strip().startswith(f"coach: {reviews / 'stereo_interrupt.review.json'}: not a JSON document")
    assert len(run.err.strip().splitlines()) == 1


def test_empty_documents_have_no_errors() -> None:
    empty = CallDocument("x", 10.0, (), ())
    assert match_events(empty.events, empty.events)["interruption"].f1 is None
    seg = CallDocument("y", 10.0, (Segment("agent", 1.0, 2.0, "hello"),), ())
    from coach.evaluate import attribution

    assert attribution(seg, empty).accuracy == pytest.approx(0.0)
    assert attribution(seg, seg).accuracy == pytest.approx(1.0)
