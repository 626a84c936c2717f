"""Template artefacts: the marks a template leaves when a value is missing or glued on without grammar.

An auditor reading "the The Saskatchewan Employment Act", "a excavation contractor", "1 workers",
"record(s)", "the law says (OHSR s.3.1): ...", a doubled word ("Weekly weekly"), parentheses inside
parentheses or a full stop after a space marks the program down as generated boilerplate. `artefacts` finds
them in a section's plain text (Markdown escapes removed), and the reviewer lint fails the section. Articles
are judged by `inflect` (pipeline.language), not by a vowel rule: "a union" and "an HVAC contractor" pass.
"""

from __future__ import annotations

import functools
import re

from .. import language
from .blanking import _FOLD_SPECIAL

_DOUBLED_THE = re.compile(r"\b(the)\s+(the)\b", re.IGNORECASE)
_MAYBE_PLURAL = re.compile(r"\w\(s\)")
_SPACE_BEFORE_STOP = re.compile(r"\w \s*[.,;:](?=\s|$)")
_EMPTY_PARENS = re.compile(r"\(\s*\)")
# "a" or "an" not inside a word, and the word after it; the look-behind follows the "a" (the same test as one
# before it) so that the engine scans for the letter instead of trying the look-behind at every position
_ARTICLE = re.compile(r"(a(?<![\w'-]a)n?) ([A-Za-z][\w-]*)")
_ONE_PLURAL = re.compile(r"(?<![\w.,])1 ([a-z]+s)\b")
_FREQUENCY_AS_ADJECTIVE = re.compile(
    r"\b(?:the |\w+'s? )?(?:every \w+ (?:days|weeks|months|years)|each (?:day|week|month|quarter|year)|"
    r"twice a \w+|before each \w+|as needed) (?:toolbox|safety|crew|site|committee)?\s*(?:meeting|inspection)s?\b",
    re.IGNORECASE)
# lower-case words only: a client's name may repeat a word ("Walla Walla Paving"), and a heading followed by
# a sentence that starts with the same word ("## Visitors Visitors (clients...") is not a doubled word
# a capitalised first word counts too ("Weekly weekly during the site inspection": a frequency word a template
# doubled at the start of a table cell), as long as the repeat is lower-case
_DOUBLED_WORD = re.compile(r"\b([A-Za-z])([a-z]*) (?=[a-z])(?i:\1)\2\b")
# "Gord Halvorsen, Owner-Operator, with Gord Halvorsen, Owner-Operator": one person named as their own companion
# (a form's "who" cell built as "<supervisor>, with <coordinator>" when both are the owner)
_WITH_ONESELF = re.compile(r"\b([A-Z][\w'-]+(?: [A-Z][\w'-]+)+), (?:[^,;.]+, )?with \1\b")
# "(Parkland's FLHA pads (copies in the van))": an aside inside an aside; a citation's "s.8(1)" is glued to the
# character before it and is not one
_NESTED_ASIDE = re.compile(r"(?:^|(?<=\s))\([^()]*(?<=\s)\(")
# the law pasted in as a quotation ("For reference, the law says (OHSR s.3.1): A formal ...") instead of
# stated as the program's own sentence with its citation
_PASTED_LAW = re.compile(r"\bthe law (?:says|states)\b[^:]{0,60}:", re.IGNORECASE)
# corpath's own word for a hazard-specific program; a client's program calls them programs
# (a partner's course "in 4 modules" is the partner's word, and stays)
_INTERNAL_WORD = re.compile(r"\b(?:this|that|each|the(?: [\w-]+){1,3}) modules?\b", re.IGNORECASE)
# words after "a" / "an" that inflect judges by spelling but that the program writes as initials or names
_SPOKEN_AS_LETTERS = re.compile(r"^[A-Z][A-Z0-9]")


