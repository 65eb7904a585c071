"""A virtual capture device for the live tests: a private PulseAudio daemon behind ALSA's pulse plugin.

There is no sound card here, so each live test starts its own ``pulseaudio`` (no system config,
its own socket and runtime folder) with a stereo null sink ``call``; what is played into it comes
out of ``call.monitor``, and two remap sources split its left/right channels into the mono
sources ``agent_src`` and ``customer_src``. Debian's PortAudio has no PulseAudio host API, so an
``.asoundrc`` in a private HOME names them as ALSA devices through libasound2-plugins' pulse
plugin: ``coach_call`` (stereo), ``coach_agent`` and ``coach_customer``. A low-latency ``parec``
on the monitor keeps the null sink rendering in small blocks, as a real device would, instead of
pulse's 2 s idle blocks (which delay the first captured audio by up to 2 s).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

RATE = 16_000
ASOUNDRC = """\
pcm.coach_call {{ type pulse; device "call.monitor"; server "{server}" }}
pcm.coach_agent {{ type pulse; device "agent_src"; server "{server}" }}
pcm.coach_customer {{ type pulse; device "customer_src"; server "{server}" }}
pcm.coach_nosuch {{ type pulse; device "nosuch.monitor"; server "{server}" }}
"""


@dataclass
class VirtualPulse:
    """A running private PulseAudio daemon and the environment that reaches it."""

    root: Path
    env: dict[str, str]
    daemon: subprocess.Popen[bytes]
    helpers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def play(self, path: Path, sink: str = "call") -> subprocess.Popen[bytes]:
        """Start playing ``path`` into ``sink``; returns the paplay process."""
        proc = subprocess.Popen(["paplay", "-d", sink, str(path)], env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.helpers.append(proc)
        return proc

    def kill(self) -> None:
        """The device vanishes: the daemon dies at once, as when a USB headset is pulled."""
        if self.daemon.poll() is None:
            self.daemon.send_signal(signal.SIGKILL)
            self.daemon.wait(timeout=5)

    def stop(self) -> None:
        """End the helpers and the daemon politely; kill what does not stop within 5 s."""
        for proc in [*self.helpers, self.daemon]:
            if proc.poll() is None:
                proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)

    def log(self) -> str:
        return (self.root / "pulse.log").read_text(errors="replace")[-2000:]


def _start_pulse(root: Path) -> VirtualPulse:
    missing = [tool for tool in ("pulseaudio", "pactl", "paplay", "parec") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"virtual audio device unavailable: {', '.join(missing)} not installed "
                    "(scripts/setup.sh installs pulseaudio and pulseaudio-utils)")
    if not any(Path("/usr/lib").glob("*/alsa-lib/libasound_module_pcm_pulse.so")):
        pytest.fail("virtual audio device unavailable: ALSA's pulse plugin is missing "
                    "(apt package libasound2-plugins, installed by scripts/setup.sh)")
    runtime, home = root / "runtime", root / "home"
    runtime.mkdir(mode=0o700)
    home.mkdir()
    socket = root / "native"
    server = f"unix:{socket}"
    (home / ".asoundrc").write_text(ASOUNDRC.format(server=server))
    client_conf = root / "client.conf"
    client_conf.write_text("autospawn = no\n")  # a killed daemon must stay dead
    env = dict(os.environ)
    env.update({"HOME": str(home), "XDG_RUNTIME_DIR": str(runtime), "PULSE_SERVER": server,
                "PULSE_CLIENTCONFIG": str(client_conf), "PULSE_RUNTIME_PATH": str(runtime)})
    env.pop("DISPLAY", None)
    modules = [
        f"module-native-protocol-unix socket={socket} auth-anonymous=1",
        f"module-null-sink sink_name=call rate={RATE} channels=2",
        "module-remap-source source_name=agent_src master=call.monitor channels=1 "
        "master_channel_map=front-left channel_map=mono",
        "module-remap-source source_name=customer_src master=call.monitor channels=1 "
        "master_channel_map=front-right channel_map=mono",
    ]
    cmd = ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit", "--system=false",
           "--use-pid-file=no", "--disable-shm=yes", "--log-target=stderr"]
    for module in modules:
        cmd += ["-L", module]
    log = (root / "pulse.log").open("wb")
    daemon = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    pulse = VirtualPulse(root, env, daemon)
    deadline = time.monotonic() + 10
    while True:
        if daemon.poll() is not None:
            pytest.fail(f"virtual audio device unavailable: pulseaudio exited with {daemon.returncode}: "
                        f"{pulse.log()}")
        ok = subprocess.run(["pactl", "list", "short", "sources"], env=env, capture_output=True, text=True)
        if ok.returncode == 0 and "agent_src" in ok.stdout and "customer_src" in ok.stdout:
            break
        if time.monotonic() > deadline:
            pulse.kill()
            pytest.fail(f"virtual audio device unavailable: pulseaudio did not answer in 10 s: {pulse.log()}")
        time.sleep(0.1)
    keeper = subprocess.Popen(["parec", "-d", "call.monitor", "--latency-msec=10"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pulse.helpers.append(keeper)
    return pulse


@pytest.fixture
def virtual_pulse(tmp_path: Path) -> Iterator[VirtualPulse]:
    """A private PulseAudio with the coach_call / coach_agent / coach_customer ALSA devices."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the virtual capture device needs Linux (PulseAudio + ALSA)")
    root = tmp_path / "pulse"
    root.mkdir()
    pulse = _start_pulse(root)
    try:
        yield pulse
    finally:
        pulse.stop()
