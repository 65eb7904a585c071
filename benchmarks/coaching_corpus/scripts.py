"""Scripts of the coaching development corpus, written before any analyzer was tuned on them.

Each scenario of issue 15 is written in five independent phrasings (other companies, other
products, other words than the fixtures). Phrasings 0, 2, 4 of every scenario form the tune split,
1 and 3 the test split (:func:`split_of`), so both splits hold every scenario. Phrasings 5 and 6
(``EXTRA_TUNE``) were written after the first tuning round, for the tune split only; phrasings 7
and 8 (``EXTRA_TEST``) before the second round, for the test split only; phrasings 9 and 10
(``EXTRA_TUNE2``) during the second round, 11 and 12 (``EXTRA_TUNE3``, ``EXTRA_TUNE3_MORE``) in
rounds three and four, 13 and 14 (``EXTRA_TUNE4``) in round five, 15 and 16 (``EXTRA_TUNE5``) in
round six, 17 and 18 (``EXTRA_TUNE6``, rendered with the agent voice and lines tune lacked) in
round seven, 19 and 20 (``EXTRA_TUNE7``, each call's voices and line chosen) in round eight, 21
and 22 (``EXTRA_TUNE8``, chosen the same way) in round nine, 23 and 24 (``EXTRA_TUNE9``, written
in one stop and wired in and first scored in the next) in round ten, and 25 and 26 (``EXTRA_TUNE10``,
written, wired in and scored once as an unseen fold in one stop) in round eleven, for the tune split only.

A line is ``A(text, *tags)`` (agent) or ``C(text, *tags)`` (customer). Tags are the truth a support
trainer would mark on that line:

- agent: ``E`` an empathy moment (acknowledgement, apology or ownership), ``cold`` delivered
  flat and quiet (the line is a ``cold_tone`` window), and one avoid_phrase per intent it
  carries: ``have_to``, ``dont_know``, ``nothing_more``, ``calm_down``, ``cant``, ``i_think``,
  ``argue``, ``jargon``, ``flat_no``;
- customer: ``M`` distress or a problem statement the agent's reply (the agent lines up to the
  customer's next line) does not acknowledge: a ``missing_empathy`` from this line to that reply.

``num=`` is the digits of a number the line reads out (the redaction check looks for them in
every output). A text starting with ``@`` is a real human recording from the asterisk prompts
(Allison): ``@im-sorry`` plays that prompt; ``@digits:4111...`` reads digits one prompt each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from benchmarks.coaching_corpus.extra_test import EXTRA_TEST
from benchmarks.coaching_corpus.extra_tune import EXTRA_TUNE
from benchmarks.coaching_corpus.extra_tune2 import EXTRA_TUNE2
from benchmarks.coaching_corpus.extra_tune3 import EXTRA_TUNE3, EXTRA_TUNE3_MORE
from benchmarks.coaching_corpus.extra_tune4 import EXTRA_TUNE4
from benchmarks.coaching_corpus.extra_tune5 import EXTRA_TUNE5
from benchmarks.coaching_corpus.extra_tune6 import EXTRA_TUNE6
from benchmarks.coaching_corpus.extra_tune7 import EXTRA_TUNE7
from benchmarks.coaching_corpus.extra_tune8 import EXTRA_TUNE8
from benchmarks.coaching_corpus.extra_tune9 import EXTRA_TUNE9
from benchmarks.coaching_corpus.extra_tune10 import EXTRA_TUNE10
from benchmarks.coaching_corpus.lines import A, C, L
from benchmarks.coaching_corpus.scenarios import SCENARIOS as _FIRST

__all__ = ["A", "C", "L", "SCENARIOS", "Script", "scripts", "split_of"]


@dataclass(frozen=True)
class Script:
    name: str
    scenario: str
    phrasing: int
    lines: tuple[L, ...]
    notes: str = ""
    extra: dict[str, str] = field(default_factory=dict)


SCENARIOS: dict[str, list[tuple[L, ...]]] = {
    name: _FIRST[name] + EXTRA_TUNE[name] + EXTRA_TEST[name] + EXTRA_TUNE2[name] + EXTRA_TUNE3[name]
    + EXTRA_TUNE3_MORE[name] + EXTRA_TUNE4[name] + EXTRA_TUNE5[name] + EXTRA_TUNE6[name] + EXTRA_TUNE7[name]
    + EXTRA_TUNE8[name] + EXTRA_TUNE9[name] + EXTRA_TUNE10[name] for name in _FIRST}
assert all(len(v) == 27 for v in SCENARIOS.values()), \
    "phrasings by position: 5 + 2 + 2 + 2 + 1 + 1 + 2 + 2 + 2 + 2 + 2 + 2 + 2"
TEST_PHRASINGS = (1, 3, 7, 8)


def split_of(phrasing: int) -> str:
    """Test: phrasings 1 and 3 of every scenario (written before any tuning) and 7, 8 (``EXTRA_TEST``,
    written before the second tuning round, committed before they were first scored); tune: the
    others (0, 2, 4; 5, 6 written after the first tuning round; 9, 10 during the second; 11, 12 later;
    13, 14 in round five; 15, 16 in round six; 17, 18 in round seven; 19, 20 in round eight; 21, 22 in round nine;
    23, 24 in round ten; 25, 26 in round eleven)."""
    return "test" if phrasing in TEST_PHRASINGS else "tune"


def scripts() -> list[Script]:
    out = []
    for scenario, variants in SCENARIOS.items():
        for i, lines in enumerate(variants):
            out.append(Script(f"{scenario}_{i}", scenario, i, lines))
    return out
