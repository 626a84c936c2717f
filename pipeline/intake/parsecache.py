"""A disk cache of parsed YAML for the files corpath ships (`program_templates/`), keyed by their content.

Every build reads about 80 shipped YAML files (the 23 protocol packs, the hazard modules, the scoring, sampling,
schedule and decision rules); parsing them costs 0.6–0.7 s of CPU on every cold start, where reading the same
data back from a pickle costs 20 ms. An entry's name is the SHA-256 of the file's bytes and of the parser that
made it (ruamel.yaml's version, whether libyaml did the work, and the source of `yamlfile.py`, which turns the
parse into plain data), so an edited file or a changed parser simply misses. A client's intake is never
cached (it is small, and a client's answers stay in the client's folders).

The cache lives under the user cache folder (`platformdirs.user_cache_dir("corpath")`, e.g.
`~/.cache/corpath/parsed/`), or under `$CORPATH_CACHE_DIR` when set. A folder that cannot be written, or an
entry that cannot be read, only means the file is parsed again: the cache never changes what a build reads.
Entries hold only plain values (mappings, lists, text, numbers, dates); reading one refuses anything else.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import pickle
from functools import cache
from pathlib import Path
from typing import Any

from ..usercache import code_fingerprint, keep, user_cache, within

SHIPPED = Path(__file__).resolve().parents[2] / "program_templates"
"""The folder whose YAML files are cached: the data corpath ships, never a client's file."""

_ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "timezone"), ("datetime", "timedelta")}


class _PlainUnpickler(pickle.Unpickler):
    """Reads back plain data only: the dates YAML makes are the one kind of object an entry may name."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return getattr(datetime, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


def cache_folder() -> Path:
    """Where parsed files are kept: `$CORPATH_CACHE_DIR/parsed`, else the user cache folder's `parsed`."""
    return user_cache("parsed")


def cacheable(path: Path) -> bool:
    """True for a file inside the shipped `program_templates/` folder."""
    return within(path, SHIPPED)


@cache
def _parser_fingerprint() -> bytes:
    import ruamel.yaml

    from . import yamlfile

    return code_fingerprint(f"{ruamel.yaml.__version__}|{yamlfile._HAVE_LIBYAML}", Path(yamlfile.__file__))


def _entry(raw: bytes) -> Path:
    return cache_folder() / f"{hashlib.sha256(_parser_fingerprint() + raw).hexdigest()}.pickle"


def recall(raw: bytes) -> tuple[bool, Any]:
    """(True, data) when a file with these bytes was parsed before by this parser; (False, None) otherwise."""
    try:
        blob = _entry(raw).read_bytes()
        return True, _PlainUnpickler(io.BytesIO(blob)).load()
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return False, None


def remember(raw: bytes, data: Any) -> None:
    """Keep the plain data parsed from these bytes (`usercache.keep`: whole or absent); a folder that cannot be
    written is left alone."""
    try:
        blob = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    except pickle.PicklingError:
        return
    keep(_entry(raw), blob)
