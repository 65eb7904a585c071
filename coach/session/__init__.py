"""Live sessions on disk: recorded as they happen (recorder.py), found and repaired after a crash (store.py)."""
