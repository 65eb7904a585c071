"""Roles in a diarized mono call: the agent by rule or by enrolled voiceprint, turns and overlaps by role."""

from __future__ import annotations

import stat
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from coach.config import CoachConfig, DiarizationConfig
from coach.errors import UserError
from coach.evaluate import CallDocument, attribution, load_document
from coach.speech.diarize import Diarization, Diarizer, Span, SpeakerTurn
from coach.speech.roles import (
    RoleAssignment,
    assign_roles,
    default_voiceprint_path,
    enroll,
    load_voiceprint,
    save_voiceprint,
)
from coach.vocab import Segment
from tests.conftest import CALLS, run_coach

RATE = 16_000
GREETING_END = 5.6  # the agent's greeting ends at 5.23 s, the customer starts at 5.83 s


def _attribution(d: Diarization, roles: RoleAssignment, truth: CallDocument, after: float = 0.0) -> float:
    """Share of truth speech time whose diarized speaker was given the right role."""
    kept = tuple(s for s in truth.segments if s.start >= after)
    said = tuple(Segment(roles.role_of(t.speaker), t.start, t.end, "") for t in d.turns)
    review = CallDocument("x", truth.duration_s, said, ())
    return attribution(CallDocument("t", truth.duration_s, kept, ()), review).accuracy


@pytest.fixture(scope="module")
def diarizer() -> Diarizer:
    return Diarizer(DiarizationConfig())


@pytest.fixture(scope="module")
def mono() -> np.ndarray:
    x, rate = sf.read(str(CALLS / "mono_interrupt.flac"), dtype="float32")
    assert rate == RATE
    return x


@pytest.fixture(scope="module")
def truth() -> CallDocument:
    return load_document(CALLS / "mono_interrupt.truth.json")


@pytest.fixture(autouse=True)
def no_enrolled_voiceprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read (or write) the developer's own ~/.local/share/coach."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def test_roles_by_rule() -> None:
    d = Diarization(
        duration=10.0, speakers=("SPEAKER_00", "SPEAKER_01"),
        turns=(SpeakerTurn("SPEAKER_00", 0.0, 4.0), SpeakerTurn("SPEAKER_01", 3.0, 6.0),
               SpeakerTurn("SPEAKER_00", 5.5, 8.0)),
        overlaps=(Span(3.0, 4.0), Span(5.5, 6.0)), centroids=np.zeros((2, 192)),
    )
    a = assign_roles(d, DiarizationConfig(agent_rule="first_speaker"))
    assert a == RoleAssignment("SPEAKER_00", ("SPEAKER_01",), "rule: first_speaker")
    assert a.roles_field() == {"agent": "speaker:SPEAKER_00", "customer": "speaker:SPEAKER_01"}
    b = assign_roles(d, DiarizationConfig(agent_rule="most_speech"))
    assert b.agent == "SPEAKER_00" and b.method == "rule: most_speech"  # 6.5 s against 3 s


@pytest.mark.slow
def test_mono_fixture_agent_is_the_greeter(diarizer: Diarizer, mono: np.ndarray, truth: CallDocument) -> None:
    """(Role turns and overlaps of the same call, through the whole review: tests/test_review.py.)"""
    d = diarizer(mono)
    roles = assign_roles(d, CoachConfig().diarization, samples=mono)
    assert roles.method == "rule: first_speaker"
    assert roles.roles_field() == {"agent": "speaker:SPEAKER_00", "customer": "speaker:SPEAKER_01"}
    first = min(d.turns, key=lambda t: t.start)
    assert roles.role_of(first.speaker) == "agent" and first.start < 1.0
    assert _attribution(d, roles, truth) >= 0.90


