"""The wings import only downwards: lint-imports keeps the layers declared in pyproject.toml.

`make lint` runs lint-imports on the real tree; these tests show the contract catches a new upward import
and a new circle inside the delivery stage, on a copy of the package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def run_lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "pipeline", tmp_path / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(module: Path, line: str) -> None:
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("from __future__ import annotations\n",
                                   f"from __future__ import annotations\n\n{line}  # noqa\n", 1), encoding="utf-8")


def test_the_tree_keeps_its_layers(tree: Path) -> None:
    result = run_lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(("module", "line", "expected"), [
    # the plan reaching up for the readiness stage: the circle issue 11 removed
    ("program/plan.py", "from ..readiness.gaps import assess_readiness",
     "pipeline.program.plan -> pipeline.readiness.gaps"),
    # the bottom of the house reaching the top
    ("intake/model.py", "from ..delivery import build", "pipeline.intake.model -> pipeline.delivery.build"),
    # a circle inside the delivery stage: the redline summary taking from build
    ("delivery/changes.py", "from .build import build_client", "pipeline.delivery.changes -> pipeline.delivery.build"),
])
def test_an_upward_import_breaks_the_contract(tree: Path, module: str, line: str, expected: str) -> None:
    add_import(tree / "pipeline" / module, line)
    result = run_lint_imports(tree)
    assert result.returncode == 1, result.stdout
    assert "BROKEN" in result.stdout
    assert expected in result.stdout
