"""Analyzers: plain stateful objects turning who-spoke-when, words and prosody into events."""
