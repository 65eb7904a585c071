"""The CLI opens the screens: ``coach review CALL --ui`` and ``coach replay CALL`` (no real screen here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach import cli
from coach.review_doc import ReviewDoc
from coach.ui.app import CoachApp
from tests.conftest import CALLS
from tests.ui.conftest import make_review


def test_review_ui_opens_the_review_screen_on_a_saved_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    doc_path = tmp_path / "call.review.json"
    doc_path.write_text(json.dumps(make_review()), encoding="utf-8")
    opened: list[ReviewDoc | None] = []
    monkeypatch.setattr(CoachApp, "run", lambda self, **kw: opened.append(self.review))
    assert cli.main(["review", str(doc_path), "--ui"]) == 0
    assert opened and opened[0] is not None and len(opened[0].events) == 3
    assert capsys.readouterr().out == "", "--ui prints no summary"


def test_replay_of_a_missing_file_fails_before_any_screen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(CoachApp, "run", lambda self, **kw: pytest.fail("no screen for a missing file"))
    assert cli.main(["replay", str(tmp_path / "nope.flac")]) == 2
    assert "nope.flac" in capsys.readouterr().err
    assert cli.main(["replay", str(tmp_path / "nope.flac"), "--speed", "0"]) == 2


def test_plain_review_has_no_ui_flag_by_default() -> None:
    args = cli.build_parser().parse_args(["review", "x.flac"])
    assert args.ui is False


def test_live_on_a_missing_device_is_one_line_before_any_screen(monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(CoachApp, "run", lambda self, **kw: pytest.fail("no screen without a device"))
    assert cli.main(["live", "--device", "no such headset"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("coach: input device 'no such headset': not found") and "\n" not in err, err
    assert cli.main(["live", "--agent-device", "mic"]) == 2
    err = capsys.readouterr().err.strip()
    assert "agent_device and customer_device must be set together" in err and "\n" not in err, err


def test_review_ui_on_a_json_finds_its_recording_for_playback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = make_review()
    doc["audio"]["path"] = "elsewhere/stereo_interrupt.flac"  # as stored where it was reviewed
    (tmp_path / "stereo_interrupt.flac").write_bytes((CALLS / "stereo_interrupt.flac").read_bytes())
    (tmp_path / "call.review.json").write_text(json.dumps(doc), encoding="utf-8")
    (tmp_path / "lost.review.json").write_text(json.dumps(make_review()), encoding="utf-8")
    opened: list[Path | None] = []
    monkeypatch.setattr(CoachApp, "run", lambda self, **kw: opened.append(self.recording))
    assert cli.main(["review", str(tmp_path / "call.review.json"), "--ui"]) == 0
    assert cli.main(["review", str(tmp_path / "lost.review.json"), "--ui"]) == 0
    assert opened == [tmp_path / "stereo_interrupt.flac", None], "next to the JSON; else none (the screen says so)"
