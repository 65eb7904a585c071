"""Where coach keeps a user's data, and creating it readable by that user only.

Recordings, transcripts, voiceprints and the call history are personal data: every folder coach
creates for them is 0700 and every file 0600, whatever the umask. Folders that already exist and
were not made by coach (``/tmp``, a shared drive) are left as they are; the files coach puts in
them are still 0600.
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def data_dir() -> Path:
    """The user's data folder for coach: $XDG_DATA_HOME/coach, else ~/.local/share/coach."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "coach"


def private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents as 0700 folders; an existing folder is kept as is.

    ``Path.mkdir(mode=...)`` applies the mode to the last folder only and through the umask, so
    each missing level is created here and set explicitly.
    """
    path = Path(path)
    missing: list[Path] = []
    p = path
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:  # made by another process in between: fine if it is a folder
            if not folder.is_dir():
                raise
            continue
        os.chmod(folder, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty as 0600 (folders via :func:`private_dir`) unless it exists.

    Made before a library such as SQLite opens it, because they keep the mode they find.
    """
    path = Path(path)
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return path
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path
