"""Reports people look at: one self-contained HTML file per call, and a short Markdown summary."""
