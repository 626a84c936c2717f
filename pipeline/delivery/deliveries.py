"""Immutable, dated delivery folders under `output/<client>/`, written atomically.

A build writes into a staging folder beside the deliveries and renames it into place only when every file
is written, so an interrupted or failed build leaves the last good delivery untouched and no half-written
folder behind. A delivery folder is never overwritten: its files are made read-only and a new build always
gets a new folder. `latest` is a symlink naming the newest; it is swapped atomically.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..diskspace import disk_full
from ..errors import BusyError
from ..safefs import UnsafePath, mkdirs_inside, no_links_below, read_inside

MANIFEST = "manifest.json"
LATEST = "latest"
STAGING_PREFIX = ".staging-"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_tree(root: Path, *, exclude: tuple[str, ...] = ()) -> str:
    """Hash of every file under `root` (names and contents), skipping top-level folders in `exclude`."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root)
        if rel.parts[0] in exclude or "__pycache__" in rel.parts:
            continue
        digest.update(str(rel).encode())
        digest.update(sha256_file(path).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Delivery:
    path: Path
    manifest: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.name


def client_root(output_root: Path, client: str) -> Path:
    """`output/<client>`; refused (`UnsafePath`) when it, or anything on the way below `output/`, is a link.

    `output/` itself may be a link (deliveries kept on another disk); a client's folder may not, or a build
    would write, and `absorb` read, wherever it points.
    """
    root = output_root / client
    no_links_below(output_root, root)
    return root


def _manifest(path: Path, root: Path) -> dict[str, Any]:
    return json.loads(read_inside(root, path, limit=16 << 20).decode("utf-8"))


def latest_delivery(output_root: Path, client: str) -> Delivery | None:
    """The newest delivery of a client, or None when there is none (or its manifest is unreadable)."""
    root = client_root(output_root, client)
    pointer = root / LATEST
    if not pointer.is_symlink() and not pointer.exists():
        return None
    name = os.readlink(pointer) if pointer.is_symlink() else ""
    if not name or "/" in name or name.startswith("."):  # corpath writes a bare delivery name, nothing else
        raise UnsafePath(pointer, f"points at '{name}', not at a delivery in {root}",
                         hint="remove the link; the next build writes it again")
    target = root / name
    manifest = target / MANIFEST
    if target.is_symlink() or not manifest.exists():
        return None
    return Delivery(target, _manifest(manifest, output_root))


def deliveries(output_root: Path, client: str) -> list[Delivery]:
    """Every complete delivery of a client, oldest first."""
    root = client_root(output_root, client)
    found = []
    if root.is_dir():
        for child in sorted(root.iterdir()):
            complete = child.is_dir() and not child.is_symlink() and (child / MANIFEST).exists()
            if complete and not child.name.startswith("."):
                found.append(Delivery(child, _manifest(child / MANIFEST, output_root)))
    return found


@contextlib.contextmanager
def client_lock(output_root: Path, client: str) -> Iterator[None]:
    """One build of a client at a time (an advisory lock the OS releases if the process dies)."""
    root = client_root(output_root, client)
    mkdirs_inside(output_root, root)
    try:
        fd = os.open(root / ".lock", os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        raise UnsafePath(root / ".lock", "is a symbolic link; corpath does not write through links here") from None
    with os.fdopen(fd, "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BusyError(f"another build of '{client}' is running (lock {root / '.lock'})") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _new_name(root: Path, now: datetime) -> str:
    base = now.strftime("%Y-%m-%d_%H%M%S")
    name, n = base, 1
    while (root / name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def clean_staging(output_root: Path, client: str) -> None:
    """Remove staging folders an interrupted build left behind (called under the client's lock)."""
    root = client_root(output_root, client)
    if root.is_dir():
        for child in root.iterdir():
            if child.name.startswith(STAGING_PREFIX) and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            elif child.name.startswith(".latest-") and child.is_symlink():  # a pointer an interrupted build left
                child.unlink(missing_ok=True)


@contextlib.contextmanager
def staging(output_root: Path, client: str) -> Iterator[Path]:
    """A private folder to write a delivery into; removed if the block fails."""
    root = client_root(output_root, client)
    mkdirs_inside(output_root, root)
    needed = _space_needed(root)
    try:
        stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    except OSError as exc:
        raise disk_full(exc, root, needed) or exc from None
    try:
        yield stage
    except BaseException as exc:
        shutil.rmtree(stage, ignore_errors=True)
        full = disk_full(exc, root, needed)
        if full is not None:
            raise full from None
        raise


DEFAULT_DELIVERY_BYTES = 10_000_000
"""Space a first delivery is assumed to need (one is 1-3 MB; the PDFs are written twice on the way)."""


def _space_needed(root: Path) -> int:
    """About what the next delivery needs: the last one's size and a quarter more, else `DEFAULT_DELIVERY_BYTES`."""
    pointer = root / LATEST
    if pointer.is_symlink() and (root / os.readlink(pointer)).is_dir():
        size = sum(p.stat().st_size for p in (root / os.readlink(pointer)).rglob("*") if p.is_file())
        return int(size * 1.25) + 1_000_000
    return DEFAULT_DELIVERY_BYTES


def _read_only(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def publish(stage: Path, output_root: Path, client: str, manifest: dict[str, Any], *, now: datetime) -> Delivery:
    """Write the manifest (with every file's hash), move the staging folder into place, point `latest` at it."""
    root = client_root(output_root, client)
    files = {
        str(p.relative_to(stage)): sha256_file(p)
        for p in sorted(stage.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }
    manifest = {**manifest, "files": files}
    (stage / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _read_only(stage)
    stage.chmod(0o755)
    name = _new_name(root, now)
    final = root / name
    os.rename(stage, final)  # same filesystem: atomic; never replaces an existing folder
    pointer_tmp = root / f".latest-{os.getpid()}"
    if pointer_tmp.is_symlink() or pointer_tmp.exists():
        pointer_tmp.unlink()
    pointer_tmp.symlink_to(name)
    os.replace(pointer_tmp, root / LATEST)
    return Delivery(final, manifest)


INPUT_WORDS = {
    "intake_sha256": "the intake changed",
    "templates_sha256": "the program templates changed",
    "overrides_sha256": "the client's own sections (overrides) changed",
    "audits_sha256": "an audit was recorded (or corrected)",
}


def explain_change(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """Why a delivery built from `old` inputs is stale against `new` ones, in plain words ([] = up to date)."""
    if not old:
        return ["never built"]
    reasons = []
    if old.get("partner") != new.get("partner"):
        reasons.append(f"certifying partner {old.get('partner')} → {new.get('partner')}")
    elif old.get("protocol_version") != new.get("protocol_version"):
        reasons.append(f"protocol {new.get('partner')} {old.get('protocol_version')} → {new.get('protocol_version')}")
    elif old.get("protocol_sha256") != new.get("protocol_sha256"):
        reasons.append(f"protocol {new.get('partner')} {new.get('protocol_version')} was edited")
    for key, words in INPUT_WORDS.items():
        if old.get(key) != new.get(key):
            reasons.append(words)
    if old.get("corpath_version") != new.get("corpath_version"):
        reasons.append(f"corpath upgraded {old.get('corpath_version')} → {new.get('corpath_version')}")
    return reasons
