"""The house's layering, as the README draws it, cannot drift back: import-linter's contracts in
pyproject.toml (sinks never import the engine, stages never import each other, the vocabulary
imports nothing of the project, audio knows nothing above it) are checked on every test run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout, run.stdout[-2000:]


def test_a_forbidden_import_is_caught(tmp_path: Path) -> None:
    """The check can fail: a sink that imports the live engine breaks the first contract."""
    pkg = tmp_path / "coach"
    (pkg / "ui").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "ui" / "__init__.py").write_text("from coach import live  # noqa: F401\n")
    (pkg / "live.py").write_text("")
    (tmp_path / "audio").mkdir()
    (tmp_path / "audio" / "__init__.py").write_text("")
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_packages = ["coach", "audio"]\n'
        '[[tool.importlinter.contracts]]\nname = "sinks"\ntype = "forbidden"\n'
        'source_modules = ["coach.ui"]\nforbidden_modules = ["coach.live"]\n'
    )
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint), "--no-cache", "--config", str(config)], cwd=tmp_path, capture_output=True,
                         text=True, timeout=300, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert run.returncode != 0
    assert "coach.ui -> coach.live" in run.stdout


def test_the_vocabulary_contract_names_every_module() -> None:
    """A module added later cannot slip under the vocabulary unnoticed: the contract lists them all."""
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    vocab = next(c for c in contracts if c.get("source_modules") == ["coach.vocab"])
    skip = ("__init__", "_offline", "vocab")
    modules = {f"coach.{p.stem}" for p in (ROOT / "coach").glob("*.py") if p.stem not in skip}
    modules |= {f"coach.{p.name}" for p in (ROOT / "coach").iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert modules <= set(vocab["forbidden_modules"]), sorted(modules - set(vocab["forbidden_modules"]))
