"""The terminal dashboard (Textual): a live sidebar during calls and a review screen after.

``app.CoachApp`` is the composition root; the screens only read vocabulary items and review
documents, they never touch audio or models.
"""
