"""Atomic file output: a temporary file in the target's folder, renamed into place.

A crash, a kill or a bad input never leaves a half-written report, CSV or review behind.

An output that already exists and is not a regular file is never replaced by the rename: a
character device or a named pipe (``/dev/stdout``, ``/dev/null``, a FIFO a script reads) gets
the text as a stream; a symlink to a regular file keeps its link and has its target replaced
atomically; a block device, a socket or a dangling symlink is refused with one line.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from coach.errors import OutputError


def _refuse(out: Path, code: int, problem: str) -> OutputError:
    return OutputError(code, problem, str(out))


def _kind(mode: int) -> str:
    if stat.S_ISBLK(mode):
        return "is a block device; not written"
    if stat.S_ISSOCK(mode):
        return "is a socket; not written"
    return "is not a regular file; not written"


def output_target(out: Path) -> tuple[str, Path]:
    """How ``out`` is written: ``("atomic", path)`` (renamed into place at ``path``) or ``("stream", out)``.

    Raises :class:`OutputError` for what is never written: a folder, a block device, a socket, a
    dangling symlink.
    """
    try:
        link = os.lstat(out)
    except (FileNotFoundError, NotADirectoryError):  # nothing there yet (or no folder: said by check_writable)
        return "atomic", out
    except OSError as exc:
        raise _refuse(out, exc.errno or errno.EIO, exc.strerror or type(exc).__name__) from None
    try:
        st = os.stat(out) if stat.S_ISLNK(link.st_mode) else link
    except FileNotFoundError:
        raise _refuse(out, errno.ENOENT, "is a symlink to a missing file; not written") from None
    except OSError as exc:  # a symlink loop, a link into a folder we may not enter
        raise _refuse(out, exc.errno or errno.EIO, exc.strerror or type(exc).__name__) from None
    if stat.S_ISDIR(st.st_mode):
        raise _refuse(out, errno.EISDIR, "is a folder; give a file name")
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        return "stream", out
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(out, errno.EINVAL, _kind(st.st_mode))
    if not stat.S_ISLNK(link.st_mode):
        return "atomic", out
    if _through_proc(out):  # /dev/stdout -> /proc/self/fd/1 -> a file the shell opened: write into it
        return "stream", out
    return "atomic", Path(os.path.realpath(out))


def _through_proc(out: Path) -> bool:
    """Whether a hop of the symlink chain at ``out`` lies in /proc (a process's open file, not a path)."""
    p = out
    for _ in range(40):
        if os.path.realpath(p.parent).startswith("/proc/"):
            return True
        if not p.is_symlink():
            return False
        p = p.parent / os.readlink(p)
    return False


def _stream(out: Path, text: str) -> None:
    """Write into an existing device or pipe without creating, truncating or replacing anything.

    A pipe nobody reads is refused at once (opened non-blocking) instead of waiting for a reader.
    """
    try:
        fd = os.open(out, os.O_WRONLY | os.O_APPEND | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError as exc:
        problem = "no process reads this pipe" if exc.errno == errno.ENXIO else exc.strerror or type(exc).__name__
        raise _refuse(out, exc.errno or errno.EIO, problem) from None
    try:
        os.set_blocking(fd, True)
        data = memoryview(text.encode("utf-8"))
        while data:
            n = os.write(fd, data)
            data = data[n:]
    except OSError as exc:
        raise _refuse(out, exc.errno or errno.EIO, exc.strerror or type(exc).__name__) from None
    finally:
        os.close(fd)


def write_text_atomic(out: Path, text: str, mode: int | None = None, *, follow_links: bool = True) -> None:
    """Write ``text`` to ``out`` via a temporary sibling and ``os.replace``; ``mode`` sets permissions.

    An output that cannot be written (a folder in the way, no permission, a full disk) is a
    :class:`OutputError` (a UserError and an OSError) naming ``out``, with nothing left behind.
    A device, pipe or symlink at ``out`` is handled as :func:`output_target` says. With
    ``follow_links=False`` (files inside coach's own folders) the rename replaces whatever is at
    ``out``, a link included, and never writes through it.
    """
    target = out
    if follow_links:
        how, target = output_target(out)
        if how == "stream":
            _stream(out, text)
            return
    elif out.is_dir() and not out.is_symlink():
        raise _refuse(out, errno.EISDIR, "is a folder; give a file name")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise OutputError(exc.errno, exc.strerror or type(exc).__name__, str(out)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
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

    Creates nothing: the nearest existing folder on the way must be a folder we may write in; a
    device or pipe already there is written as a stream, so only it must be writable.
    """
    how, target = output_target(out)
    if how == "stream":
        if not os.access(out, os.W_OK):
            raise OutputError(errno.EACCES, "no permission to write", str(out))
        return
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise OutputError(errno.ENOTDIR, f"{folder} is not a folder", str(out))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(errno.EACCES, f"no permission to write in {folder}", str(out))
