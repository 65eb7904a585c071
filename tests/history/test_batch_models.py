"""A batch worker loads each model once, however many calls it reviews, and patches nothing."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import soundfile as sf
import torch

import coach.models
import coach.pipeline  # noqa: F401 - imported before the loaders are listed
import coach.review  # noqa: F401
import coach.speech.diarize  # noqa: F401
import coach.vad
from coach.batch import real_reviewer
from coach.config import CoachConfig
from tests.conftest import CALLS


def _clip(name: str, seconds: float, out: Path) -> Path:
    x, sr = sf.read(CALLS / name, dtype="float32", always_2d=True)
    sf.write(out, x[: int(seconds * sr)], sr)
    return out


def _loaders() -> dict[str, Any]:
    """Every coach module's module-level model loaders, to see that nothing replaced them."""
    return {f"{name}.{attr}": getattr(m, attr) for name, m in list(sys.modules.items())
            if name.startswith("coach") and m is not None
            for attr in ("load_model", "load_silero") if hasattr(m, attr)}


@pytest.mark.slow
def test_a_worker_loads_each_model_once_for_all_its_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded: Counter[str] = Counter()
    real_load = coach.models.load_model

    def counting(resolved: coach.models.ResolvedModel, threads: int = 1, compute_type: str = "int8") -> Any:
        loaded[resolved.spec.name] += 1
        return real_load(resolved, threads, compute_type)

    monkeypatch.setattr(coach.models, "load_model", counting)  # a spy on the registry, not on the stages
    silero = Counter[str]()
    real_silero = coach.vad.SileroModel.__init__

    def counting_silero(self: coach.vad.SileroModel, path: Path) -> None:
        silero["silero"] += 1
        real_silero(self, path)

    monkeypatch.setattr(coach.vad.SileroModel, "__init__", counting_silero)
    calls = [_clip(name, s, tmp_path / f"{i}.wav") for i, (name, s) in enumerate(
        [("stereo_interrupt.flac", 12), ("mono_interrupt.flac", 12), ("cold_vs_lively.flac", 12),
         ("mono_interrupt.flac", 9)])]
    threads = torch.get_num_threads()
    before = _loaders()
    try:
        review = real_reviewer(CoachConfig(), 1)
        docs = [review(path) for path in calls]
    finally:
        torch.set_num_threads(threads)
    assert [len(d["turns"]) > 0 and len(d["words"]) > 0 for d in docs] == [True] * 4
    assert docs[1]["roles"]["agent_by"].startswith("rule"), "the mono calls were diarized"
    assert dict(loaded) == {"whisper-base": 1, "pyannote-segmentation-3.0": 1, "campplus-sv-zh-en": 1}, loaded
    assert silero == {"silero": 1}
    after = _loaders()
    assert {k: v for k, v in after.items() if k in before} == before, "no loader was replaced"
