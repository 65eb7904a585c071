"""Speech activity: who speaks when (VAD per channel, diarization for mono calls)."""
