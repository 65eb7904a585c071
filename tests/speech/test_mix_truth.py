"""The truth of a call the line left as one mix (dual-mono, a dead channel): ``audible_truth(mix=True)``
trims a party's edge frames that lie under the other party's voice on that one wire, and nothing else.

Synthetic voices (independent noise bursts), so every level is known: the customer's 0.3 s tail sits
35 dB under the agent who starts over it; the agent's own tail, later, is as faint but in the clear.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.speech.scoring import audible_truth, reviewed_as_mix, truth_overlaps

RATE = 8000


def _voice(seed: int, spans: list[tuple[float, float, float]], n: int) -> np.ndarray:
    """White noise at ``level`` (RMS) over each (start, end, level) span; silence elsewhere. (n,)"""
    rng = np.random.default_rng(seed)
    x = np.zeros(n)
    for a, b, level in spans:
        i, j = int(a * RATE), int(b * RATE)
        x[i:j] = level * rng.standard_normal(j - i)
    return x


N = 4 * RATE
CUSTOMER = _voice(1, [(0.5, 2.0, 0.1), (2.0, 2.3, 0.005)], N)  # its last 0.3 s faint
AGENT = _voice(2, [(2.0, 3.2, 0.3), (3.2, 3.5, 0.005)], N)  # talks over that tail; its own tail in the clear
TRUTH = {"segments": [{"role": "customer", "start": 0.5, "end": 2.3}, {"role": "agent", "start": 2.0, "end": 3.5}],
         "events": []}
CLEAN = {"agent": AGENT, "customer": CUSTOMER}
HISS = 0.0005 * np.random.default_rng(3).standard_normal(N)
LINES = {
    "dualmono": {"agent": AGENT + CUSTOMER, "customer": AGENT + CUSTOMER},
    "dead:customer": {"agent": AGENT + CUSTOMER + HISS, "customer": HISS},
}


@pytest.mark.parametrize("spec", sorted(LINES))
def test_a_tail_under_the_other_voice_in_the_mix_is_not_heard(spec: str) -> None:
    heard = audible_truth(TRUTH, CLEAN, LINES[spec], RATE, mix=reviewed_as_mix(spec))
    ends = {s["role"]: (s["start"], s["end"]) for s in heard["segments"]}
    assert ends["customer"] == (0.5, 2.0)  # the faint tail the agent covers is gone, to the frame
    assert ends["agent"] == (2.0, 3.5)  # a tail as faint but in the clear stays, as written
    assert truth_overlaps(TRUTH) == [(2.0, 2.3)] and truth_overlaps(heard) == []  # no overlap anyone hears


@pytest.mark.parametrize("spec", sorted(LINES))
def test_per_channel_the_same_line_trims_nothing(spec: str) -> None:
    """Without the mix rule (the bar's scoring), the other voice is not the line's noise: nothing is cut."""
    assert audible_truth(TRUTH, CLEAN, LINES[spec], RATE)["segments"] == TRUTH["segments"]


def test_only_lines_that_leave_one_mix_are_reviewed_as_a_mix() -> None:
    assert reviewed_as_mix("dualmono") and reviewed_as_mix("dead:customer") and reviewed_as_mix("dualmono+snr:20")
    assert not any(reviewed_as_mix(s) for s in ("clean", "echo:c2a:-24:40", "opus:24", "snr:10", "gap:20"))
