"""Files read and written only where they belong: regular files, no symbolic links, bounded sizes.

corpath often runs as the user who owns every client's files (root on a small office server), and the folders it
writes into (`output/`, `intake/<client>.overrides/`) live in git, which carries symbolic links. So every read of
an input is limited to a regular file of bounded size (a FIFO would hang it, `/dev/zero` would fill memory), and
every write under one of those folders refuses a symbolic link anywhere between the folder and the file: a link
planted there would otherwise make corpath overwrite, or print, a file elsewhere.

Every refusal is an `UnsafePath` (a user error, exit 1) whose message names the path and the reason.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import CorpathError

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class UnsafePath(CorpathError):
    """A path corpath refuses to read or write: a symbolic link, not a regular file, or too large.

    `reason` is the bare reason (e.g. "is a symbolic link"), for callers that locate it themselves.
    """

    def __init__(self, path: Path | str, reason: str, *, hint: str | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}", hint=hint)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: Path, *, limit: int, follow: bool = True) -> bytes:
    """The bytes of `path`, which must be a regular file of at most `limit` bytes.

    Opened without blocking (a FIFO is refused at once instead of waiting for a writer); with `follow=False` a
    symbolic link is refused too. Raises FileNotFoundError when the file does not exist, `UnsafePath` for a
    link, a FIFO, a device, a folder or a file over `limit`, and other OSErrors as the system gives them.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | _CLOEXEC | (0 if follow else _NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:
            raise UnsafePath(path, "is a symbolic link; corpath does not read through links here") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafePath(path, f"is {_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise UnsafePath(path, f"is {info.st_size:,} bytes; the limit is {limit:,} bytes")
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while being read
                raise UnsafePath(path, f"is over the limit of {limit:,} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)


def no_links_below(root: Path, path: Path) -> None:
    """Refuse `path` when it, or any folder between `root` and it, is a symbolic link.

    `root` itself may be reached through links (a consultant may keep `output/` on another disk); what is
    inside it may not. A path outside `root` is refused too. Components that do not exist yet are fine.
    """
    root_abs = Path(os.path.abspath(root))
    target = Path(os.path.abspath(path))
    try:
        parts = target.relative_to(root_abs).parts
    except ValueError:
        raise UnsafePath(path, f"is outside {root}") from None
    current = root_abs
    for part in parts:
        current = current / part
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            return
        if stat.S_ISLNK(info.st_mode):
            raise UnsafePath(current, "is a symbolic link; corpath does not read or write through links here",
                             hint="replace the link with the real file or folder")


def read_inside(root: Path, path: Path, *, limit: int = 16 << 20) -> bytes:
    """Read a regular file inside `root` with no symbolic link on the way (see `no_links_below`)."""
    no_links_below(root, path)
    return read_regular(path, limit=limit, follow=False)


def write_inside(root: Path, path: Path, data: bytes | str, *, mode: int = 0o644) -> None:
    """Write `data` to `path` inside `root`, creating folders as needed, never through a symbolic link.

    An existing regular file is replaced; a link (to a file or a folder) anywhere below `root` is refused
    with `UnsafePath`, so nothing outside `root` can be written through one.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    no_links_below(root, path.parent)
    mkdirs_inside(root, path.parent)
    no_links_below(root, path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW | _CLOEXEC, mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafePath(path, "is a symbolic link; corpath does not write through links here") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafePath(path, f"is {_kind(info.st_mode)}, not a regular file")
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def mkdirs_inside(root: Path, folder: Path) -> None:
    """Create `folder` (and its parents) inside `root`; an existing link on the way is refused."""
    no_links_below(root, folder)
    folder.mkdir(parents=True, exist_ok=True)
    no_links_below(root, folder)  # a link made between the check and the mkdir
