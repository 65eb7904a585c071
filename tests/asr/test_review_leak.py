"""Stereo review words: the other party's echo in a channel is not put in this party's mouth.

Real voices (Asterisk prompts as the agent, LibriVox readings as the customer) through the real
whisper-base. The customer leaks into the agent's channel 26 dB down and 120 ms late (a hybrid's
echo), and the agent's turns cover that echo, as the speech stage's turns did on the benchmark's
echo call when the leak canceller had not found the path.
"""

from __future__ import annotations

import numpy as np
import pytest

from coach.asr.whisper import WhisperEngine
from coach.config import AsrConfig
from coach.evaluate import edit_distance
from coach.models import load_model, resolve
from coach.vocab import Role, Turn
from tests.asr.test_review_real import ASTERISK, LIBRIVOX, RATE, _clip, _place, _prompt_texts, _run, _words

pytestmark = pytest.mark.skipif(not ASTERISK.exists() or not LIBRIVOX.exists(),
                                reason="real speech packages (scripts/setup.sh) not installed")

READING = "unless to be rather cold hearted and rather selfish is to be ill disposed"


@pytest.fixture(scope="module")
def engine() -> WhisperEngine:
    return WhisperEngine(load_model(resolve("whisper-base"), threads=2), beam_size=3)


def _call(agent_gain: float = 1.0) -> tuple[dict[Role, np.ndarray], list[Turn], dict[Role, str]]:
    texts = _prompt_texts()
    reading = _clip(LIBRIVOX / "sense_and_sensibility_01_austen_64kb-0890.wav")
    names = ["pls-hold-while-try", "im-sorry", "vm-options", "please-try-again"]
    parts: list[tuple[Role, np.ndarray, str]] = []
    for k, name in enumerate(names):
        parts.append(("agent", _clip(ASTERISK / f"{name}.wav") * agent_gain, texts[name]))
        if k < 3:
            parts.append(("customer", reading, READING))
    return _place(parts)


@pytest.mark.parametrize("pack", ["apart", "together"])  # [asr] review_pack_roles
def test_the_other_partys_echo_is_not_transcribed_as_this_partys_words(engine: WhisperEngine, pack: str) -> None:
    """Packed together, the echo's clip follows the customer's own turn in one window: still left out."""
    audio, turns, text = _call()
    d = int(0.12 * RATE)
    audio["agent"][d:] += 0.05 * audio["customer"][:-d]  # -26 dB, 120 ms late
    echo_turns = [Turn("agent", t.start + 0.12, t.end + 0.12) for t in turns if t.role == "customer"]
    words = _run(engine, audio, sorted(turns + echo_turns, key=lambda t: t.start), AsrConfig(review_pack_roles=pack))
    agent = _words(" ".join(w.text for w in words if w.role == "agent"))
    customer = _words(" ".join(w.text for w in words if w.role == "customer"))
    assert not {"selfish", "disposed", "rather"} & set(agent), agent  # the reading is the customer's
    assert edit_distance(_words(text["agent"]), agent) <= 3, agent
    assert " ".join(customer).count("selfish") == 3, customer

    # The same call reviewed without the gate: the echo is heard as the agent's words (the test
    # above means something).
    ungated = _run(engine, audio, sorted(turns + echo_turns, key=lambda t: t.start),
                   AsrConfig(review_leak_gate_db=0, review_pack_roles=pack))
    assert "selfish" in _words(" ".join(w.text for w in ungated if w.role == "agent"))


def test_a_quiet_turn_of_this_party_is_kept_when_nobody_else_speaks(engine: WhisperEngine) -> None:
    """A turn 26 dB under the agent's others (a speaker turning away): nothing leaks there, so it stays."""
    audio, turns, text = _call()
    last = [t for t in turns if t.role == "agent"][-1]
    a, b = int((last.start - 0.2) * RATE), int((last.end + 0.2) * RATE)
    audio["agent"][a:b] *= 0.05
    words = _run(engine, audio, turns)
    agent = _words(" ".join(w.text for w in words if w.role == "agent"))
    assert agent[-3:] == _words(text["agent"])[-3:], agent
