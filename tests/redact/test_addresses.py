"""Street addresses and postcodes read out (issue 15 names addresses beside card and account numbers):
the ways benchmarks/redaction_addresses.py spells them and whisper wrote them (round five of
benchmarks/redaction_readings.toml, tune). Each test checks review (segments and words) and live
(words pushed one by one) alike; the house number and the street's name, or the postcode, must go.
"""

from __future__ import annotations

import pytest

from coach.config import RedactConfig
from tests.redact.test_heard_calls import _everywhere

CFG = RedactConfig()


def _gone(text: str, pieces: tuple[str, ...], config: RedactConfig = CFG) -> bool:
    outs = _everywhere([("customer", text)], config)
    return not any(p.lower() in o.lower() for o in outs for p in pieces)


@pytest.mark.parametrize(("text", "pieces"), [
    ("My address is 14 Canal Wharf.", ("14", "Canal")),  # a street word the old list lacked
    ("It's 9 Kingsley Gardens.", ("9 ", "Kingsley")),
    ("I live at 305 Abbey Mews.", ("305", "Abbey")),
])
def test_street_words_come_from_the_config(text: str, pieces: tuple[str, ...]) -> None:
    assert _gone(text, pieces)
    assert not _gone(text, pieces, RedactConfig(street_words=("street", "road")))


@pytest.mark.parametrize(("text", "pieces"), [
    ("Yes, it's 118, Queens Road, Bristol.", ("118", "Queens")),  # whisper, mu-law and GSM
    ("I live at one one eight Queens Road.", ("one one eight", "Queens")),
    ("It's three oh five Abbey Mews.", ("three oh five", "Abbey")),
    ("My address is one eighteen Queens Road.", ("eighteen", "Queens")),
    ("the parcel was meant to come to 23V station road and it never did.", ("23v", "station")),  # whisper
    ("It's Flat 2, 118 Queens Road.", ("118", "Queens")),
])
def test_a_house_number_however_written_starts_an_address(text: str, pieces: tuple[str, ...]) -> None:
    assert _gone(text, pieces)


@pytest.mark.parametrize("text", [
    "Sure, it's 1621 Maple Drive, Springfield, Illinois, 62704.",  # whisper, clean and Opus 16 kHz
    "Yes, it's 118, Queens Road, Bristol, BS8, 1QE.",
])
def test_the_zip_code_or_postcode_after_an_address_goes_with_it(text: str) -> None:
    outs = _everywhere([("customer", text)])
    assert not any(p in o for o in outs for p in ("62704", "1QE", "BS8")), outs
    assert all("Springfield" in o or "Bristol" in o for o in outs)  # the town is kept


@pytest.mark.parametrize("text", ["My postcode is S W one A, one A A.", "It's in SW1A 1AA.", "It's SW1A1AA.",
                                  "It's in B.S.8 1.Q.E. now.", "My postcode is M1, 1 AE."])
def test_a_postcode_however_spelt_is_redacted(text: str) -> None:
    outs = _everywhere([("customer", text)])
    assert all("[ADDRESS]" in o for o in outs), outs
    assert not any(p in o.upper().replace(" ", "") for o in outs for p in ("1AA", "1QE", "1AE")), outs


@pytest.mark.parametrize("text", ["I was stuck on the M1 at junction 4 for an hour.", "It's a 4G phone, the 128 one.",
                                  "I had COVID-19 so I couldn't get to the post office.",
                                  "The engineer came at 2 parked on the drive and left at 3.",
                                  "I waited 20 minutes out on the street for him.",
                                  "Y D seven one, K P L."])  # a car's registration (tune numbers_24): no postcode
def test_lines_that_hold_no_address_are_kept(text: str) -> None:
    assert _everywhere([("customer", text)])[0] == text


def test_a_word_no_street_name_holds_ends_the_look() -> None:
    text = "The engineer came at 2 parked on the drive and left at 3."  # whisper, clean and Opus 16 kHz
    assert _everywhere([("customer", text)], RedactConfig(street_stops=()))[0] != text
