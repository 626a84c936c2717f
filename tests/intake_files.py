"""Writing intake files in a test's folder and reading back the problems `load_intake` reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.intake.load import load_intake

MINIMAL = """\
client: {client}
company:
  legal_name: Test Roofing Ltd.
  province: AB
  industry: construction
  trades: [roofing]
people:
  workers: 6
  owner: {{name: Dan Kowalski, title: Owner}}
operations:
  activities: [work_at_heights]
"""
"""The smallest valid intake, for tests that change one thing in it: `MINIMAL.format(client="acme")`."""


def write(root: Path, name: str, text: str) -> Path:
    """`root/intake/NAME` with `text`; returns its path."""
    path = root / "intake" / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    """Every problem `load_intake` reports for `path`, as printed (`file:line:col: field: message`)."""
    with pytest.raises(InputError) as info:
        load_intake(path)
    return [str(p) for p in info.value.problems]
