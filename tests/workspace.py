"""Helpers for tests that run the real `corpath` command in a throw-away workspace."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CORPATH = str(Path(sys.executable).parent / "corpath")


def run_corpath(ws: Path, *args: str, env: dict[str, str] | None = None, templates: bool = True,
                check: bool = False) -> subprocess.CompletedProcess:
    """`corpath ARGS` with the workspace as working folder and, unless told otherwise, its own copy of
    program_templates (CORPATH_TEMPLATES=ws/templates)."""
    full_env = {k: v for k, v in os.environ.items() if k != "CORPATH_TEMPLATES"}
    full_env["NO_COLOR"] = "1"
    if templates:
        full_env["CORPATH_TEMPLATES"] = str(ws / "templates")
    full_env.update(env or {})
    result = subprocess.run([CORPATH, *args], cwd=ws, env=full_env, capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"corpath {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


def snapshot(root: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file's bytes, inode and modification time, every symlink's target, and every folder."""
    found: dict[str, tuple[bytes, int, int]] = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_symlink():
            found[rel] = (os.readlink(path).encode(), 0, 0)
        elif path.is_file():
            stat = path.stat()
            found[rel] = (path.read_bytes(), stat.st_ino, stat.st_mtime_ns)
        else:
            found[rel] = (b"<dir>", 0, 0)
    return found
