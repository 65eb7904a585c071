"""Every fixture call reviewed for real (``coach review --json``) and scored against its truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.evaluate import evaluate_dirs, events_match, load_document
from coach.vocab import Event
from tests.conftest import CALLS, FIXTURE_NAMES, run_coach

THRESHOLDS = {"interruption": 0.9, "backchannel": 0.9, "customer_interruption": 0.9, "talk_over": 0.9,
              "avoid_phrase": 0.9, "empathy": 0.9, "missing_empathy": 0.9, "cold_tone": 0.8}


def _audio(name: str) -> Path:
    return next(p for p in sorted(CALLS.glob(f"{name}.*")) if p.suffix in (".flac", ".wav"))


@pytest.fixture(scope="module")
def reviews(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixture_reviews")
    for name in FIXTURE_NAMES:
        run = run_coach("review", str(_audio(name)), "--json", str(out / f"{name}.review.json"), timeout=600)
        assert run.rc == 0, run.err
    return out


@pytest.mark.slow
def test_per_kind_f1_over_all_fixture_calls(reviews: Path) -> None:
    totals = evaluate_dirs(CALLS, reviews).totals()
    scores = {kind: totals[kind].f1 for kind in THRESHOLDS}
    assert all(score is not None and score >= THRESHOLDS[kind] for kind, score in scores.items()), scores


@pytest.mark.slow
def test_no_backchannel_is_reported_as_an_interruption(reviews: Path) -> None:
    for name in FIXTURE_NAMES:
        truth = load_document(CALLS / f"{name}.truth.json")
        review = load_document(reviews / f"{name}.review.json")
        for bc in (e for e in truth.events if e.kind == "backchannel"):
            as_interruption = Event("interruption", bc.role, bc.start, bc.end)
            hits = [e for e in review.events if e.kind in ("interruption", "customer_interruption")
                    and events_match(as_interruption, Event("interruption", e.role, e.start, e.end))]
            assert hits == [], (name, bc)


@pytest.mark.slow
def test_review_carries_checklist_prosody_and_coaching_metrics(reviews: Path) -> None:
    doc = json.loads((reviews / "model_empathy.review.json").read_text())
    items = {i["id"]: i["status"] for i in doc["checklist"]["items"]}
    assert items["acknowledged"] == items["ownership"] == items["explained_hold"] == "done"
    assert items["greeting"] == items["thanked"] == items["next_step"] == "done"
    curve = doc["prosody"]["agent"]
    assert curve["hop_s"] == 0.1 and len(curve["pitch_hz"]) == len(curve["loudness_db"]) > 400
    assert any(p is not None and 70 < p < 200 for p in curve["pitch_hz"])
    m = doc["metrics"]
    assert m["empathy_moments"] == 1 and m["phrases_to_avoid"] == 0 and 100 < m["speaking_rate_wpm"]["agent"] < 250
    upset = json.loads((reviews / "upset_no_empathy.review.json").read_text())
    items = {i["id"]: i["status"] for i in upset["checklist"]["items"]}
    assert items["explained_hold"] == items["acknowledged"] == "missed"
    assert all(e["detail"]["suggestion"] for e in upset["events"] if e["kind"] == "avoid_phrase")
