"""One line of a corpus script: who says it, what, and the truth a trainer marks on it (see ``scripts.py``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class L:
    role: str
    text: str
    tags: tuple[str, ...] = ()
    num: str = ""
    gap: float = 0.6


def A(text: str, *tags: str, gap: float = 0.6) -> L:  # noqa: N802 - reads as a script
    return L("agent", text, tags, gap=gap)


def C(text: str, *tags: str, num: str = "", gap: float = 0.6) -> L:  # noqa: N802
    return L("customer", text, tags, num=num, gap=gap)
