"""Shared test helpers: fixture locations and running the real ``coach`` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import coach  # noqa: F401 - sets the offline environment before any model library loads

# Reviews run by tests go to a throwaway call history, never the user's.
os.environ.setdefault("COACH_HISTORY", str(Path(tempfile.mkdtemp(prefix="coach-test-history-")) / "history.sqlite3"))
# Live sessions run by tests (coach live, coach replay) are recorded into a throwaway folder too.
os.environ.setdefault("COACH_SESSIONS", tempfile.mkdtemp(prefix="coach-test-sessions-"))

ROOT = Path(__file__).resolve().parents[1]
CALLS = ROOT / "fixtures" / "calls"
FIXTURE_NAMES = ("stereo_interrupt", "cold_vs_lively", "upset_no_empathy", "model_empathy", "mono_interrupt")


@dataclass(frozen=True)
class Run:
    rc: int
    out: str
    err: str


def run_coach(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> Run:
    """Run the installed CLI in a fresh interpreter, as a user would."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "coach.cli", *args], capture_output=True, text=True,
                          env=full_env, timeout=timeout, cwd=ROOT)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def load_truth(name: str) -> dict[str, Any]:
    return json.loads((CALLS / f"{name}.truth.json").read_text())


@pytest.fixture
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private model cache so assembling split models is observable and leaves no trace."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("COACH_CACHE_DIR", str(cache))
    return cache
