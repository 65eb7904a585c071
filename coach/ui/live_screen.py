"""LiveScreen: the sidebar an agent glances at during a call.

It consumes the items :class:`coach.live.LiveSession` emits (``SpeechUpdate``, ``TranscriptUpdate``,
``Event``, ``Nudge``, ``Status``, ``ToneMeter``, ``CallMeters``), each delivered as a :class:`LiveItemMessage`.
Handlers only update state; the widgets are redrawn on a timer at most ``[ui] refresh_hz`` times a
second, and only when something changed, so a burst of items never floods the UI thread and an
idle call costs next to nothing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from coach.config import UiConfig
from coach.ui.common import ROLE_LABEL, ROLE_STYLE, SEVERITY_LABEL, SEVERITY_STYLE, clock, event_label
from coach.vocab import (
    ROLES,
    CallMeters,
    Event,
    LiveItem,
    Nudge,
    Role,
    SpeechUpdate,
    Status,
    ToneMeter,
    TranscriptUpdate,
    Word,
)

OLDER_NUDGES = 4  # older nudges kept below the current one
TRANSCRIPT_LINES = 200  # committed lines kept on screen
LINE_GAP_S = 2.0  # a pause this long in one speaker's words starts a new transcript line
STALE_S = 3.0  # a tone reading older than this (agent silent) is drawn dimmed
LABEL_WIDTH = 6  # "AGENT:" / "CUST:": wrapped transcript lines hang under the words, not the label


class LiveItemMessage(Message):
    """One item from the live session, posted (thread-safely) from its ``emit`` callback."""

    def __init__(self, item: LiveItem) -> None:
        super().__init__()
        self.item = item


class CallEnded(Message):
    """The session has finished (the source ended, or the call was ended); ``error`` if it failed."""

    def __init__(self, error: str | None = None) -> None:
        super().__init__()
        self.error = error


@dataclass
class LiveState:
    """What the sidebar shows, updated by the items as they arrive (UI thread only)."""

    at: float = 0.0
    speaking: dict[str, bool] = field(default_factory=lambda: {r: False for r in ROLES})
    talk_s: dict[str, float] = field(default_factory=lambda: {r: 0.0 for r in ROLES})
    interruptions: int = 0  # the agent's interruptions so far, as the analyzer counts them (CallMeters)
    _line_end: float = 0.0  # call time the last transcript line's last word ended
    lines: deque[tuple[Role, list[str]]] = field(default_factory=lambda: deque(maxlen=TRANSCRIPT_LINES))
    partial: dict[str, tuple[Word, ...]] = field(default_factory=lambda: {r: () for r in ROLES})
    nudges: deque[Nudge] = field(default_factory=lambda: deque(maxlen=OLDER_NUDGES + 1))
    held: int = 0  # nudges that arrived while paused
    events: int = 0
    status: Status | None = None
    tone: ToneMeter | None = None
    handled: int = 0  # items applied (the replay benchmark compares it with the items emitted)

    def apply(self, item: LiveItem, *, paused: bool) -> None:
        self.handled += 1
        if isinstance(item, SpeechUpdate):
            for change in item.changes:
                self.speaking[change.role] = change.speaking
                self.at = max(self.at, change.decided_at)
            for turn in item.turns:
                self.talk_s[turn.role] += turn.duration
        elif isinstance(item, TranscriptUpdate):
            self.at = max(self.at, item.at)
            if item.committed:
                new_turn = item.committed[0].start - self._line_end > LINE_GAP_S
                if not self.lines or self.lines[-1][0] != item.role or new_turn:
                    self.lines.append((item.role, []))
                self.lines[-1][1].extend(w.text for w in item.committed)
                self._line_end = item.committed[-1].end
            self.partial[item.role] = item.partial
        elif isinstance(item, Event):
            self.events += 1
        elif isinstance(item, CallMeters):
            self.interruptions = item.interruptions
        elif isinstance(item, Nudge):
            self.at = max(self.at, item.at)
            if paused:
                self.held += 1
            else:
                self.nudges.append(item)
        elif isinstance(item, Status):
            self.status = item
            self.at = max(self.at, item.at)
        elif isinstance(item, ToneMeter):
            self.tone = item
            self.at = max(self.at, item.at)


def speaking_text(speaking: dict[str, bool]) -> Text:
    """Who is speaking now, in words: agent / customer / both / silence."""
    who = [r for r in ROLES if speaking.get(r)]
    if len(who) == 2:
        return Text("▶▶ BOTH", style="bold red")
    if who:
        return Text(f"▶ {ROLE_LABEL[who[0]]}", style=ROLE_STYLE[who[0]])
    return Text("· silence", style="dim")


def tone_text(tone: ToneMeter | None) -> Text:
    """The agent's pitch variability and loudness, each with a word (upper case when it needs work)."""
    if tone is None or tone.pitch_spread_st is None or tone.loudness_db is None:
        return Text.assemble(("pitch ", "dim"), "–", ("  loud ", "dim"), "–")
    stale = tone.voiced_at is None or tone.at - tone.voiced_at > STALE_S
    fade = " dim" if stale else ""
    return Text.assemble(
        ("pitch ", "dim"), (f"{tone.pitch_spread_st:.1f}st ", "bold" + fade),
        ("FLAT", "bold yellow" + fade) if tone.flat else ("varied", "green" + fade),
        ("  loud ", "dim"), (f"{tone.loudness_db:.0f}dB ", "bold" + fade),
        ("QUIET", "bold yellow" + fade) if tone.quiet else ("ok", "green" + fade))


