"""Audio in: decoding recordings, resampling, and (later) live capture sources."""
