"""Transcription: faster-whisper over each role's speech."""
