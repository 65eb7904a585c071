"""``coach models``: locate and try-load every model, and format the answer as a table."""

from __future__ import annotations

from dataclasses import dataclass

from coach.config import ModelsConfig
from coach.models import ModelMissing, listed_specs, load_model, resolve


@dataclass(frozen=True)
class ModelRow:
    name: str
    role: str
    source: str
    size_bytes: int
    license: str
    path: str
    status: str  # "loads", "found" (not loaded), or "MISSING"/"FAILS"
    error: str = ""


def check_models(config: ModelsConfig, *, try_load: bool = True) -> list[ModelRow]:
    """One row per model; a failure is recorded in the row, never raised."""
    rows: list[ModelRow] = []
    for spec in listed_specs(config):
        try:
            resolved = resolve(spec.name, config)
        except ModelMissing as exc:
            rows.append(ModelRow(spec.name, spec.role, "-", 0, spec.license, "-", "MISSING", str(exc)))
            continue
        status, error = "found", ""
        if try_load:
            try:
                load_model(resolved)
                status = "loads"
            except Exception as exc:  # noqa: BLE001 - any loader failure is reported in the table
                status = "FAILS"
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                error = f"model {spec.name}: {resolved.path} does not load: {first}"
        rows.append(
            ModelRow(spec.name, spec.role, resolved.source, resolved.size_bytes, spec.license,
                     str(resolved.path), status, error)
        )
    return rows


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n else "-"


def format_models_table(rows: list[ModelRow]) -> str:
    header = ("model", "role", "source", "size", "license", "status")
    body = [(r.name, r.role, r.source, _mb(r.size_bytes), r.license, r.status) for r in rows]
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths))]
    lines.append("  ".join("-" * w for w in widths))
    for row, r in zip(body, rows):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths)))
        lines.append(f"    at {r.path}")
    return "\n".join(lines)
