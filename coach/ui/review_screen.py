"""ReviewScreen: a saved ``coach.review/1`` document, browsed.

It reads the document as typed objects (:class:`coach.review_doc.ReviewDoc`), overlaps included.
A timeline strip of the whole call (who spoke when, overlaps, events), an event list that jumps
the transcript and the timeline to the moment, the transcript with events inline, a scorecard,
and playback of the selected moment (``space``/``enter``) in a worker thread, its outcome (or why
it cannot play) shown on one status line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from coach.config import UiConfig
from coach.errors import UserError
from coach.review_doc import ReviewDoc
from coach.ui.common import EVENT_SYMBOL, ROLE_LABEL, ROLE_STYLE, clock, event_label
from coach.ui.playback import play_clip, read_clip, stop_playback
from coach.vocab import ROLES


@dataclass(frozen=True)
class Line:
    """One transcript row: a segment (``kind`` None) or an event shown inline."""

    start: float
    role: str
    text: str
    kind: str | None = None


@dataclass(frozen=True)
class Moment:
    """One entry of the event list: an :class:`Event` of the review, or a moment the agent marked
    (kind ``mark``, not an event kind of the contract): listed, drawn and played alike."""

    kind: str
    role: str
    start: float
    end: float
    message: str = ""


MARK_MESSAGE = "marked during the call"


def review_events(review: ReviewDoc) -> list[Moment]:
    """The review's events and the agent's marks (a recorded session's) in call-time order."""
    moments = [Moment(e.kind, e.role, e.start, e.end, e.message) for e in review.events]
    moments += [Moment("mark", "agent", t, t, MARK_MESSAGE) for t in review.marks]
    return sorted(moments, key=lambda m: m.start)


def transcript_lines(review: ReviewDoc) -> list[Line]:
    """Segments, events and marks in call-time order (an event after the segment it starts in)."""
    lines = [Line(s.start, s.role, s.text) for s in review.segments]
    lines += [Line(m.start, m.role, m.message, m.kind) for m in review_events(review)]
    return sorted(lines, key=lambda ln: (ln.start, ln.kind is not None))


def event_marks(events: list[Moment], width: int, scale: float) -> list[str]:
    """The timeline's event row: one symbol per cell. Two kinds in one cell spill the second into a
    free cell to the right (``↯≡``); more, or no room, show how many events the cell holds (``3``)."""
    cells: dict[int, list[str]] = {}
    for e in sorted(events, key=lambda e: e.start):
        cells.setdefault(min(width - 1, int(e.start * scale)), []).append(e.kind)
    marks = [" "] * width
    for i, kinds in sorted(cells.items()):
        distinct = list(dict.fromkeys(kinds))
        if len(distinct) == 1:
            marks[i] = EVENT_SYMBOL.get(distinct[0], "?")
        elif len(distinct) == 2 and i + 1 < width and i + 1 not in cells and marks[i + 1] == " ":
            marks[i], marks[i + 1] = (EVENT_SYMBOL.get(k, "?") for k in distinct)
        else:
            marks[i] = str(len(kinds)) if len(kinds) < 10 else "+"
    return marks


class Timeline(Widget):
    """Who spoke when across the whole call: one row per role, overlaps, events, and a cursor ``▲``."""

    DEFAULT_CSS = "Timeline { height: 5; }"

    def __init__(self, review: ReviewDoc, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.review = review
        self.duration = review.length_s
        self.events = review_events(review)  # with the agent's marks; once, not on every render
        self.cursor: float | None = None

    def move_to(self, t: float) -> None:
        self.cursor = t
        self.refresh()

    def render(self) -> Text:
        label = 6
        width = max(4, self.size.width - label)
        scale = width / self.duration

        def row(spans: list[tuple[float, float]]) -> list[bool]:
            cells = [False] * width
            for a, b in spans:
                first = min(width - 1, int(a * scale))
                for i in range(first, min(width, max(first + 1, int(b * scale + 0.999)))):
                    cells[i] = True
            return cells

        out = Text(no_wrap=True, overflow="crop")
        turns = self.review.turns
        for role in ROLES:
            cells = row([(t.start, t.end) for t in turns if t.role == role])
            out.append(f"{ROLE_LABEL[role]:<5} ", style=ROLE_STYLE[role])
            out.append("".join("█" if c else "·" for c in cells), style=ROLE_STYLE[role])
            out.append("\n")
        out.append("both  ", style="bold")
        both = row([(o.start, o.end) for o in self.review.overlaps])
        out.append("".join("×" if c else " " for c in both), style="bold red")
        out.append("\n")
        out.append("event ", style="bold")
        out.append("".join(event_marks(self.events, width, scale)), style="yellow")
        out.append("\n")
        cursor = [" "] * width
        if self.cursor is not None:
            cursor[min(width - 1, int(self.cursor * scale))] = "▲"
        out.append(f"{clock(self.cursor) if self.cursor is not None else '':>5} ", style="dim")
        out.append("".join(cursor), style="bold")
        return out


def scorecard_text(metrics: dict[str, Any]) -> Text:
    """The call's headline numbers, one per line, with the word beside the value."""
    rows = [
        ("talk ratio (agent)", f"{100 * float(metrics.get('agent_talk_ratio', 0.0)):.0f}%"),
        ("interruptions", str(metrics.get("interruptions", 0))),
        ("empathy moments", str(metrics.get("empathy_moments", 0))),
        ("phrases to avoid", str(metrics.get("phrases_to_avoid", 0))),
        ("longest monologue", f"{float(metrics.get('longest_monologue_s', 0.0)):.0f} s"),
        ("dead air", f"{float(metrics.get('dead_air_s', 0.0)):.0f} s"),
    ]
    out = Text()
    for i, (name, value) in enumerate(rows):
        out.append(f"{name:<18} ", style="dim")
        out.append(value, style="bold")
        if i < len(rows) - 1:
            out.append("\n")
    return out


TIME_WIDTH = 5  # "12:34"
WHO_WIDTH = 5  # "AGENT", "CUST", or an event's symbol


def line_table(line: Line) -> Table:
    """One transcript row as drawn: time, who (or the event's symbol), words; wrapped words hang
    under the words column instead of running back under the time."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=TIME_WIDTH, justify="right", no_wrap=True)
    grid.add_column(width=WHO_WIDTH, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    when = Text(clock(line.start), style="dim")
    who = ROLE_LABEL.get(line.role, line.role)
    if line.kind:
        grid.add_row(when, Text(EVENT_SYMBOL.get(line.kind, "?"), style="bold yellow"),
                     Text.assemble((line.kind.replace("_", " "), "bold yellow"), f" ({who}) {line.text}"))
    else:
        grid.add_row(when, Text(who, style=ROLE_STYLE.get(line.role, "bold")), Text(line.text))
    return grid


def line_plain(line: Line) -> str:
    """A transcript row as plain text (what a reader sees, without the layout)."""
    who = ROLE_LABEL.get(line.role, line.role)
    if line.kind:
        return f"{clock(line.start)} {event_label(line.kind)} ({who}) {line.text}"
    return f"{clock(line.start)} {who}: {line.text}"


class TranscriptLine(Static):
    """One row of the review transcript (a segment, or an event inline)."""

    def __init__(self, line: Line, **kwargs: Any) -> None:
        super().__init__(line_table(line), **kwargs)
        self.line = line

    @property
    def plain(self) -> str:
        return line_plain(self.line)


class PlaybackDone(Message):
    """A playback worker finished: what to say on the status line."""

    def __init__(self, text: str, request: int) -> None:
        super().__init__()
        self.text = text
        self.request = request  # which play request it answers (a newer one may have replaced it)


PLAY_HINT = "▷ space/enter: play the selected moment"


class ReviewScreen(Screen[None]):
    """One reviewed call: timeline, events, transcript, scorecard, playback of the selected moment."""

    CSS_PATH = "review_screen.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "quit"),
        Binding("e", "focus_events", "events"),
        Binding("t", "focus_transcript", "transcript"),
        Binding("space", "play", "play moment"),
    ]

    def __init__(self, review: ReviewDoc, recording: Path | None = None, config: UiConfig | None = None) -> None:
        super().__init__()
        self.review = review
        self.recording = recording  # the call's audio, for playback; None when it cannot be found
        self.config = config or UiConfig()
        self.events = review_events(review)  # the agent's marks among them
        self.lines = transcript_lines(review)
        self.current: int | None = None  # index into self.lines the transcript is at
        self.selected: int | None = None  # index into self.events the list is on
        self.playing = False
        self._request = 0  # play requests so far: an outcome of a replaced one is not shown

    def compose(self) -> ComposeResult:
        title = Text.assemble(("▣ ", "bold"), (clock(self.review.length_s), "bold"), "  ",
                              Path(self.review.path).name, no_wrap=True, overflow="ellipsis")
        yield Static(title, id="title")
        yield Timeline(self.review, id="timeline")
        with Horizontal(id="body"):
            with Vertical(id="side"):
                yield Static(scorecard_text(self.review.metrics), id="scorecard")
                yield DataTable(id="events", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="transcript"):
                for i, line in enumerate(self.lines):
                    yield TranscriptLine(line, id=f"line-{i}", classes="event-line" if line.kind else "speech-line")
        yield Static(Text(PLAY_HINT, style="dim"), id="playback")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#events", DataTable)
        table.add_columns("time", "event", "who", "what")
        for i, e in enumerate(self.events):
            table.add_row(clock(e.start), event_label(e.kind), ROLE_LABEL.get(e.role, e.role), e.message, key=str(i))
        table.focus()

    def on_data_table_row_highlighted(self, message: DataTable.RowHighlighted) -> None:
        if message.data_table.id == "events" and message.row_key.value is not None:
            self.jump_to_event(int(message.row_key.value))

    def on_data_table_row_selected(self, message: DataTable.RowSelected) -> None:
        """``enter`` (or a click) on an event plays it."""
        if message.data_table.id == "events" and message.row_key.value is not None:
            self.jump_to_event(int(message.row_key.value))
            self.action_play()

    def jump_to_event(self, index: int) -> None:
        """Move the transcript and the timeline to event ``index`` (of :attr:`events`)."""
        self.selected = index
        e = self.events[index]
        start, kind = e.start, e.kind
        target = next((i for i, ln in enumerate(self.lines) if ln.kind == kind and ln.start == start), None)
        if target is None:
            return
        if self.current is not None:
            self.query_one(f"#line-{self.current}").remove_class("-current")
        self.current = target
        widget = self.query_one(f"#line-{target}")
        widget.add_class("-current")
        # Show a little of what led up to the moment: scroll to the line a few rows before it, once
        # the lines have their heights (the first event is selected before the first layout).
        self.call_after_refresh(self._scroll_to_line, max(0, target - 2))
        self.query_one(Timeline).move_to(start)

    def _scroll_to_line(self, index: int) -> None:
        lead = self.query_one(f"#line-{index}")
        self.query_one("#transcript", VerticalScroll).scroll_to_widget(lead, animate=False, top=True)

    def action_focus_events(self) -> None:
        self.query_one("#events").focus()

    def action_focus_transcript(self) -> None:
        self.query_one("#transcript").focus()

    # ------------------------------------------------------------------ playback

    def say(self, text: str, style: str = "") -> None:
        """One line of playback status, with a symbol that carries its meaning."""
        self.query_one("#playback", Static).update(Text(text, style=style))

    def action_play(self) -> None:
        """Play the selected moment: ``[ui] play_before_s`` before it to ``play_after_s`` after it."""
        if self.selected is None:
            self.say("⚠ select an event to play its moment", "yellow")
            return
        if self.recording is None:
            stored = self.review.path or "(none)"
            self.say(f"⚠ cannot play: the recording {stored} was not found", "bold yellow")
            return
        e = self.events[self.selected]
        cfg = self.config
        start = max(0.0, e.start - cfg.play_before_s)
        end = min(e.end + cfg.play_after_s, start + cfg.play_max_s)
        if self.playing:
            stop_playback()  # the new moment replaces the one playing
        self.playing = True
        self._request += 1
        self.say(f"▶ playing {clock(start)}–{clock(end)}", "bold")
        self.run_worker(partial(self._play, self.recording, start, end, self._request), thread=True,
                        group="playback", exit_on_error=False)

    def _play(self, path: Path, start: float, end: float, request: int) -> None:
        """Worker thread: cut and play the stretch; the outcome goes back as a message."""
        try:
            clip = read_clip(path, start, end)
            device = play_clip(clip)
            text = f"✓ played {clock(clip.start)}–{clock(clip.start + clip.duration)} on {device}"
        except UserError as exc:
            text = f"⚠ {exc}"
        except Exception as exc:  # noqa: BLE001 - playback must never take the review down
            text = f"⚠ playback failed: {exc}"
        self.post_message(PlaybackDone(text, request))

    def on_playback_done(self, message: PlaybackDone) -> None:
        if message.request != self._request:
            return
        self.playing = False
        self.say(message.text, "bold yellow" if message.text.startswith("⚠") else "")
