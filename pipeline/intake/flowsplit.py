"""A value cut by commas inside a YAML flow mapping: `{name: Shop and wash bay, Fort St. John}` reads as the key
`name` and a second key `Fort St. John` with no value. The intake loader (`yamlfile.problems_from`) reports such
a value once, with the line to write instead (the value as typed, in quotes)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap


@dataclass(frozen=True)
class Remnant:
    """A value cut by commas inside a flow mapping: `before`, the key whose value was cut, `keys`, every key the
    rest of the value became (each with no value), and `line`, the quoted line to write instead."""

    before: str
    keys: tuple[Any, ...]
    line: str


def split_value(tree: Any, loc: tuple[Any, ...], text: str | None = None) -> Remnant | None:
    """The cut value an unknown key at `loc` belongs to, or None.

    In a flow mapping a comma separates entries, so `{name: Shop and wash bay, Fort St. John}` reads as the
    key `name` and a second key `Fort St. John` with no value. An unknown key is taken for such a remnant when
    the mapping is written in braces, the key has no value, and it or another key of the same run of keys with
    no value reads like words rather than a key: anything but the lowercase letters, digits and underscores
    every intake key is made of (a space, a capital letter, a bracket, a number: `{name: Contracts (parks,
    trails)}` leaves the key `trails)`; `{name: Landscaping (patios, walls, sod)}` the keys `walls` and `sod)`,
    both remnants); a run of key-like words is a remnant only when each was typed bare before a comma, a brace
    or the end of the line (`{location: sign-in sheets, office, can_produce: true}` leaves the key `office`).
    The line is the whole value as typed, e.g. `name: "Shop and wash bay, Fort St. John"`."""
    parent = tree
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return None
    if not isinstance(parent, CommentedMap) or not parent.fa.flow_style():
        return None
    keys = list(parent)
    # a key that read as a number ("10,000" leaves the key 10) is named by its digits in the error's path
    name = next((key for key in keys if key == loc[-1] or str(key) == str(loc[-1])), None)
    if name is None or parent[name] is not None:
        return None
    if _written_with_value(parent, name, text):
        return None
    at = keys.index(name)
    # "a, B, C": B is a remnant too; a key written with its colon ("check_in_hours: null") is a key of its own,
    # never part of the cut value (review 16: the quotes the hint asked for swallowed it)
    while at > 0 and parent[keys[at - 1]] is None and not _written_with_value(parent, keys[at - 1], text):
        at -= 1
    last = keys.index(name)
    while (last + 1 < len(keys) and parent[keys[last + 1]] is None
           and not _written_with_value(parent, keys[last + 1], text)):  # and so is C
        last += 1
    run = tuple(keys[at:last + 1])
    if at == 0 or not isinstance(parent[keys[at - 1]], str):
        return None
    # a run of words that look like keys is a remnant only when each was typed bare, with no colon, before a
    # comma, a closing brace or the end of the line (`location: sign-in sheets, office, can_produce: true`
    # leaves the key `office`: review 20)
    if all(isinstance(key, str) and re.fullmatch(r"[a-z0-9_]+", key) for key in run) and not all(
            _typed_bare(parent, key, text) for key in run):
        return None
    before = keys[at - 1]
    value = _typed(parent, before, run[-1], text)
    if value is None:  # the remnants as parsed; one that read as a number ("10,000" leaves the key 10) as digits
        value = ", ".join([parent[before], *(str(key) for key in run)])
    value = value.replace("\\", "\\\\").replace('"', '\\"')
    return Remnant(before, run, f'{before}: "{value}"')


def _line_at(parent: CommentedMap, key: Any, text: str | None) -> str | None:
    """The rest of `text`'s line from `key`'s position in `parent`, or None when the text or the position is not
    known."""
    if text is None:
        return None
    try:
        line, column = parent.lc.key(key)
    except (KeyError, AttributeError, TypeError):
        return None
    lines = text.splitlines()
    return lines[line][column:] if line < len(lines) else None


def _written_with_value(parent: CommentedMap, key: Any, text: str | None) -> bool:
    """Whether `key` was typed with its colon (`check_in_hours: null`, `notes:`): a key given no value on
    purpose, unlike a remnant, which is words after a comma with no colon. False when the text or the key's
    position is not known (the remnant rules alone then decide)."""
    rest = _line_at(parent, key, text)
    return rest is not None and re.match(r"[^,{}\[\]]*?:(?:\s|$|[,}])", rest) is not None


def _typed_bare(parent: CommentedMap, key: Any, text: str | None) -> bool:
    """Whether `key` was typed as a bare word in `text`: at its position, the key itself followed only by spaces
    and then a comma, a closing brace or the end of the line. False when the text or the position is not
    known."""
    rest = _line_at(parent, key, text)
    return (rest is not None and rest.startswith(str(key))
            and re.match(r"\s*(?:[,}]|#|$)", rest[len(str(key)):]) is not None)


def _typed(parent: CommentedMap, before: str, name: Any, text: str | None) -> str | None:
    """The value as the consultant typed it, from the start of `before`'s value to the end of the remnant `name`
    when both are on one line of `text` (0-based positions from the parse tree); None otherwise."""
    if text is None:
        return None
    try:
        line, column = parent.lc.value(before)
        end_line, end_column = parent.lc.key(name)
    except (KeyError, AttributeError, TypeError):
        return None
    lines = text.splitlines()
    if line != end_line or line >= len(lines):
        return None
    return lines[line][column:end_column + len(str(name))]
