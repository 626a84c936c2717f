"""The words corpath's own templates and data write in lower case, found once and kept by content.

`render.common_words` tells a common noun in a client's equipment name ("Extension ladders") from a brand
("Kubota excavator") by this vocabulary. Finding the words is one regex pass over every template and data file
(about 2 MB: some 60 ms of CPU at every cold start, on the path of every build); the words found are kept in
the user cache folder (`usercache.user_cache("words")`) under the SHA-256 of the pattern and of the files'
bytes, so an edited, added or removed file simply misses and the words are found again. An entry is a JSON
list of words; one that cannot be read or written only means the work is done again, so the cache never changes
what a build writes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

from ..usercache import keep, user_cache

WORD = r"(?<![\w-])[a-z]+(?![\w-])"
"""A word in lower case standing alone: no letter, digit, underscore or hyphen next to it on either side."""


def lower_case_words(paths: Iterable[Path]) -> frozenset[str]:
    """Every `WORD` in the files at `paths` (UTF-8 text), from the cache when these bytes were read before."""
    contents = [path.read_bytes() for path in paths]
    digest = hashlib.sha256(WORD.encode())
    for raw in contents:
        digest.update(len(raw).to_bytes(8, "big") + raw)
    entry = user_cache("words") / f"{digest.hexdigest()}.json"
    try:
        kept = json.loads(entry.read_text(encoding="utf-8"))
        if isinstance(kept, list) and all(isinstance(word, str) for word in kept):
            return frozenset(kept)
    except (OSError, ValueError):
        pass
    words: set[str] = set()
    for raw in contents:
        # a line end, as text mode would turn "\r\n" into, is no word character either way
        words.update(re.findall(WORD, raw.decode("utf-8")))
    keep(entry, json.dumps(sorted(words)).encode("utf-8"))
    return frozenset(words)
