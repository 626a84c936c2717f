"""Telling a full disk apart from other failures, and saying so plainly.

A full disk shows itself in many ways: `No space left on device` from Python, `File too large` under a
file-size limit, or an opaque IOException from LibreOffice writing a PDF. `disk_full` recognises each after
the fact (from the error, or from the space left being less than the write needed) and gives one message that
names the folder and the space needed.
"""

from __future__ import annotations

import errno
import resource
import shutil
import tempfile
from pathlib import Path

from .errors import CorpathError, DiskFullError, ToolError

SPACE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_SPACE_WORDS = ("No space left on device", "Disk quota exceeded", "File too large")


def _mb(n: float) -> str:
    return f"{n / 1_000_000:.1f} MB"


def available(folder: Path) -> int:
    """Bytes that may still be written in `folder`: the free space, or the file-size limit when smaller."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    return free if limit == resource.RLIM_INFINITY else min(free, limit)


def _says_space(exc: BaseException | None) -> bool:
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError) and exc.errno in SPACE_ERRNOS:
            return True
        if any(words in str(exc) for words in _SPACE_WORDS):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def disk_full(exc: BaseException, folder: Path, needed: int) -> DiskFullError | None:
    """A `DiskFullError` when `exc` came from running out of space writing about `needed` bytes in `folder`.

    An error that says so (ENOSPC, EDQUOT, EFBIG, or those words in a tool's message) counts; so does a tool
    failure while less than `needed` bytes can be written in `folder` or the temporary folder. Otherwise None.
    """
    places = [folder, Path(tempfile.gettempdir())]
    short = [p for p in places if available(p) < needed]
    if not (_says_space(exc) or (short and isinstance(exc, (ToolError, OSError)))):
        return None
    if isinstance(exc, CorpathError) and not isinstance(exc, ToolError):
        return None
    where = short[0] if short else folder
    return DiskFullError(
        f"not enough disk space in {where}: writing the delivery needs about {_mb(needed)}, "
        f"{_mb(available(where))} can be written there",
        hint="free some space (or raise the limit) and build again; the last delivery is untouched",
    )
