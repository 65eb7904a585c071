"""Errors a user can act on. The CLI prints them as one line and exits with code 2."""


class UserError(Exception):
    """Bad input or environment; the message names the file (or key) and the problem."""


class AudioError(UserError):
    """An audio file cannot be read as a call recording."""