class LiveScreen(Screen[None]):
    """The live sidebar: clock, speaker, current nudge over older ones, meters, transcript."""

    CSS_PATH = "live_screen.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "toggle_pause", "pause nudges"),
        Binding("m", "mark", "mark"),
        Binding("q", "end_call", "end call"),
    ]

    def __init__(self, title: str = "live", on_end: Callable[[], None] | None = None,
                 config: UiConfig | None = None, on_mark: Callable[[float], None] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.on_end = on_end  # stops the session (the source); None when nothing runs
        self.on_mark = on_mark  # records a mark with the session (must not block); None when nothing records
        self.config = config or UiConfig()
        self.state = LiveState()
        self.paused = False
        self.ended = False
        self.error: str | None = None
        self.marks: list[float] = []
        self._dirty = True

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        yield Static(id="nudge")
        yield Static(id="older")
        yield Static(id="meters")
        with VerticalScroll(id="transcript"):
            yield Static(id="words")
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(1 / self.config.refresh_hz, self._redraw)
        self._redraw()

    # ------------------------------------------------------------------ input

    def on_live_item_message(self, message: LiveItemMessage) -> None:
        self.state.apply(message.item, paused=self.paused)
        self._dirty = True

    def on_call_ended(self, message: CallEnded) -> None:
        self.ended = True
        self.error = message.error
        self._dirty = True

    def action_toggle_pause(self) -> None:
        self.paused = not self.paused
        if not self.paused:
            self.state.held = 0
        self._dirty = True

    def action_mark(self) -> None:
        """Mark this moment: shown here, and handed to the session to record (it never waits for the disk)."""
        at = self.state.at
        self.marks.append(at)
        if self.on_mark is not None:
            self.on_mark(at)
        self.notify(f"★ marked {clock(at)}", timeout=2)
        self._dirty = True

    def action_end_call(self) -> None:
        """First ``q`` ends the call (what was heard is kept); once ended, ``q`` leaves."""
        if self.ended:
            self.app.exit(self.marks)
            return
        self.ended = True
        if self.on_end is not None:
            self.on_end()
        self._dirty = True

    # ------------------------------------------------------------------ drawing

    def _redraw(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        s = self.state
        header = Text.assemble(("◷ ", "bold"), (clock(s.at), "bold"), "  ", speaking_text(s.speaking))
        if s.status is not None and s.status.roles_by:
            header.append(f"  ({s.status.roles_by})", style="dim")  # a mono call: the roles are diarized
        if self.paused:
            header.append(f"  ‖ paused ({s.held} held)", style="bold yellow")
        if s.status is not None and s.status.delayed:
            header.append(f"  ⚠ coaching delayed {s.status.delay_s:.0f}s", style="bold yellow")
        elif s.status is not None and s.status.behind:
            header.append("  ⚠ behind", style="yellow")
        if s.status is not None and s.status.notice:
            header.append(f"  ⚠ {s.status.notice}", style="bold red")
        if self.ended:
            header.append("  ■ ended" + (f": {self.error}" if self.error else ""), style="bold")
        self.query_one("#header", Static).update(header)

        nudges = list(s.nudges)
        current = nudges[-1] if nudges else None
        nudge = self.query_one("#nudge", Static)
        if current is None and self.ended and self.error:
            nudge.update(Text("no coaching: the call ended on an error (see above)", style="bold red"))
            nudge.set_class(False, "-active")
        elif current is None:
            nudge.update(Text("no nudge — all good", style="dim"))
            nudge.set_class(False, "-active")
        else:
            nudge.update(Text.assemble((f"{SEVERITY_LABEL[current.severity]} ", SEVERITY_STYLE[current.severity]),
                                       (current.text, "bold"), (f"  {clock(current.at)}", "dim")))
            nudge.set_class(True, "-active")
        older = Text(no_wrap=True, overflow="ellipsis")
        for n in reversed(nudges[:-1]):
            older.append(f"{clock(n.at):>5} {event_label(n.kind)}: {n.text}\n", style="dim")
        older.rstrip()
        older_widget = self.query_one("#older", Static)
        older_widget.update(older)
        older_widget.display = len(nudges) > 1

        talk = sum(s.talk_s.values())
        ratio = f"{100 * s.talk_s['agent'] / talk:.0f}%" if talk else "–"
        meters = Text.assemble(
            ("talk ", "dim"), (ratio, "bold"), ("  interrupts ", "dim"), (str(s.interruptions), "bold"),
            ("  ★ ", "dim"), (str(len(self.marks)), "bold"), "\n", tone_text(s.tone))
        self.query_one("#meters", Static).update(meters)

        self.query_one("#words", Static).update(self.transcript_table())
        self.query_one("#transcript", VerticalScroll).scroll_end(animate=False)

    def transcript_rows(self) -> list[tuple[Text, Text]]:
        """(label, words) per line: committed lines plain, each role's unstable partial tail dimmed after them."""
        s = self.state
        rows = [(Text(f"{ROLE_LABEL[role]}:", style=ROLE_STYLE[role]), Text(" ".join(line))) for role, line in s.lines]
        rows += [(Text(f"{ROLE_LABEL[role]}…", style=ROLE_STYLE[role]),
                  Text(" ".join(w.text for w in s.partial[role]), style="dim italic"))
                 for role in ROLES if s.partial[role]]
        return rows

    def transcript_text(self) -> Text:
        """The transcript as one Text (``AGENT: words`` per line), styles kept."""
        return Text("\n").join(Text.assemble(label, " ", words) for label, words in self.transcript_rows())

    def transcript_table(self) -> Table:
        """The transcript as drawn: a label column and a words column, so wrapped lines hang under the words."""
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=LABEL_WIDTH, no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for label, words in self.transcript_rows():
            grid.add_row(label, words)
        return grid
