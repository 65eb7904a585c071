"""Audio in: decoding recordings (decode), resampling (resample), sources of call-time chunks
from files, paced replays and live devices (sources), and the input-device list (devices)."""
