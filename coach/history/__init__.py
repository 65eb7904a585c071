"""The call history (SQLite) and its per-agent trend view."""
