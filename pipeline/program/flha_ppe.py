"""The FLHA's PPE tick boxes as short names (`program_templates/flha_ppe.yaml`): a hazard module's `ppe` control
line is a sentence for the program ("Earplugs or earmuffs rated for the noise level, worn in every posted
hearing protection area …"); the form ticks what is worn ("Hearing protection"), each once (review 18)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import Field

from ..intake.yamlfile import load_model
from ..protocols.packs import TEMPLATES, Pack

FLHA_PPE = TEMPLATES / "flha_ppe.yaml"


class PpeLabel(Pack):
    label: str = Field(description="The tick box's words, e.g. 'Hearing protection'")
    pattern: str = Field(description="A regular expression (case ignored) a PPE control line holds when it "
                         "names this PPE, e.g. 'hearing protection|earplugs or earmuffs'")


class PpeLabels(Pack):
    labels: list[PpeLabel] = Field(min_length=1)


@functools.cache
def ppe_labels(path: Path = FLHA_PPE) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(label, compiled pattern) pairs of `program_templates/flha_ppe.yaml`, in file order; a bad entry names
    its line (InputError)."""
    return tuple((e.label, re.compile(e.pattern, re.IGNORECASE)) for e in load_model(PpeLabels, path).labels)


def labels_of(line: str) -> list[str]:
    """The short PPE names a control line holds, in the order they appear in it; an entry does not see text an
    earlier entry matched. A line no entry matches gives its words before the first comma or semicolon.
    Worked out once per line in a process (`_labels`): the modules' PPE lines are the same for every client."""
    return list(_labels(line))


@functools.cache
def _labels(line: str) -> tuple[str, ...]:
    text = line
    found: list[tuple[int, str]] = []
    for label, pattern in ppe_labels():
        for match in pattern.finditer(text):
            found.append((match.start(), label))
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    if not found:
        return (re.split(r"[,;]", line, maxsplit=1)[0].strip(),)
    return tuple(label for _, label in sorted(found, key=lambda f: f[0]))


def flha_ppe(base: Iterable[str], lines: Iterable[str]) -> list[str]:
    """The FLHA's PPE ticks: the `base` items as given, then each short name of the modules' PPE `lines`
    (`labels_of`), each once, in first-seen order (case ignored)."""
    seen: set[str] = set()
    out: list[str] = []
    for item in [*base, *(label for line in lines for label in labels_of(line))]:
        if item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out
