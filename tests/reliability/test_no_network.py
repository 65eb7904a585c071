"""Nothing is ever sent over the network: whole reviews run with networking cut off, and nothing tries.

Two layers. The child runs in its own network namespace (``unshare -rn``: only a downed loopback)
when the kernel allows it, so any connection, from Python or a C library or ffmpeg, fails. And a
``sitecustomize`` hook records every attempt Python makes to resolve a name or open an Internet
socket, then refuses it; the test asserts the review succeeded and the record is empty. (Only the
hook runs where user namespaces are not allowed.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from tests.conftest import CALLS, ROOT, load_truth

HOOK = r'''
"""Test hook: record and refuse every name lookup and Internet connection this interpreter attempts."""
import os, socket, traceback

_LOG = os.environ["COACH_NET_LOG"]
_INET = (socket.AF_INET, socket.AF_INET6)


def _record(what, target):
    with open(_LOG, "a", encoding="utf-8") as fh:
        fh.write(f"{what} {target!r} from {traceback.extract_stack()[-3].filename}\n")
    raise OSError(101, f"network blocked by test: {what} {target!r}")


def _getaddrinfo(host, *args, **kwargs):
    _record("getaddrinfo", host)


def _gethostbyname(host, *args, **kwargs):
    _record("gethostbyname", host)


_connect, _connect_ex, _sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto


class _Socket(socket.socket):
    def connect(self, address):
        if self.family in _INET:
            _record("connect", address)
        return _connect(self, address)

    def connect_ex(self, address):
        if self.family in _INET:
            _record("connect_ex", address)
        return _connect_ex(self, address)

    def sendto(self, data, *args):
        if self.family in _INET:
            _record("sendto", args[-1])
        return _sendto(self, data, *args)


socket.getaddrinfo = _getaddrinfo
socket.gethostbyname = _gethostbyname
socket.gethostbyname_ex = _gethostbyname
socket.socket = _Socket
'''


def _netns_available() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    probe = subprocess.run([unshare, "-rn", "true"], capture_output=True)
    return probe.returncode == 0


def _offline_review(tmp_path: Path, call: Path) -> tuple[subprocess.CompletedProcess[str], Path, list[str]]:
    hook_dir = tmp_path / "hook"
    hook_dir.mkdir(exist_ok=True)
    (hook_dir / "sitecustomize.py").write_text(HOOK)
    log = tmp_path / f"{call.stem}.net.log"
    out = tmp_path / f"{call.stem}.review.json"
    env = dict(os.environ, COACH_NET_LOG=str(log), COACH_HISTORY=str(tmp_path / "history.sqlite3"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(hook_dir), os.environ.get("PYTHONPATH", "")])),
               # What a user's shell might carry: proxies must not tempt any library to go online.
               HTTPS_PROXY="http://proxy.invalid:3128", HTTP_PROXY="http://proxy.invalid:3128")
    cmd = [sys.executable, "-m", "coach.cli", "review", str(call), "--json", str(out)]
    if _netns_available():
        cmd = ["unshare", "-rn", *cmd]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    attempts = log.read_text().splitlines() if log.exists() else []
    return proc, out, attempts


def test_the_hook_sees_an_attempt(tmp_path: Path) -> None:
    """The hook is live in the child: a deliberate lookup is recorded (so an empty record means something)."""
    hook_dir = tmp_path / "hook"
    hook_dir.mkdir()
    (hook_dir / "sitecustomize.py").write_text(HOOK)
    log = tmp_path / "net.log"
    env = dict(os.environ, COACH_NET_LOG=str(log), PYTHONPATH=str(hook_dir))
    code = ("import socket\ntry:\n    socket.create_connection(('example.com', 443), timeout=1)\n"
            "except OSError:\n    pass")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert "getaddrinfo 'example.com'" in log.read_text()


def test_stereo_review_runs_with_the_network_cut_off(tmp_path: Path) -> None:
    proc, out, attempts = _offline_review(tmp_path, CALLS / "stereo_interrupt.flac")
    assert proc.returncode == 0, proc.stderr
    assert attempts == []
    doc = json.loads(out.read_text())
    truth = load_truth("stereo_interrupt")
    assert [e for e in doc["events"] if e["kind"] == "interruption"]
    assert len([e for e in truth["events"] if e["kind"] == "interruption"]) == 1
    agent_text = " ".join(s["text"] for s in doc["segments"] if s["role"] == "agent").lower()
    assert "northwind" in agent_text
    assert (tmp_path / "history.sqlite3").exists()  # stored locally, nowhere else


@pytest.mark.slow
def test_mono_review_runs_with_the_network_cut_off(tmp_path: Path) -> None:
    """Mono calls go through pyannote (which can send usage metrics) and huggingface code paths."""
    x, rate = sf.read(CALLS / "mono_interrupt.flac", dtype="float32")
    clip = tmp_path / "mono_clip.wav"
    sf.write(clip, np.asarray(x[: 12 * rate]), rate)  # the first 12 s: both parties speak
    proc, out, attempts = _offline_review(tmp_path, clip)
    assert proc.returncode == 0, proc.stderr
    assert attempts == []
    doc = json.loads(out.read_text())
    assert doc["roles"]["agent"].startswith("speaker:") and doc["segments"]
