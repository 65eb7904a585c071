"""Mono calls: words get the role the diarization heard at their time."""

from __future__ import annotations

from coach.asr.assign import WordAssigner
from coach.vocab import Turn, Word


def w(start: float, end: float, text: str = "x") -> Word:
    return Word("agent", start, end, text)  # the mix's transcriber has no speaker: a placeholder role


def test_words_wait_until_speech_is_settled_past_them() -> None:
    a = WordAssigner()
    assert a.push([w(1.0, 1.3, "hello")], settled=1.2) == []
    out = a.push(turns=[Turn("customer", 0.9, 1.5)], settled=1.6)
    assert [(x.text, x.role) for x in out] == [("hello", "customer")]


def test_a_word_straddling_a_change_goes_to_the_side_holding_more_of_it() -> None:
    a = WordAssigner()
    turns = [Turn("agent", 0.0, 2.0), Turn("customer", 2.0, 4.0)]
    out = a.push([w(1.9, 2.3, "yes"), w(1.5, 2.05, "okay")], turns, settled=5.0)
    assert [x.role for x in out] == ["customer", "agent"]


def test_in_an_overlap_a_word_stays_with_the_sentence_it_continues() -> None:
    a = WordAssigner()
    turns = [Turn("agent", 0.0, 3.0), Turn("customer", 2.0, 4.0)]
    out = a.push([w(1.5, 1.9, "let"), w(2.2, 2.5, "me"), w(3.2, 3.5, "wait")], turns, settled=5.0)
    assert [x.role for x in out] == ["agent", "agent", "customer"]


def test_in_an_overlap_a_new_sentence_goes_to_whoever_cut_in() -> None:
    # The customer cuts in during the agent's last second: the agent's sentence has ended (or
    # was cut off), so the next sentence is the newcomer's, and the words after it follow it.
    for last in ("conference.", "monkeys?", "mung-"):
        a = WordAssigner()
        turns = [Turn("agent", 0.0, 3.0), Turn("customer", 2.0, 4.0)]
        out = a.push([w(1.5, 1.9, last), w(2.2, 2.4, "I'd"), w(2.4, 2.6, "like"), w(3.1, 3.3, "to")],
                     turns, settled=5.0)
        assert [x.role for x in out] == ["agent", "customer", "customer", "customer"], last


def test_an_overlap_with_no_history_goes_to_whoever_cut_in() -> None:
    a = WordAssigner()
    out = a.push([w(2.2, 2.5, "but")], [Turn("agent", 0.0, 3.0), Turn("customer", 2.0, 4.0)], settled=5.0)
    assert out[0].role == "customer"


def test_open_turns_count_up_to_the_settled_time() -> None:
    a = WordAssigner()
    out = a.push([w(5.0, 5.4, "so")], open_turns={"customer": 4.0}, settled=6.0)
    assert out[0].role == "customer"


def test_a_word_nobody_covers_takes_the_nearest_role_or_the_previous_one() -> None:
    a = WordAssigner()
    out = a.push([w(2.2, 2.4, "uh")], [Turn("customer", 0.0, 2.0)], settled=3.0)
    assert out[0].role == "customer"
    out = a.push([w(9.0, 9.2, "hm")], settled=10.0)
    assert out[0].role == "customer"


def test_finish_closes_open_turns_and_releases_everything() -> None:
    a = WordAssigner()
    assert a.push([w(7.0, 7.5, "bye")], open_turns={"agent": 6.0}, settled=6.5) == []
    out = a.finish(8.0)
    assert [(x.text, x.role) for x in out] == [("bye", "agent")]
    a.reset()
    assert a.finish(1.0) == []
