"""Blanking what the client typed out of a text, so the reviewer lint judges corpath's own words only.

`blank_values` replaces each intake value found in a text by U+FFFC, the object replacement character, which no
check matches. A build blanks the same hundred or two values out of some sixty texts (three per program section,
and every client document of the delivery), so what depends on the values alone (their lower-cased forms and
one pattern for them all) is made once per set of values (`_ValueSet`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

# Characters that a case-insensitive match takes for an ASCII letter but whose lower() is not that letter
# (İ, ı, long s, Kelvin sign; found with re.findall("[a-z]", <every character>, re.I)); İ is also the only
# character whose lower() is longer than one character.
_FOLD_SPECIAL = re.compile("[\u0130\u0131\u017f\u212a]")

# a short value the client typed that is an acronym ("TDG", "PST", "H2S"): blanked as a whole word and in its own
# capitals only, so a province code or a "yes" never blanks parts of corpath's words
_ACRONYM = re.compile(r"^(?=[A-Z0-9]*[A-Z])[A-Z0-9]{3,5}$")


def _trie_pattern(words: Iterable[str]) -> str:
    """One pattern for `words` (non-empty strings) written as a trie, the children of each node before the end of
    a word there: at a position it matches the longest of `words` that starts there, and the engine follows one
    path of the trie instead of trying every word (a plain alternation of 200 values took 4 times as long)."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = []
        for char, child in node.items():
            if char:
                chain = char
                while len(child) == 1 and "" not in child:  # a run without a fork: written as it is, not nested
                    (char, child), = child.items()
                    chain += char
                branches.append(re.escape(chain) + emit(child))
        if "" in node:  # a word ends here: tried after every longer word through this node
            return "(?:" + "|".join(branches) + "|)" if branches else ""
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(root)


class _ValueSet:
    """What `blank_values` needs of one sequence of values, worked out once."""

    def __init__(self, values: tuple[str, ...]) -> None:
        self.values = values
        self.candidates = [value for value in values if len(value) >= 6]
        self.acronyms = [value for value in values if _ACRONYM.match(value)]
        self.lowered = [value.lower() for value in self.candidates] if all(
            value.isascii() for value in self.candidates) else None
        self.trie: re.Pattern[str] | None = None
        # the trie matches the longest value at a position, the alternation the first one listed: the same when
        # no value is listed before a longer one (as `lint.intake_values` lists them, the longest first)
        if self.lowered and all(len(a) >= len(b) for a, b in zip(self.lowered, self.lowered[1:], strict=False)):
            try:
                self.trie = re.compile(_trie_pattern(self.lowered))
            except (RecursionError, re.error, OverflowError):  # a trie too deep for the parser: no shortcut
                self.trie = None


@functools.lru_cache(maxsize=16)
def _value_set(values: tuple[str, ...]) -> _ValueSet:
    return _ValueSet(values)


def _blank_folded(text: str, folded: str, pattern: re.Pattern[str]) -> str:
    """`text` with each match of `pattern` (lower-case ASCII values) in `folded` replaced by U+FFFC; `folded` is the
    text lower-cased, which has no character of `_FOLD_SPECIAL`: there each character is where it is in `text`,
    and a case-sensitive match of a lower-cased ASCII value is exactly a case-blind match of the value (the same
    spans, the same value first at each position). A case-sensitive pattern lets the engine skip to the values'
    first letters instead of trying each value at every position: 7 ms instead of 46 ms for a 113,000-character
    section (lakeshore-gc), some 0.3 s of CPU per client over a build's lint."""
    pieces, last = [], 0
    for match in pattern.finditer(folded):
        pieces += [text[last:match.start()], "\ufffc"]
        last = match.end()
    return "".join(pieces) + text[last:]


def blank_values(text: str, values: Iterable[str]) -> str:
    """`text` with each of `values` replaced by U+FFFC, the object replacement character, which no check matches:
    a value of six characters or more wherever it occurs (case ignored), an acronym of three to five capitals and
    digits ("TDG", a ticket the client listed) as a whole word in its capitals; at each position the first value
    listed that occurs there. `client_words_blanked` without a plan, for a document read back from a delivery
    (`delivery.client_notes`).

    A long alternation tried at every position is slow, so on a text without a character of `_FOLD_SPECIAL` and
    with ASCII values it is run case-sensitively on the lower-cased text (`_blank_folded`): as one trie of all the
    values when they are listed the longest first, else as an alternation of only the values that occur in the
    text (a value left out could not have matched, so the result is the same)."""
    known = _value_set(tuple(values))
    candidates = known.candidates
    folded = text.lower() if _FOLD_SPECIAL.search(text) is None else None
    # case-blind: a name is lower-cased where it runs inside a sentence ("the pump jack and frame scaffolding")
    if folded is not None and known.trie is not None:
        text = _blank_folded(text, folded, known.trie)
    elif folded is not None and known.lowered is not None:
        present = [value for value in known.lowered if value in folded]
        if present:
            text = _blank_folded(text, folded, re.compile("|".join(map(re.escape, present))))
    elif candidates:
        if folded is not None:  # a value that does not occur could not match; a value not ASCII is always tried
            candidates = [value for value in candidates if not value.isascii() or value.lower() in folded]
        if candidates:
            text = re.sub("|".join(map(re.escape, candidates)), "\ufffc", text, flags=re.IGNORECASE)
    acronyms = sorted({value for value in known.acronyms if value in text}, key=len, reverse=True)
    if acronyms:
        text = re.sub(r"(?<![\w-])(?:" + "|".join(map(re.escape, acronyms)) + r")(?![\w-])", "\ufffc", text)
    return text
