"""Golden Markdown: the whole rendered program of each example client, compared with tests/golden/<client>.md.

A change to a template, a hazard module, a protocol pack or the legislation data shows up here as a diff to
review. To accept it, regenerate the files deliberately and review the diff in version control:

    make update-golden        # runs this file with CORPATH_UPDATE_GOLDEN=1
"""

from __future__ import annotations

import difflib
import os
from datetime import date
from pathlib import Path

import pytest

from pipeline.delivery.prepare import plan_program
from pipeline.intake.load import load_intake
from pipeline.program.compose import render_program
from pipeline.protocols.certificate import recommend

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
CLIENTS = ("acme", "volta-electric", "lakeshore-gc")
TODAY = date(2026, 11, 26)  # fixed, so dates in the program do not change from day to day
DIFF_LINES = 60


def render_markdown(client: str) -> str:
    intake = load_intake(REPO / "intake" / f"{client}.yaml")
    return render_program(plan_program(intake, recommend(intake), today=TODAY)).markdown


def first_differences(expected: str, actual: str, path: Path) -> str:
    diff = list(difflib.unified_diff(
        expected.splitlines(), actual.splitlines(),
        fromfile=f"{path.name} (golden)", tofile=f"{path.name} (rendered now)", lineterm="", n=2,
    ))
    shown = "\n".join(diff[:DIFF_LINES])
    more = f"\n... {len(diff) - DIFF_LINES} more diff lines" if len(diff) > DIFF_LINES else ""
    return shown + more


@pytest.mark.parametrize("client", CLIENTS)
def test_program_markdown_matches_golden(client: str) -> None:
    path = GOLDEN / f"{client}.md"
    actual = render_markdown(client)
    if os.environ.get("CORPATH_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no golden file {path.relative_to(REPO)}; run `make update-golden` and review the result")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        pytest.fail(
            f"the rendered program of {client} differs from {path.relative_to(REPO)}; if the change is "
            f"intended, run `make update-golden` and review the diff\n" + first_differences(expected, actual, path)
        )
