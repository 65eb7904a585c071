"""Errors a user can act on. The CLI prints them as one line and exits with code 2."""


class UserError(Exception):
    """Bad input or environment; the message names the file (or key) and the problem."""


class AudioError(UserError):
    """An audio file cannot be read as a call recording."""


class OutputError(UserError, OSError):
    """An output file cannot be written (a folder in the way, no permission, a full disk).

    Also an OSError, so code that already handles a failed write (the session recorder) still does.
    Built as ``OutputError(errno, strerror, filename)``.
    """

    def __str__(self) -> str:
        return f"{self.filename}: cannot write ({self.strerror})"