@pytest.mark.slow
def test_enrolled_voiceprint_finds_the_agent_when_the_rule_would_not(
    diarizer: Diarizer, mono: np.ndarray, truth: CallDocument, tmp_path: Path
) -> None:
    # the same call without the agent's greeting: the customer now speaks first
    mix = mono.copy()
    mix[: round(GREETING_END * RATE)] = 0.0
    d = diarizer(mix)
    by_rule = assign_roles(d, CoachConfig().diarization, samples=mix)  # nothing enrolled yet
    assert by_rule.method == "rule: first_speaker"
    assert _attribution(d, by_rule, truth, after=GREETING_END) < 0.5  # the rule names the customer

    # enroll from another call's agent channel (stereo 8 kHz, agent on channel 0), default location
    result = enroll(CALLS / "model_empathy.flac", config=CoachConfig())
    assert result.path == default_voiceprint_path() == tmp_path / "data" / "coach" / "voiceprint.npy"
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert result.speech_s > 10.0
    voiceprint = load_voiceprint(result.path)
    assert voiceprint.shape == (192,) and np.linalg.norm(voiceprint) == pytest.approx(1.0)

    by_print = assign_roles(d, CoachConfig().diarization, samples=mix)  # the enrolled voiceprint is found and used
    assert by_print.method.startswith("voiceprint")
    assert by_print.agent != by_rule.agent
    assert _attribution(d, by_print, truth, after=GREETING_END) >= 0.90


@pytest.mark.slow
def test_voiceprint_beats_a_wrong_rule(diarizer: Diarizer, mono: np.ndarray, tmp_path: Path) -> None:
    path = tmp_path / "agent.json"
    enroll(CALLS / "model_empathy.flac", out=path, config=CoachConfig())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    mix = mono.copy()
    mix[: round(GREETING_END * RATE)] = 0.0
    d = diarizer(mix)
    first = min(d.speakers, key=lambda s: min(t.start for t in d.turns if t.speaker == s))
    by_rule = assign_roles(d, DiarizationConfig(agent_rule="first_speaker"), voiceprint=None)
    assert by_rule.agent == first  # the customer: she speaks first in this mix
    by_print = assign_roles(d, DiarizationConfig(agent_rule="first_speaker", agent_voiceprint=str(path)))
    assert by_print.method.startswith("voiceprint")
    assert by_print.agent != by_rule.agent


def test_voiceprint_files_are_private_and_checked(tmp_path: Path) -> None:
    v = np.arange(192, dtype=np.float64)
    for name in ("vp.npy", "vp.json"):
        save_voiceprint(v, tmp_path / "sub" / name)
        assert stat.S_IMODE((tmp_path / "sub" / name).stat().st_mode) == 0o600
        assert load_voiceprint(tmp_path / "sub" / name) == pytest.approx(v / np.linalg.norm(v))
    (tmp_path / "bad.npy").write_bytes(b"nonsense")
    with pytest.raises(UserError, match="not a voiceprint"):
        load_voiceprint(tmp_path / "bad.npy")
    with pytest.raises(UserError, match="coach enroll"):
        load_voiceprint(tmp_path / "missing.npy")


@pytest.mark.slow
def test_enroll_command(tmp_path: Path) -> None:
    out = tmp_path / "vp.npy"
    run = run_coach("enroll", str(CALLS / "stereo_interrupt.flac"), "--out", str(out))
    assert run.rc == 0, run.err
    assert str(out) in run.out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert load_voiceprint(out).shape == (192,)


def test_enroll_names_a_bad_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="nope.wav: file not found"):
        enroll(tmp_path / "nope.wav", out=tmp_path / "vp.npy")
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"not audio at all" * 64)
    with pytest.raises(UserError, match="junk.wav: "):
        enroll(junk, out=tmp_path / "vp.npy")
    quiet = tmp_path / "quiet.wav"
    sf.write(str(quiet), np.zeros(RATE * 2, dtype=np.float32), RATE)
    with pytest.raises(UserError, match="at least 3 s"):
        enroll(quiet, out=tmp_path / "vp.npy")
    assert not (tmp_path / "vp.npy").exists()
