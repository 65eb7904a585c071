"""Config sections of who speaks when and the words: VAD, echo, channel check, diarization, overlaps, ASR."""

from __future__ import annotations

from dataclasses import dataclass

from coach.config.base import ConfigError, Section, setting


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
        0.25, "The leak estimate learns on blocks this long; a call's first words are judged a block late, "
        "with the estimate of the block after them (added delay until each party was heard alone).",
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
    review_pack_roles: str = setting(
        "apart", "Stereo review: \"apart\" packs each role's turns into its own windows; \"together\" packs both "
        "roles' turns into the same windows in call order (each clip still its own channel's audio), so Whisper "
        "hears the dialogue. Not better on the review benchmark's tune sets (benchmarks/review_asr.py): "
        "worse on real-tune's degraded customer lines.",
        choices=("apart", "together"),
    )
    review_leak_gate_db: float = setting(
        20.0, "Stereo review: a word this many dB quieter than its channel's own words, while the other channel "
        "is louder than it, is the other party leaking in (echo) and is left out; 0 keeps every word.",
        min=0.0, max=60.0,
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


