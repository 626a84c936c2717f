"""The user's cache folder for work corpath can redo but need not: parsed YAML, compiled templates, charts.

`$CORPATH_CACHE_DIR` when set, else the platform's user cache folder (`platformdirs.user_cache_dir`, e.g.
`~/.cache/corpath`). Nothing in it changes what a build writes: every entry is keyed by the content it was made
from, and a folder that cannot be written only means the work is done again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import FileSystemBytecodeCache


def user_cache(kind: str) -> Path:
    """The folder for one kind of cached work, e.g. `user_cache("parsed")`; not created here."""
    root = os.environ.get("CORPATH_CACHE_DIR")
    if not root:
        import platformdirs

        root = platformdirs.user_cache_dir("corpath")
    return Path(root) / kind


def keep(entry: Path, data: bytes) -> None:
    """Write a cache entry whole or not at all: written aside in its folder (made if missing), then renamed
    over `entry`, so that a reader never sees half of it and two processes writing the same entry is harmless.
    A folder that cannot be written is left alone: nothing is raised, and the work is done again next time."""
    written: str | None = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=entry.parent, suffix=".tmp", delete=False) as handle:
            written = handle.name
            handle.write(data)
        os.replace(written, entry)
    except OSError:
        if written is not None:
            Path(written).unlink(missing_ok=True)


def bytecode_cache(kind: str) -> FileSystemBytecodeCache | None:
    """Jinja's bytecode cache in the folder `user_cache(kind)` (made here), which checks an entry's source and
    Jinja's and Python's versions before using it; None when the folder cannot be made."""
    from jinja2 import FileSystemBytecodeCache  # here: the commands that read YAML only need not load Jinja

    folder = user_cache(kind)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def within(path: Path, folder: Path) -> bool:
    """Whether `path` (made absolute, links not followed) lies inside `folder` (absolute): the test of a file
    corpath ships, whose work may be kept here, against a client's own, whose words never are."""
    try:
        return Path(os.path.abspath(path)).is_relative_to(folder)
    except (OSError, ValueError):
        return False


def code_fingerprint(label: str, source: Path) -> bytes:
    """What an entry made by code is keyed by besides its input: `label` (the library's version and any
    switch) and the SHA-256 of the `source` file that does the work, so that an upgrade or an edit of either
    makes new entries instead of reading old ones."""
    return f"{label}|".encode() + hashlib.sha256(source.read_bytes()).digest()
