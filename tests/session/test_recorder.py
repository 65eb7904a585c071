"""The session recorder and recovery: files readable while recording, exact audio, torn tails repaired."""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

import coach.session.recorder as recorder_mod
from coach.config import CoachConfig, RedactConfig
from coach.redact import open_tail
from coach.session.recorder import SessionRecorder, WordRedactor
from coach.session.store import list_sessions, load_records, recover_interrupted, recover_session, session_info
from coach.vocab import Chunk, Event, Nudge, SpeechUpdate, Turn, Word
from tests.conftest import CALLS, ROOT
from tests.session.record_driver import BLOCK, RATE, chunk_samples


def _fixture_chunks(seconds: float) -> tuple[list[Chunk], np.ndarray]:
    x, sr = sf.read(CALLS / "stereo_interrupt.flac", dtype="float32", always_2d=True, frames=int(seconds * 8000))
    return [Chunk(i / sr, x[i:i + 800], sr) for i in range(0, x.shape[0], 800)], x


def test_the_recording_is_readable_while_it_runs_private_and_exact(sessions: Path) -> None:
    chunks, x = _fixture_chunks(5.0)
    rec = SessionRecorder.create(sessions, sample_rate=8000, channels=2, source="replay x.flac", config=CoachConfig())
    for c in chunks:
        rec.push(c)
    rec.push(SpeechUpdate(turns=(Turn("agent", 0.3, 2.0),)))
    rec.push(Nudge("interruption", 2.5, "Let the customer finish, then answer."))
    rec.flush(force=True)

    # While recording: a normal WAV (header sizes kept current), user-only files, the session alive.
    y, sr = sf.read(rec.path / "audio.wav", dtype="float32", always_2d=True)
    assert sr == 8000 and np.array_equal(y, x), "16-bit input is stored bit-exact at its own rate"
    assert stat.S_IMODE(os.stat(sessions).st_mode) == 0o700 and stat.S_IMODE(os.stat(rec.path).st_mode) == 0o700
    for name in ("audio.wav", "events.jsonl", "session.json", "lock"):
        assert stat.S_IMODE(os.stat(rec.path / name).st_mode) == 0o600, name
    info = session_info(rec.path)
    assert info.state == "recording" and info.duration_s == pytest.approx(5.0)
    assert recover_interrupted(sessions) == [], "a session whose process is alive is never touched"
    manifest = json.loads((rec.path / "session.json").read_text())
    assert (manifest["sample_rate"], manifest["channels"], manifest["state"]) == (8000, 2, "recording")
    assert manifest["pid"] == os.getpid() and manifest["redacted"] is True and manifest["source"] == "replay x.flac"

    rec.finish()
    (info,) = list_sessions(sessions)
    assert info.state == "ended" and info.duration_s == pytest.approx(5.0)
    records, bad = load_records(info.events)
    assert bad == 0 and [r["type"] for r in records] == ["turn", "nudge"]


def test_a_killed_recorder_is_recovered_with_its_torn_tails_cut(sessions: Path) -> None:
    env = {**os.environ, "COACH_SESSIONS": str(sessions)}
    proc = subprocess.Popen([sys.executable, "-m", "tests.session.record_driver"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    pushed = 0.0
    for line in proc.stdout:
        pushed = float(line)
        if pushed >= 20.0:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    (folder,) = [p for p in sessions.iterdir()]
    # A write torn by the kill: half a frame of audio, half a line of events.
    with open(folder / "audio.wav", "ab") as fh:
        fh.write(b"\x01\x02\x03")
    with open(folder / "events.jsonl", "a") as fh:
        fh.write('{"type":"event","kind":"talk')

    assert session_info(folder).state == "interrupted"
    (info,) = recover_interrupted(sessions)
    assert info.state == "recovered"
    recovery = info.manifest["recovery"]
    assert recovery["audio_bytes_dropped"] == 3 and recovery["event_lines_dropped"] == 1
    y, sr = sf.read(info.audio, dtype="float32", always_2d=True)
    n_chunks = y.shape[0] // BLOCK
    assert sr == RATE and y.shape[0] % BLOCK == 0 and y.shape[0] / RATE >= pushed
    assert np.array_equal(y, np.concatenate([chunk_samples(k) for k in range(n_chunks)]))
    records, bad = load_records(info.events)
    assert bad == 0 and len(records) >= int(pushed) and all(r["type"] == "event" for r in records)
    assert info.duration_s == pytest.approx(y.shape[0] / RATE)
    # Idempotent: a second start finds nothing to do.
    assert recover_interrupted(sessions) == [] and recover_session(folder) is None


def _words(text: str, start: float = 0.0) -> list[Word]:
    return [Word("customer", start + i * 0.3, start + i * 0.3 + 0.2, " " + t) for i, t in enumerate(text.split())]


def test_a_number_spoken_across_updates_is_redacted_and_plain_words_are_not_held() -> None:
    red = WordRedactor(RedactConfig())
    first = red.push(_words("my card is four one one one"))
    assert [w.text.strip() for w in first] == ["my", "card", "is"], "the open digit run waits for what follows"
    second = red.push(_words("one one one one one one one one one one one one thanks so", 3.0))
    third = red.push(_words("much", 9.0))
    texts = [w.text.strip() for w in first + second + third + red.finish()]
    assert texts == ["my", "card", "is"] + ["[CARD]"] * 16 + ["thanks", "so", "much"]
    # Ordinary words go out at once; a spelled e-mail waits until it cannot go on.
    red = WordRedactor(RedactConfig())
    assert len(red.push(_words("sure I can help"))) == 4
    out = red.push(_words("it is jane dot doe at example dot com", 5.0))
    assert [w.text.strip() for w in out] == ["it", "is"]
    assert [w.text.strip() for w in red.push(_words("okay", 20.0))] == ["[EMAIL]"] * 7 + ["okay"]
    assert open_tail(["please", "call", "me"]) == 3 and open_tail(["call", "five", "five"]) == 1
    # Redaction off: nothing is held.
    assert len(WordRedactor(RedactConfig(enabled=False)).push(_words("four one one"))) == 3


def test_a_full_disk_stops_the_recording_not_the_call(sessions: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chunks, _ = _fixture_chunks(2.0)
    rec = SessionRecorder.create(sessions, sample_rate=8000, channels=2, source="x", config=CoachConfig())
    rec.push(chunks[0])

    def full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(recorder_mod, "_write_all", full)
    for c in chunks[1:]:
        rec.push(c)  # never raises
    rec.push(Event("interruption", "agent", 1.0, 1.5))
    assert rec.error is not None and "No space left on device" in rec.error
    monkeypatch.undo()
    rec.finish()
    info = session_info(rec.path)
    assert info.state == "ended" and "No space left" in info.manifest["error"]
    assert info.duration_s == pytest.approx(0.1), "what was written before the fault is kept"
