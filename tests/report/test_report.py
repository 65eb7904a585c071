"""The HTML report renders for real (headless Chromium screenshot), offline and self-contained;
the Markdown summary carries the scorecard and suggestions."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from coach.report.html import COLORS, render_html
from coach.report.markdown import render_markdown
from coach.review_doc import ReviewDoc
from tests.conftest import run_coach

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def review_doc(prosody: bool = True) -> dict[str, Any]:
    """A 60 s two-party call with an interruption, a cold stretch and an avoid-phrase with a suggestion."""
    turns = [("agent", 0.5, 8.0), ("customer", 8.6, 20.0), ("agent", 18.5, 30.0), ("customer", 30.5, 41.0),
             ("agent", 41.5, 59.0)]
    doc: dict[str, Any] = {
        "schema": "coach.review/1",
        "audio": {"path": "calls/0042.wav", "duration_s": 60.0, "sample_rate": 8000, "channels": 2},
        "roles": {"agent": "channel:0", "customer": "channel:1"},
        "turns": [{"role": r, "start": s, "end": e} for r, s, e in turns],
        "segments": [{"role": r, "start": s, "end": e, "text": f"{r} says something at {s:.0f} seconds"}
                     for r, s, e in turns],
        "words": [],
        "events": [
            {"kind": "interruption", "role": "agent", "start": 18.5, "end": 20.0,
             "message": "You started talking while the customer was still speaking.", "detail": {"overlap_s": 1.5}},
            {"kind": "cold_tone", "role": "agent", "start": 42.0, "end": 58.0,
             "message": "You sound flat here.", "detail": {}},
            {"kind": "avoid_phrase", "role": "agent", "start": 44.0, "end": 45.0, "message": "Avoid 'calm down'.",
             "detail": {"phrase": "calm down", "suggestion": "I understand how frustrating this is."}},
        ],
        "metrics": {"agent_talk_ratio": 0.62, "interruptions": 1, "talk_over_s": 1.5, "dead_air_s": 0.0},
    }
    if prosody:
        hop = 0.01
        t = np.arange(0, 60.0, hop)
        pitch = 120 + 30 * np.sin(t * 1.3)
        speaking = np.zeros_like(t, dtype=bool)
        for r, s, e in turns:
            if r == "agent":
                speaking |= (t >= s) & (t < e)
        doc["prosody"] = {"agent": {"hop_s": hop,
                                    "pitch_hz": [float(p) if v else None for p, v in zip(pitch, speaking)],
                                    "loudness_db": [float(-20 - 10 * math.cos(x)) for x in t]}}
    return doc


def _typed(doc: dict[str, Any]) -> ReviewDoc:
    return ReviewDoc.from_dict(doc)


def _screenshot(html: Path, png: Path) -> Image.Image:
    assert CHROMIUM, "chromium is installed by scripts/setup.sh"
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--no-first-run", "--disable-extensions", "--proxy-server=127.0.0.1:9",
                           "--window-size=1200,1700", f"--screenshot={png}", html.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert png.exists(), proc.stderr[-2000:]
    return Image.open(png).convert("RGB")


def _pixels_near(img: Image.Image, hex_color: str, tol: int = 40) -> np.ndarray:
    """(y, x) of pixels within ``tol`` of the color (anti-aliasing and opacity blur edges)."""
    rgb = np.asarray(img).astype(int)
    target = np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)])
    return np.argwhere(np.abs(rgb - target).sum(axis=2) < tol)


def test_self_contained_no_network_references() -> None:
    page = render_html(_typed(review_doc()))
    assert not re.search(r"https?:", page) and "//cdn" not in page
    assert not re.search(r"<(link|img|iframe)\b", page) and "src=" not in page
    assert "I understand how frustrating this is." in page and 'id="prosody"' in page


def test_escapes_transcript_text() -> None:
    doc = review_doc()
    doc["segments"][0]["text"] = "<script>alert(1)</script>"
    assert "<script>alert(1)" not in render_html(_typed(doc))


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is installed by scripts/setup.sh")
def test_renders_in_headless_chromium(tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    html.write_text(render_html(_typed(review_doc())))
    img = _screenshot(html, tmp_path / "shot.png")
    # Each chart series shows up as a real area of its color: the speakers' lanes on the timeline,
    # the pitch and loudness lines, the cold-tone shading.
    agent = _pixels_near(img, COLORS["agent"])
    customer = _pixels_near(img, COLORS["customer"])
    assert len(agent) > 5000 and len(customer) > 5000
    assert abs(np.median(agent[:, 0]) - np.median(customer[:, 0])) > 20  # two lanes, one above the other
    pitch, loud = _pixels_near(img, COLORS["pitch"]), _pixels_near(img, COLORS["loudness"])
    assert len(pitch) > 500 and len(loud) > 500
    assert np.median(pitch[:, 0]) > np.median(agent[:, 0])  # the tone chart is below the timeline
    assert len(_pixels_near(img, "#cce0fb", tol=30)) > 2000  # cold-tone shading (light blue over white)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is installed by scripts/setup.sh")
def test_without_prosody_says_so(tmp_path: Path) -> None:
    page = render_html(_typed(review_doc(prosody=False)))
    assert 'id="no-prosody"' in page and "No prosody" in page
    html = tmp_path / "report.html"
    html.write_text(page)
    img = _screenshot(html, tmp_path / "shot.png")
    assert len(_pixels_near(img, COLORS["agent"])) > 5000
    assert len(_pixels_near(img, COLORS["pitch"])) < 200  # only the legend swatch


def test_markdown_summary() -> None:
    md = render_markdown(_typed(review_doc()))
    assert md.startswith("## Call review: calls/0042.wav\n")
    assert "| interruptions | 1 |" in md and "**3 events**:" in md
    assert "*Try:* I understand how frustrating this is." in md


def test_marks_of_a_recorded_session_are_on_the_timeline_in_the_transcript_and_in_markdown() -> None:
    doc = review_doc()
    doc["marks"] = [{"at": 3.5}, {"at": 65.25}]
    page = render_html(_typed(doc))
    assert page.count('class="mark"') == 2 and "marked by the agent at 1:05" in page
    transcript = page[page.index('<div class="transcript">'):]
    assert transcript.count("\u2605 marked") == 2 and 'id="mark1"' in transcript
    assert "**Marked by the agent during the call:** 0:03.5, 1:05.2" in render_markdown(_typed(doc))
    plain = review_doc()
    plain_html, plain_md = render_html(_typed(plain)), render_markdown(_typed(plain))
    assert 'class="mark"' not in plain_html and "Marked by the agent" not in plain_md


def test_report_command_from_review_json(tmp_path: Path) -> None:
    doc = review_doc()
    doc["segments"][1]["text"] = "my card is 4111 1111 1111 1111"
    src = tmp_path / "r.json"
    src.write_text(json.dumps(doc))
    out_html, out_md = tmp_path / "out" / "r.html", tmp_path / "out" / "r.md"
    run = run_coach("report", str(src), "--html", str(out_html), "--md", str(out_md))
    assert run.rc == 0, run.err
    assert "4111" not in out_html.read_text() and "[CARD]" in out_html.read_text()
    assert out_md.read_text().startswith("## Call review")


def test_report_bad_input_is_one_line_and_no_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    out = tmp_path / "r.html"
    run = run_coach("report", str(bad), "--html", str(out))
    assert run.rc == 2 and run.err.count("\n") == 1 and str(bad) in run.err
    assert not out.exists() and not list(tmp_path.glob(".r.html*"))
    run = run_coach("report", str(tmp_path / "missing.json"), "--html", str(out))
    assert run.rc == 2 and "no such file" in run.err


def test_the_timeline_shades_the_overlaps_the_review_found() -> None:
    """The report draws the document's ``overlaps`` (who held the floor in the tooltip's length), not
    intersections of its own: a stored overlap elsewhere than the turns intersect is the one shaded."""
    doc = review_doc()
    from_turns = re.findall(r'class="overlap"[^>]*><title>both speaking ([\d.]+) s', render_html(_typed(doc)))
    assert from_turns == ["1.50"], "an older document without the field: the turns' one intersection"
    doc["overlaps"] = [{"start": 50.0, "end": 52.25, "first": "agent", "second": "customer"}]
    shaded = re.findall(r'class="overlap"[^>]*><title>both speaking ([\d.]+) s', render_html(_typed(doc)))
    assert shaded == ["2.25"]
