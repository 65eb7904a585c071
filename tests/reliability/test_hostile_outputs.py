"""Hostile names and crafted documents against what coach writes and prints, through the real CLI.

One real call is reviewed once (the module fixture) under a file name made to break out of a
Markdown code span and to drive the terminal, by an agent id made to run as a spreadsheet
formula, with ``--json`` through a symlink. Everything after reads that review: the report, the
Markdown, the history's CSV and table, and outputs into devices, pipes and links.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
import threading
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from tests.conftest import CALLS, Run, run_coach
from tests.reliability import badfiles

NAME = "call`<img src=x onerror=alert(1)>`\x1b]0;owned\x07.flac"
AGENT = '=HYPERLINK("http://x.example/","click")\x1b[2J'
SCRIPT = "</p><script>alert(3)</script>"


class Reviewed:
    def __init__(self, root: Path, run: Run) -> None:
        self.root = root
        self.run = run
        self.json = root / "reviews" / "review.json"
        self.env = {"COACH_HISTORY": str(root / "history.sqlite3"), "XDG_DATA_HOME": str(root / "data")}

    def doc(self) -> dict[str, Any]:
        return json.loads((self.root / "review-link.json").read_text())

    def crafted(self, name: str, change: dict[str, Any]) -> Path:
        """The review with top-level fields replaced, saved as another review JSON."""
        path = self.root / name
        path.write_text(json.dumps({**self.doc(), **change}))
        return path


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Reviewed:
    root = tmp_path_factory.mktemp("hostile")
    call = root / NAME
    shutil.copy(CALLS / "stereo_interrupt.flac", call)
    (root / "reviews").mkdir()
    link = root / "review-link.json"
    (root / "reviews" / "review.json").write_text("{}")
    link.symlink_to(root / "reviews" / "review.json")  # --json through a symlink: the link stays a link
    r = Reviewed(root, Run(0, "", ""))
    r.run = run_coach("review", str(call), "--agent", AGENT, "--json", str(link), env=r.env, timeout=600)
    assert r.run.rc == 0, r.run.err
    return r


def test_review_json_through_a_symlink_keeps_the_link(reviewed: Reviewed) -> None:
    assert (reviewed.root / "review-link.json").is_symlink()
    assert reviewed.doc()["schema"] == "coach.review/1"


def _no_controls(text: str) -> None:
    assert not any(ord(c) < 32 and c not in "\n\t" or 0x7f <= ord(c) < 0xa0 for c in text), repr(text[:300])


def test_names_and_ids_are_printed_without_control_characters(reviewed: Reviewed) -> None:
    _no_controls(reviewed.run.out + reviewed.run.err)
    assert "call`<img src=x onerror=alert(1)>`\\x1b]0;owned\\x07.flac" in reviewed.run.out  # shown, escaped
    table = run_coach("history", env=reviewed.env)
    assert table.rc == 0, table.err
    _no_controls(table.out + table.err)
    assert '=HYPERLINK("http://x.example/"' in table.out


def test_history_csv_cells_never_start_a_formula(reviewed: Reviewed, tmp_path: Path) -> None:
    for target in ("-", str(tmp_path / "trends.csv")):
        run = run_coach("history", "--csv", target, env=reviewed.env)
        assert run.rc == 0, run.err
        text = run.out if target == "-" else Path(target).read_text()
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) >= 2 and rows[1][0].startswith("'=HYPERLINK(")
        assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def _rendered(md: str) -> tuple[str, list[str]]:
    """The Markdown as a CommonMark renderer shows it (raw HTML allowed, as on most ticket systems)."""
    parser = MarkdownIt("commonmark")
    kinds = [t.type for t in parser.parse(md)] + [c.type for t in parser.parse(md) for c in t.children or []]
    return parser.render(md), kinds


def test_markdown_keeps_names_messages_and_suggestions_inert(reviewed: Reviewed) -> None:
    events = reviewed.doc()["events"] + [{
        "kind": "avoid_phrase", "role": "agent", "start": 1.0, "end": 2.0, "message": SCRIPT,
        "detail": {"suggestion": "`<img src=y onerror=alert(2)>` [click](javascript:alert(4))"}}]
    crafted = reviewed.crafted("crafted.json", {"events": events})
    md = reviewed.root / "summary.md"
    run = run_coach("report", str(crafted), "--md", str(md), env=reviewed.env)
    assert run.rc == 0, run.err
    html, kinds = _rendered(md.read_text())
    assert "html_inline" not in kinds and "html_block" not in kinds and "link_open" not in kinds, kinds
    assert "<img" not in html and "<script" not in html and "href=" not in html
    # what was escaped is still there for the reader, as text
    assert "onerror=alert(1)" in html and "alert(3)" in html and "onerror=alert(2)" in html


def test_report_through_a_symlink_replaces_its_target_and_keeps_the_link(reviewed: Reviewed, tmp_path: Path) -> None:
    target = tmp_path / "reports" / "call.html"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "latest.html"
    link.symlink_to(target)
    run = run_coach("report", str(reviewed.crafted("as-is.json", {})), "--html", str(link), env=reviewed.env)
    assert run.rc == 0, run.err
    assert link.is_symlink() and target.read_text().startswith("<!DOCTYPE html>")
    dangling = tmp_path / "gone.html"
    dangling.symlink_to(tmp_path / "nowhere" / "x.html")
    run = run_coach("report", str(reviewed.crafted("as-is.json", {})), "--md", str(dangling), env=reviewed.env)
    assert run.rc == 2 and run.err.count("\n") == 1 and "is a symlink to a missing file" in run.err, run.err
    assert dangling.is_symlink() and not (tmp_path / "nowhere").exists()


def test_history_csv_into_a_symlink_keeps_the_link(reviewed: Reviewed, tmp_path: Path) -> None:
    target = tmp_path / "trends.csv"
    target.write_text("")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    run = run_coach("history", "--csv", str(link), env=reviewed.env)
    assert run.rc == 0, run.err
    assert link.is_symlink() and target.read_text().startswith("agent,period")


def test_output_into_a_pipe_streams_to_its_reader(reviewed: Reviewed, tmp_path: Path) -> None:
    fifo = tmp_path / "summary.pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = run_coach("report", str(reviewed.crafted("as-is.json", {})), "--md", str(fifo), env=reviewed.env)
    reader.join(timeout=60)
    assert run.rc == 0, run.err
    assert got and got[0].decode().startswith("## Call review: ")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    # nobody reading: one line at once, not a wait
    run = run_coach("report", str(reviewed.crafted("as-is.json", {})), "--md", str(fifo), env=reviewed.env, timeout=60)
    assert run.rc == 2 and run.err.count("\n") == 1 and "no process reads this pipe" in run.err, run.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_to_stdout_by_name_streams(reviewed: Reviewed, tmp_path: Path) -> None:
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")  # what /dev/stdout is, in a folder a failed test may spoil
    run = run_coach("report", str(reviewed.crafted("as-is.json", {})), "--md", str(stdout), env=reviewed.env)
    assert run.rc == 0, run.err
    assert run.out.startswith("## Call review: ") and stdout.is_symlink()


@pytest.mark.parametrize(("device", "rc", "said"), [((1, 7), 2, "No space left on device"), ((1, 3), 0, "")],
                         ids=["full", "null"])
def test_output_into_a_character_device_never_replaces_it(reviewed: Reviewed, tmp_path: Path,
                                                          device: tuple[int, int], rc: int, said: str) -> None:
    node = tmp_path / "dev"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(*device))  # /dev/full or /dev/null, in a folder of our own
    except PermissionError:
        pytest.skip("cannot make a device node here (needs CAP_MKNOD)")
    source = str(reviewed.crafted("as-is.json", {}))
    call = badfiles.one_sample(reviewed.root)  # a recording that reviews in a moment
    for args in (("report", source, "--html", str(node)), ("history", "--csv", str(node)),
                 ("review", str(call), "--json", str(node), "--no-history")):
        run = run_coach(*args, env=reviewed.env)
        assert run.rc == rc and said in run.err, run.err
        assert rc == 0 or run.err.count("\n") == 1
        assert stat.S_ISCHR(os.lstat(node).st_mode), "the device node was replaced"
        assert [p.name for p in tmp_path.iterdir()] == ["dev"]  # no temporary file left beside it


@pytest.mark.parametrize(("change", "said"), [
    ({"audio": {"path": "x.wav", "duration_s": 1e12}}, "audio.duration_s is 1e+12, outside"),
    ({"audio": {"path": "x.wav", "duration_s": 1e8}}, "audio.duration_s is 1e+08, outside"),
    ({"events": [{"kind": "dead_air", "role": "agent", "start": 0.0, "end": 5e11, "message": ""}]},
     "events[0].end is 5e+11, outside"),
    ({"segments": "abc"}, "segments is not a list"),
    ({"turns": [{"role": "agent", "start": "soon", "end": 1.0}]}, 'turns[0].start is "soon", not a number'),
    ({"prosody": {"agent": {"hop_s": 1e-300, "pitch_hz": [100.0] * 10}}}, None),
    ({"metrics": {"interruptions": [[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}}, "nested deeper than 16 levels"),
], ids=["duration_1e12", "duration_1e8", "event_end", "segments_type", "turn_start_type", "tiny_hop", "deep"])
def test_a_crafted_review_is_refused_in_one_line(reviewed: Reviewed, tmp_path: Path, change: dict[str, Any],
                                                 said: str | None) -> None:
    crafted = reviewed.crafted(f"crafted-{abs(hash(json.dumps(change)))}.json", change)
    out = tmp_path / "out"
    out.mkdir()
    run = run_coach("report", str(crafted), "--html", str(out / "r.html"), "--md", str(out / "r.md"),
                    env=reviewed.env, timeout=60)
    if said is None:  # a harmless oddity: the report is made, and small
        assert run.rc == 0, run.err
        assert (out / "r.html").stat().st_size < 2_000_000
        return
    assert run.rc == 2 and run.err.count("\n") == 1, run.err
    assert run.err.startswith(f"coach: {crafted}: not a valid review document (") and said in run.err, run.err
    assert list(out.iterdir()) == []


def test_a_review_json_nested_a_million_deep_is_one_line(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"schema": "coach.review/1", "audio": ' + "[" * 1_000_000 + "]" * 1_000_000 + "}")
    run = run_coach("report", str(deep), "--md", str(tmp_path / "r.md"), timeout=60)
    assert run.rc == 2 and run.err.count("\n") == 1 and "nested deeper than" in run.err, run.err
    assert "Traceback" not in run.err and not (tmp_path / "r.md").exists()


def test_a_voiceprint_is_never_written_over_a_device(tmp_path: Path) -> None:
    call = CALLS / "stereo_interrupt.flac"  # enough of the agent's speech to enroll
    node = tmp_path / "dev"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # /dev/null, in a folder of our own
    except PermissionError:
        pytest.skip("cannot make a device node here (needs CAP_MKNOD)")
    run = run_coach("enroll", str(call), "--out", str(node), timeout=120)
    assert run.rc == 2 and run.err.count("\n") == 1 and "is a device or pipe" in run.err, run.err
    assert stat.S_ISCHR(os.lstat(node).st_mode)
