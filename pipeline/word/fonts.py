"""Which characters the installed fonts can show, so text no font has is reported instead of printing as boxes.

LibreOffice lays out the PDFs with the fonts fontconfig knows, falling back from the house font (Liberation
Sans) to any installed font that has a character. A character that no installed font has prints as an empty
box: a supervisor named in Chinese characters on a machine with only Liberation and DejaVu, or an emoji.
`make setup` installs CJK and emoji fallback fonts (`FALLBACK_PACKAGES`); `missing_glyphs` finds what is
still uncovered, from the character sets fontconfig reports for every installed font (`fc-list`).
"""

from __future__ import annotations

import bisect
import functools
import logging
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable

log = logging.getLogger(__name__)

FALLBACK_PACKAGES = ("fonts-noto-cjk", "fonts-noto-color-emoji")  # Debian's; the Makefile installs them
# Characters that are never drawn as a glyph of their own: joiners, variation selectors, formatting marks.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}


class Coverage:
    """A set of code points as sorted, merged ranges: `ord(c) in coverage`."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for low, high in sorted(ranges):
            if merged and low <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], high)
            else:
                merged.append([low, high])
        self._lows = [low for low, _ in merged]
        self._highs = [high for _, high in merged]

    def __contains__(self, code: int) -> bool:
        at = bisect.bisect_right(self._lows, code) - 1
        return at >= 0 and code <= self._highs[at]


def parse_charsets(text: str) -> Coverage:
    """fontconfig's charset notation, one font per line ("20-7e a0-17f 192 …", hexadecimal) → a Coverage."""
    ranges = []
    for token in text.split():
        low, _, high = token.partition("-")
        try:
            ranges.append((int(low, 16), int(high or low, 16)))
        except ValueError:
            continue
    return Coverage(ranges)


@functools.cache
def installed_coverage() -> Coverage | None:
    """Every character some installed font has (read once per process), or None when fontconfig's `fc-list`
    is not there to ask (then nothing can be checked)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        log.info("fc-list not found: characters the fonts lack cannot be checked")
        return None
    try:
        out = subprocess.run([fc_list, "--format", "%{charset}\n"], capture_output=True, text=True, timeout=60,
                             check=True).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("fc-list failed (%s): characters the fonts lack cannot be checked", exc)
        return None
    return parse_charsets(out)


def _drawn(char: str) -> bool:
    code = ord(char)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:  # variation selectors pick a glyph, have none
        return False
    return unicodedata.category(char) not in INVISIBLE_CATEGORIES


def missing_glyphs(text: str, coverage: Coverage | None = None) -> str:
    """The characters of `text` that no installed font has, each once, in order ("" when all are covered, or
    when the fonts cannot be asked). `coverage` defaults to the installed fonts'; plain ASCII text, which every
    font has, does not ask fontconfig at all (its `fc-list` costs a cold build about 0.2 s)."""
    if text.isascii():
        return ""
    coverage = installed_coverage() if coverage is None else coverage
    if coverage is None:
        return ""
    return "".join(dict.fromkeys(c for c in text if ord(c) >= 0x80 and _drawn(c) and ord(c) not in coverage))
