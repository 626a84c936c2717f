"""The user's cache folder for work corpath can redo but need not: parsed YAML, compiled templates.

`$CORPATH_CACHE_DIR` when set, else the platform's user cache folder (`platformdirs.user_cache_dir`, e.g.
`~/.cache/corpath`). Nothing in it changes what a build writes: every entry is keyed by the content it was made
from, and a folder that cannot be written only means the work is done again.
"""

from __future__ import annotations

import os
from pathlib import Path


def user_cache(kind: str) -> Path:
    """The folder for one kind of cached work, e.g. `user_cache("parsed")`; not created here."""
    root = os.environ.get("CORPATH_CACHE_DIR")
    if not root:
        import platformdirs

        root = platformdirs.user_cache_dir("corpath")
    return Path(root) / kind
