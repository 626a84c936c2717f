"""A three-way merge of a section by paragraph: the template text the client edited from (base), the client's
text (ours) and the template's new text (theirs).

A section's Markdown is cut into units: paragraphs, whole tables, and the items of a list. Units are compared
by their words (`docx_read.canonical`), so what an editor changes by itself (column padding, a table header
made bold) is no change. The merge is diff3's, on difflib's matching blocks: between units that all three
texts share, a stretch only the client changed takes the client's units, a stretch only the template changed
takes the template's, the same change on both sides is taken once, and different changes to the same stretch
are a conflict (resolved to the client's side with `keep_client`).

Values that change by themselves — the build date, dates computed from today, counts from the intake — are
compared as placeholders (`VOLATILE`): a unit whose only template change is such a value is no template
change, and the client's copy of it gets the new value where it still holds the old one (`refill`). So a
rebuild a day later changes no override's meaning and stops for no conflict.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .. import language
from .docx_read import canonical, normalize

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")
VOLATILE = re.compile(
    rf"{_MONTH} \d{{1,2}}, \d{{4}}"  # November 30, 2026
    rf"|\d{{1,2}} {_MONTH} \d{{4}}"  # 30 November 2026
    rf"|{_MONTH} \d{{4}}"  # November 2026
    r"|\d{4}-\d{2}-\d{2}"  # 2026-11-30
    r"|\d+(?:[.,]\d+)*"  # 6 workers, 40 records, 12.5
)
_RULE_LINE = re.compile(r"^[ \t]*[-=+:| ]*[-=]{3,}[-=+:| ]*$")
_ITEM = re.compile(r"^([-*+]|\d+[.)]|#\.)[ \t]")
PLACEHOLDER = "\x00"


@dataclass(frozen=True)
class Unit:
    text: str
    tight: bool = False  # a list item written right after the previous one (no blank line between)

    @property
    def key(self) -> str:
        return canonical(self.text)

    @property
    def masked(self) -> str:
        return VOLATILE.sub(PLACEHOLDER, self.key)


def units(markdown: str) -> list[Unit]:
    """Paragraphs, whole tables (from rule to rule) and list items, in order."""
    lines = markdown.strip("\n").splitlines()
    blocks: list[list[str]] = []
    current: list[str] = []
    in_table = False
    for i, line in enumerate(lines):
        if not current and not line.strip():
            continue
        if in_table or (not current and _RULE_LINE.match(line)):
            current.append(line)
            in_table = not (len(current) > 1 and _RULE_LINE.match(line)
                            and (i + 1 == len(lines) or not lines[i + 1].strip()))
            if not in_table:
                blocks.append(current)
                current = []
            continue
        if not line.strip():
            blocks.append(current)
            current = []
            continue
        current.append(line)
    if current:
        blocks.append(current)
    found: list[Unit] = []
    for block in blocks:
        if _ITEM.match(block[0]) and not _RULE_LINE.match(block[0]):
            items: list[list[str]] = []
            for line in block:
                if _ITEM.match(line) or not items:
                    items.append([line])
                else:
                    items[-1].append(line)
            found.extend(Unit("\n".join(item), tight=n > 0) for n, item in enumerate(items))
        else:
            found.append(Unit("\n".join(block)))
    return found


def join(found: list[Unit]) -> str:
    """Markdown from units (the inverse of `units`)."""
    parts: list[str] = []
    for n, unit in enumerate(found):
        if n:
            parts.append("\n" if unit.tight and _ITEM.match(found[n - 1].text) else "\n\n")
        parts.append(unit.text)
    return normalize("".join(parts))


def refill(ours: Unit, base: Unit, theirs: Unit) -> Unit:
    """The client's unit with each volatile value it kept from `base` replaced by the one in `theirs`.

    `base` and `theirs` differ only in volatile values (equal `masked`); a value the client changed is kept.
    The client's words are aligned with the base's (difflib, values masked) so only a value in the same place
    is replaced.
    """
    old, new = VOLATILE.findall(base.text), VOLATILE.findall(theirs.text)
    if old == new or len(old) != len(new):
        return ours
    tokens_base, tokens_ours = _tokens(base.text), _tokens(ours.text)
    which = {}
    for position, token in enumerate(tokens_base):
        if VOLATILE.fullmatch(token):
            which[position] = len(which)
    if len(which) != len(old):
        return ours
    replaced: dict[int, str] = {}
    matcher = difflib.SequenceMatcher(None, _masked(tokens_base), _masked(tokens_ours), autojunk=False)
    for tag, a0, a1, b0, _b1 in matcher.get_opcodes():
        for step in range(a1 - a0 if tag == "equal" else 0):
            value = which.get(a0 + step)
            if value is not None and tokens_ours[b0 + step] == old[value]:
                replaced[b0 + step] = new[value]
    if not replaced:
        return ours
    return Unit("".join(replaced.get(k, t) for k, t in enumerate(tokens_ours)), ours.tight)


def _tokens(text: str) -> list[str]:
    return re.findall(rf"{VOLATILE.pattern}|\w+|\s+|[^\w\s]", text)


def _masked(tokens: list[str]) -> list[str]:
    return [PLACEHOLDER if VOLATILE.fullmatch(t) else t for t in tokens]


@dataclass
class Merge:
    """The result of a three-way merge of one section."""

    text: str
    client_changes: int = 0  # stretches only the client changed (kept)
    template_changes: int = 0  # stretches only the template changed (taken)
    refreshed: int = 0  # units of the client whose dates or counts were brought up to date
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # (base, ours, theirs) Markdown

    @property
    def clean(self) -> bool:
        return not self.conflicts

    def summary(self) -> str:
        said = [f"{language.tally(self.client_changes, 'client change')} kept",
                f"{language.tally(self.template_changes, 'template change')} taken"]
        if self.refreshed:
            said.append(f"{self.refreshed} {language.plural('date', self.refreshed)} and "
                        f"{language.plural('count', self.refreshed)} brought up to date")
        if self.conflicts:
            said.append(language.tally(len(self.conflicts), "overlap"))
        return ", ".join(said)


def _matches(a: list[Unit], b: list[Unit]) -> dict[int, int]:
    found: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, [u.masked for u in a], [u.masked for u in b], autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            found[block.a + k] = block.b + k
    return found


def _same(a: list[Unit], b: list[Unit], attr: str = "key") -> bool:
    return [getattr(u, attr) for u in a] == [getattr(u, attr) for u in b]


def merge3(base: str, ours: str, theirs: str, *, keep_client: bool = False) -> Merge:
    """Merge the client's and the template's changes to one section (see the module's docstring)."""
    b, o, t = units(base), units(ours), units(theirs)
    to_ours, to_theirs = _matches(b, o), _matches(b, t)
    out: list[Unit] = []
    result = Merge("")
    i = j = k = 0
    while True:
        stable = next((s for s in range(i, len(b)) if s in to_ours and s in to_theirs
                       and to_ours[s] >= j and to_theirs[s] >= k), None)
        s, oj, tk = (len(b), len(o), len(t)) if stable is None else (stable, to_ours[stable], to_theirs[stable])
        bb, oo, tt = b[i:s], o[j:oj], t[k:tk]
        _region(bb, oo, tt, out, result, keep_client)
        if stable is None:
            break
        _region([b[s]], [o[oj]], [t[tk]], out, result, keep_client)
        i, j, k = s + 1, oj + 1, tk + 1
    result.text = join(out)
    return result


def _region(bb: list[Unit], oo: list[Unit], tt: list[Unit], out: list[Unit], result: Merge,
            keep_client: bool) -> None:
    client_changed = not _same(bb, oo)
    template_changed = not _same(bb, tt, "masked")
    if not client_changed:
        out.extend(tt)
        result.template_changes += template_changed
    elif not template_changed:
        if _same(bb, tt) or len(bb) != len(tt):
            out.extend(oo)
        else:  # only dates and counts moved in the template: bring the client's copies of them up to date
            fresh = _refill_region(bb, oo, tt)
            result.refreshed += sum(1 for a, z in zip(oo, fresh, strict=True) if a.text != z.text)
            out.extend(fresh)
        result.client_changes += 1
    elif _same(oo, tt, "masked"):
        out.extend(tt)
    else:
        result.conflicts.append((join(bb), join(oo), join(tt)))
        out.extend(oo if keep_client else tt)


def _refill_region(bb: list[Unit], oo: list[Unit], tt: list[Unit]) -> list[Unit]:
    """Each client unit refilled from the base unit it is most like and that unit's template successor."""
    fresh = []
    for unit in oo:
        scored = [(difflib.SequenceMatcher(None, unit.key, base.key, autojunk=False).ratio(), n)
                  for n, base in enumerate(bb)]
        best, n = max(scored, default=(0.0, -1))
        fresh.append(refill(unit, bb[n], tt[n]) if best >= 0.5 else unit)
    return fresh
