"""Atomic file output: a temporary file in the target's folder, renamed into place.

A crash, a kill or a bad input never leaves a half-written report, CSV or review behind.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from coach.errors import OutputError


def write_text_atomic(out: Path, text: str, mode: int | None = None) -> None:
    """Write ``text`` to ``out`` via a temporary sibling and ``os.replace``; ``mode`` sets permissions.

    An output that cannot be written (a folder in the way, no permission, a full disk) is a
    :class:`OutputError` (a UserError and an OSError) naming ``out``, with nothing left behind.
    """
    if out.is_dir():
        raise OutputError(errno.EISDIR, "is a folder; give a file name", str(out))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    except OSError as exc:
        raise OutputError(exc.errno, exc.strerror or type(exc).__name__, str(out)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(exc.errno, exc.strerror or type(exc).__name__, str(out)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json_atomic(out: Path, doc: dict[str, Any]) -> None:
    """A JSON document, indented like the review files, written atomically."""
    write_text_atomic(out, json.dumps(doc, indent=1) + "\n")


def check_writable(out: Path) -> None:
    """Fail now, not after a long review, when ``out`` obviously cannot be written.

    Creates nothing: the nearest existing folder on the way must be a folder we may write in.
    """
    if out.is_dir():
        raise OutputError(errno.EISDIR, "is a folder; give a file name", str(out))
    folder = out.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise OutputError(errno.ENOTDIR, f"{folder} is not a folder", str(out))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(errno.EACCES, f"no permission to write in {folder}", str(out))
