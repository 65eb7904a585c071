"""Where coach keeps a user's data, and creating it readable by that user only.

Recordings, transcripts, voiceprints and the call history are personal data: every folder coach
creates for them is 0700 and every file 0600, whatever the umask. Folders that already exist and
were not made by coach (``/tmp``, a shared drive) are left as they are; the files coach puts in
them are still 0600.
"""

from __future__ import annotations

import errno
import os
import stat
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


def read_regular_file(path: Path, limit: int, *, follow_links: bool = True) -> bytes:
    """The bytes of ``path``, which must be a regular file of at most ``limit`` bytes.

    What coach reads whole (a config, a review JSON, a session's files) comes from outside: a
    pipe would block the read, ``/dev/zero`` would never end, and a huge file would fill memory.
    Each is an OSError with its own errno (EISDIR, EINVAL for a device or pipe, EFBIG); with
    ``follow_links=False`` a symlink is ELOOP and is not read. The pipe is opened non-blocking, so
    even the open cannot wait for a writer.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow_links else os.O_NOFOLLOW)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "is not a regular file (a device or pipe)", str(path))
        if st.st_size > limit:
            raise OSError(errno.EFBIG, f"is larger than {limit >> 20} MB", str(path))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:  # grew while it was read
        raise OSError(errno.EFBIG, f"is larger than {limit >> 20} MB", str(path))
    return data
