"""Streaming transcription of one audio stream: samples in, partial and committed words out.

Compute goes only where speech is. A Silero endpointer with short pauses (``endpoint_silence_s``)
cuts the stream into utterances; silence costs one VAD window per 32 ms and nothing else.

* While at least ``min_partial_s`` of the open utterance is not committed yet, it is
  re-transcribed every ``partial_interval_s`` of new audio (a phrase that a pause commits costs
  no partial pass: those passes see truncated words, so the fewer the better). Words that two
  consecutive passes agree on are committed (LocalAgreement-2, as whisper_streaming), and so is
  a word that a pass heard ``commit_age_s`` of audio after (Whisper rarely changes a word once it
  has a second of context after it; this bounds the latency when passes keep disagreeing). The
  rest is the ``partial`` tail, shown dimmed.
* A short pause inside an utterance (``pause_commit_s``, shorter than the endpoint) triggers one
  pass over the audio before it that commits every word said so far; the utterance stays open, so
  the speaker's next words keep their acoustic context.
* When the utterance ends, one final pass commits everything not committed yet (none is needed
  when nothing was said after the last pause's pass).
* Every pass sees only the open utterance, padded with silence to ``partial_window_s`` /
  ``final_window_s`` (10 s, not Whisper's 30 s: :mod:`coach.asr.whisper`), and is prompted with
  the words committed before it, so context carries across utterances. Padding costs encoder
  time but makes consecutive passes agree: unpadded partials flip words from pass to pass.
* An utterance longer than ``max_utterance_s`` is cut at its last committed word: the next pass
  starts there, so a pass never costs more than ``max_utterance_s`` of audio.

The other party leaking into this channel (echo, crosstalk) is speech to Whisper and to the VAD,
at any level: a word far under this channel's own recent words (``leak_gate_db``) is left out, and
no pass is run while everything not committed is that quiet.

Falling behind: the caller says how much audio is waiting upstream (``backlog_s``). From
``behind_s`` on, partial passes stop (final passes only: coarser, cheaper); from ``drop_s`` on, an
utterance that ends is not transcribed at all and its length is reported as ``skipped_s``, so the
stream catches up instead of drifting further behind.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from audio.levels import FRAME, frame_db
from audio.resample import MODEL_RATE
from coach.asr.whisper import WhisperEngine
from coach.config import AsrConfig, VadConfig
from coach.vad import SileroModel, StreamingVad
from coach.vocab import Role, TranscriptUpdate, Word

RATE = MODEL_RATE  # what Whisper and Silero take
PROMPT_WORDS = 40  # committed words carried into the next pass's prompt
SEAM_S = 0.1  # a new word must start after the last committed word's end minus this
MAX_NGRAM = 8  # repeated committed words a new hypothesis may start with (dropped)
LEVEL_WORDS = 60  # committed words whose loudness makes the channel's own speech level
LEVEL_MIN_WORDS = 5  # the leak gate waits for this many
GATE_SLACK_S = 0.1  # a word's loudness is looked for this far around its times


def normalise(text: str) -> str:
    """A word as compared between passes: case and punctuation do not count."""
    return re.sub(r"[^a-z0-9']", "", text.lower())


@dataclass
class _Utterance:
    """The audio of the open utterance and what has been decided about it."""

    start: float  # call time of the first buffered sample
    chunks: list[npt.NDArray[np.float32]]
    n: int  # samples buffered
    passes_at: int = 0  # n at the last pass
    previous: tuple[Word, ...] = ()  # last pass's words not committed yet
    committed: list[Word] = field(default_factory=list)  # committed from this buffer
    committed_end: float = 0.0  # call time where the committed words end
    closing_at: float | None = None  # speech ended here; final pass due
    paused_at: float | None = None  # start of the pause whose pass committed everything before it

    def audio(self) -> npt.NDArray[np.float32]:
        """(n,) the buffered samples."""
        if len(self.chunks) != 1:
            self.chunks = [np.concatenate(self.chunks) if self.chunks else np.zeros(0, dtype=np.float32)]
        return self.chunks[0]

    @property
    def end(self) -> float:
        return self.start + self.n / RATE


class StreamingTranscriber:
    """Plain synchronous stage for one stream (a role's channel, or a mono mix).

    ``push`` 16 kHz samples, get :class:`TranscriptUpdate`s. For a mono mix the ``role`` is a
    placeholder; :class:`coach.asr.assign.WordAssigner` gives each word its speaker.
    """

    def __init__(self, role: Role, engine: WhisperEngine, vad_model: SileroModel,
                 config: AsrConfig | None = None, start: float = 0.0) -> None:
        self.role = role
        self.engine = engine
        self.config = config or AsrConfig()
        self._vad_model = vad_model
        self._origin = start
        self.reset()

    def reset(self) -> None:
        cfg = self.config
        self._endpointer = StreamingVad(
            self.role, self._vad_model,
            VadConfig(min_speech_s=0.1, min_silence_s=cfg.endpoint_silence_s, refine_s=0.0), start=self._origin,
        )
        self._history = np.zeros(int((cfg.preroll_s + 0.1) * RATE), dtype=np.float32)  # recent audio, pre-roll
        self._time = self._origin  # call time after the last pushed sample
        self._utt: _Utterance | None = None
        self._recent: deque[Word] = deque(maxlen=PROMPT_WORDS)  # committed words, for the prompt
        self._levels: deque[float] = deque(maxlen=LEVEL_WORDS)  # dB peaks of recent committed words
        self._level_of: dict[int, float] = {}  # id of a word of the last pass -> its dB peak
        self.gated = 0  # words left out as the other party's leak
        self.behind = False  # partial passes are off to catch up
        self.pass_kinds: Counter[str] = Counter()  # partial / pause / final / cut passes, for benchmarks
        self.decoded_s = 0.0  # audio given to Whisper, seconds
        self.redecoded_s = 0.0  # of which already committed (the acoustic context a pass re-reads)
        self.skipped_s = 0.0

    # ------------------------------------------------------------------ push / finish

    def push(self, samples: npt.NDArray[np.float32], backlog_s: float = 0.0) -> list[TranscriptUpdate]:
        """Feed audio ((n,) float32, 16 kHz); ``backlog_s`` is audio still waiting upstream."""
        cfg = self.config
        samples = np.ascontiguousarray(samples, dtype=np.float32)
        self.behind = backlog_s >= cfg.behind_s
        self._time += len(samples) / RATE
        changes = self._endpointer.push(samples)
        if self._utt is not None:
            self._utt.chunks.append(samples)
            self._utt.n += len(samples)
        for change in changes:
            if change.speaking and self._utt is None:
                self._open(change.t, samples)
            elif not change.speaking and self._utt is not None:
                self._utt.closing_at = change.t
        self._history = np.concatenate([self._history, samples])[-len(self._history):]
        utt = self._utt
        if utt is None:
            return []
        if utt.closing_at is not None:
            self._utt = None
            if self._leak_only(utt):
                return [TranscriptUpdate(self.role, (), (), self._time)]
            return [self._final(utt, utt.closing_at, backlog_s)]
        if utt.n / RATE >= cfg.max_utterance_s:
            return [self._cut(utt)]
        if self._leak_only(utt):
            return []  # nothing said here since the last commit: no pass (the leak gate would drop it all)
        pause = self._endpointer.pause_since
        if (not self.behind and pause is not None and pause != utt.paused_at
                and self._time - pause >= cfg.pause_commit_s and pause > utt.committed_end + SEAM_S):
            return [self._pause(utt, pause)]
        if (not self.behind and utt.end - utt.committed_end >= cfg.min_partial_s
                and (utt.n - utt.passes_at) / RATE >= cfg.partial_interval_s):
            return [self._partial(utt)]
        return []

    def finish(self) -> list[TranscriptUpdate]:
        """End of audio: the open utterance gets its final pass."""
        self._endpointer.finish()
        utt, self._utt = self._utt, None
        return [self._final(utt, self._time, 0.0)] if utt is not None else []

    # ------------------------------------------------------------------ passes

    def _open(self, speech_start: float, samples: npt.NDArray[np.float32]) -> None:
        """Start buffering at the speech start minus the pre-roll (from history and this chunk)."""
        begin = max(self._origin, speech_start - self.config.preroll_s)
        past = np.concatenate([self._history, samples])  # ends at self._time
        audio = past[max(0, len(past) - int(round((self._time - begin) * RATE))):]
        self._utt = _Utterance(self._time - len(audio) / RATE, [audio], len(audio))
        # The pre-roll may reach back into the words committed before: those are context, not new.
        said = self._recent[-1].end if self._recent else self._utt.start
        self._utt.committed_end = max(self._utt.start, min(said, speech_start))

    def _hypothesis(self, utt: _Utterance, upto: float | None = None, window_s: float = 0.0,
                    final: bool = False) -> tuple[Word, ...]:
        """Transcribe the buffer (up to call time ``upto``); the words after those already committed."""
        audio = utt.audio()
        if upto is not None:
            audio = audio[: max(0, int(round((upto - utt.start) * RATE)))]
        in_buffer = {id(w) for w in utt.committed}
        prompt = " ".join(w.text for w in self._recent if id(w) not in in_buffer)
        hyp = self.engine.transcribe(audio, prompt, window_s, fallback=final,
                                     beam_size=self.config.live_commit_beam if final else None)
        utt.passes_at = utt.n
        self.decoded_s += len(audio) / RATE
        self.redecoded_s += min(len(audio) / RATE, max(0.0, utt.committed_end - utt.start))
        if not hyp.words or (hyp.no_speech_prob > 0.6 and hyp.avg_logprob < -1.0):
            return ()
        words = [Word(self.role, utt.start + w.start, utt.start + max(w.start, w.end), w.text, w.p, committed=False)
                 for w in hyp.words]
        words = self._gate(words, audio, utt.start)
        # Words already committed from this buffer come back in every pass: drop them by time ...
        words = [w for w in words if w.start > utt.committed_end - SEAM_S]
        # ... and by text, where the seam's timing is off by a word or two.
        # The committed tail may be from before a cut, so it is the stream's, not just this buffer's.
        tail = list(self._recent)
        if words and tail and words[0].start - tail[-1].end < 1.0:
            for k in range(min(MAX_NGRAM, len(tail), len(words)), 0, -1):
                if [normalise(w.text) for w in tail[-k:]] == [normalise(w.text) for w in words[:k]]:
                    words = words[k:]
                    break
        return tuple(words)

    def _floor(self) -> float:
        """dB under which a word is the other party's leak (-inf until the channel has a level)."""
        if self.config.leak_gate_db <= 0 or len(self._levels) < LEVEL_MIN_WORDS:
            return -np.inf
        return float(np.percentile(self._levels, 90)) - self.config.leak_gate_db

    def _leak_only(self, utt: _Utterance) -> bool:
        """Whether the audio not committed yet is all under the leak floor (checked before a pass)."""
        floor = self._floor()
        if floor == -np.inf:
            return False
        audio = utt.audio()[max(0, int((utt.committed_end - utt.start) * RATE)):]
        n = len(audio) // FRAME
        if n == 0:
            return False
        return float(np.max(frame_db(audio, FRAME))) < floor

    def _gate(self, words: list[Word], audio: npt.NDArray[np.float32], start: float) -> list[Word]:
        """Leave out words far quieter than this channel's own recent words: the other party
        leaking in (echo, crosstalk). Whisper hears speech at any level, so a leak 30 dB down is
        transcribed as if it were said here; the VAD cannot tell either."""
        n = len(audio) // FRAME
        self._level_of = {}
        if not words or n == 0:
            return words
        db = frame_db(audio, FRAME)  # (n,) 10 ms frame energy
        kept = []
        floor = self._floor()
        for w in words:
            # Whisper's word times are off by a frame or ten: the word's loudest frame near its span.
            a = max(0, int((w.start - start - GATE_SLACK_S) * RATE) // FRAME)
            b = max(a + 1, -(-int((w.end - start + GATE_SLACK_S) * RATE) // FRAME))
            level = float(db[min(a, n - 1):min(b, n)].max())
            if level < floor:
                self.gated += 1
                continue
            kept.append(w)
            self._level_of[id(w)] = level
        return kept

    def _commit(self, utt: _Utterance, words: tuple[Word, ...]) -> tuple[Word, ...]:
        final = []
        for w in words:
            start = max(w.start, utt.committed_end)  # committed words never go back in time
            final.append(Word(w.role, start, max(start, w.end), w.text, w.p, committed=True))
            utt.committed_end = final[-1].end
            if id(w) in self._level_of:
                self._levels.append(self._level_of[id(w)])
        utt.committed += final
        self._recent.extend(final)
        return tuple(final)

    def _partial(self, utt: _Utterance) -> TranscriptUpdate:
        """Re-transcribe the open utterance; commit the words this pass and the last agree on."""
        self.pass_kinds["partial"] += 1
        current = self._hypothesis(utt, window_s=self.config.partial_window_s)
        agree = 0
        for a, b in zip(utt.previous, current):
            if not normalise(a.text) or normalise(a.text) != normalise(b.text):
                break
            agree += 1
        # A word followed by ``commit_age_s`` of heard audio is final too, agreed or not.
        aged = sum(1 for w in current if w.end <= utt.end - self.config.commit_age_s)
        agree = max(agree, aged)
        committed = self._commit(utt, current[:agree])
        utt.previous = current[agree:]
        return TranscriptUpdate(self.role, committed, utt.previous, self._time)

    def _pause(self, utt: _Utterance, pause: float) -> TranscriptUpdate:
        """A short pause: commit everything said before it (the pass a final would make), and keep
        the utterance open, so a speaker who goes on keeps the acoustic context."""
        utt.paused_at = pause
        self.pass_kinds["pause"] += 1
        words = self._hypothesis(utt, upto=min(pause + 0.1, utt.end), window_s=self.config.final_window_s, final=True)
        committed = self._commit(utt, words)
        utt.previous = ()
        return TranscriptUpdate(self.role, committed, (), self._time)

    def _final(self, utt: _Utterance, end: float, backlog_s: float) -> TranscriptUpdate:
        """The utterance is over: one more pass commits everything new (or skip it, far behind)."""
        if utt.paused_at is not None and end <= utt.paused_at + SEAM_S:
            return TranscriptUpdate(self.role, (), (), self._time)  # the pause's pass already said it all
        if backlog_s >= self.config.drop_s:
            skipped = max(0.0, end - utt.committed_end)
            self.skipped_s += skipped
            return TranscriptUpdate(self.role, (), (), self._time, skipped)
        self.pass_kinds["final"] += 1
        words = self._hypothesis(utt, upto=min(end + 0.1, utt.end), window_s=self.config.final_window_s, final=True)
        return TranscriptUpdate(self.role, self._commit(utt, words), (), self._time)

    def _cut(self, utt: _Utterance) -> TranscriptUpdate:
        """A long utterance: commit up to the last agreed word and restart the buffer there."""
        update = self._partial(utt)
        committed = update.committed
        if utt.committed_end <= utt.start + 1.0 and len(utt.previous) > 1:
            # Nothing agreed in a whole buffer: trust this pass but for its last word.
            more = self._commit(utt, utt.previous[:-1])
            utt.previous = utt.previous[len(more):]
            committed += more
        cut_at = utt.committed_end if utt.committed_end > utt.start + 1.0 else utt.end - 1.0
        audio = utt.audio()
        rest = audio[int(round((cut_at - utt.start) * RATE)):]
        nxt = _Utterance(utt.end - len(rest) / RATE, [rest], len(rest), previous=utt.previous)
        nxt.committed_end = max(nxt.start, utt.committed_end)
        self._utt = nxt
        return TranscriptUpdate(self.role, committed, utt.previous, self._time)