# a literal every match of the pattern holds, so a text without it is not searched (most texts have none of
# these artefacts, and a pattern that opens with a class is tried at every position): for a case-blind pattern
# the literal is found in the lower-cased text, exact because it has none of the letters i, k and s that a
# case-blind match also takes from a non-ASCII character (İ, ı, the Kelvin sign, long s)
_NEEDS = {_MAYBE_PLURAL: "(s)", _WITH_ONESELF: ", with ", _INTERNAL_WORD: "module", _PASTED_LAW: "the law "}
# a pattern that every match of the artefact's pattern also matches (its text holds one), and that the engine scans
# for fast, as it starts with a literal: a text it does not match is not searched with the artefact's pattern,
# whose opening (a word boundary, a look-behind, an optional word) is tried at every position; 3 to 40 times
# faster. A case-blind pattern's core is run case-sensitively on the lower-cased text, which gives the same
# spans when the text has no character of `_FOLD_SPECIAL` (lower() keeps every other character's length and
# whether it is a word character or a space: checked over all of Unicode); on any other text it is not used.
_CORES = {
    _DOUBLED_THE: re.compile(r"the\s+the"),
    _SPACE_BEFORE_STOP: re.compile(r"\s[.,;:]"),
    _ONE_PLURAL: re.compile(r"1 [a-z]+s"),
    _NESTED_ASIDE: re.compile(r"\([^()]*\("),
    _PASTED_LAW: re.compile(r"the law (?:says|states)"),
    _WITH_ONESELF: re.compile(r", with [A-Z]"),  # "with" and the name again, after a comma
    _FREQUENCY_AS_ADJECTIVE: re.compile(
        r"(?:every \w+ (?:days|weeks|months|years)|each (?:day|week|month|quarter|year)|twice a \w+|before each \w+"
        r"|as needed) (?:toolbox|safety|crew|site|committee)?\s*(?:meeting|inspection)"),
}


@functools.lru_cache(maxsize=8192)
def _article_ok(article: str, word: str) -> bool:
    """Whether `article` fits `word`; remembered per worker, as a program asks about the same few hundred
    words in every section and inflect takes about a quarter of a millisecond per question."""
    if _SPOKEN_AS_LETTERS.match(word):  # initials: "an H2S alarm", "a WHMIS label"; read either way
        return True
    return language.article(word) == article.lower()


def artefacts(text: str, own_words: str | None = None) -> list[str]:
    """Each artefact in plain text, as a short quote of where it is; an empty list for clean text.

    `own_words`, when given, is the same text with the client's own values blanked out (see
    `pipeline.program.lint.client_words_blanked`); the doubled-word check reads it instead, so that a company
    name ending in a word the sentence repeats ("Gutter Works works") is not taken for a template fault."""
    found: list[str] = []
    doubled = text if own_words is None else own_words

    def quote(match: re.Match[str], width: int = 30) -> str:
        start = max(match.start() - width, 0)
        return "'" + text[start:match.end() + width].strip() + "'"

    lowered = text.lower()
    folds = _FOLD_SPECIAL.search(text) is None  # the lower-cased text gives a case-blind pattern's spans
    for pattern, what in ((_DOUBLED_THE, "doubled 'the'"), (_MAYBE_PLURAL, "'(s)' instead of a counted noun"),
                          (_SPACE_BEFORE_STOP, "space before punctuation"), (_EMPTY_PARENS, "empty parentheses"),
                          (_FREQUENCY_AS_ADJECTIVE, "frequency used as an adjective"),
                          (_INTERNAL_WORD, "corpath's word 'module' (say 'program')"),
                          (_NESTED_ASIDE, "parentheses inside parentheses"),
                          (_PASTED_LAW, "the law pasted as a quotation"),
                          (_WITH_ONESELF, "a person named as their own companion")):
        needs, core, blind = _NEEDS.get(pattern), _CORES.get(pattern), bool(pattern.flags & re.IGNORECASE)
        if needs is not None and needs not in (lowered if blind else text):
            continue
        if core is not None and (folds or not blind) and core.search(lowered if blind else text) is None:
            continue
        found.extend(f"{what}: {quote(m)}" for m in pattern.finditer(text))
    found.extend(f"doubled word: '{doubled[max(m.start() - 30, 0):m.end() + 30].strip()}'"
                 for m in _DOUBLED_WORD.finditer(doubled))
    for m in _ARTICLE.finditer(text):
        if not _article_ok(m.group(1), m.group(2)):
            found.append(f"wrong article: {quote(m)}")
    for m in _ONE_PLURAL.finditer(text) if _CORES[_ONE_PLURAL].search(text) else ():
        singular = language.singular(m.group(1))
        if singular and singular != m.group(1):
            found.append(f"one with a plural: {quote(m)}")
    return found
