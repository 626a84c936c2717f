"""English from a library: articles, plurals, number words, lists and frequencies for the section templates.

The templates never glue "a " or "s" onto a value themselves: `inflect` chooses "a" or "an" from the sound
of the word ("an excavation contractor", "an HVAC contractor", "a union"), plurals are inflected, numbers up
to ten are written as words ("six workers", "one worker", "35 workers"), and lists read "a, b and c". The
functions here take and return plain text; `program/render.py` escapes intake text and registers them as
Jinja filters, and every wing (the gap report, `recommend`) counts with them instead of writing "(s)".

Frequencies come in the shape the sentence needs: an adverbial phrase after a verb ("are done every two
weeks", "meets each month") or a noun phrase after "held" ("the toolbox meeting, held every two weeks").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import inflect

# inflect's answers depend only on the word and the count (one engine, never reconfigured), and a build asks
# the same few hundred questions about two thousand times: 0.1 s of CPU per client, kept per process instead
WORD_CACHE = 8192
NUMBER_WORDS_UP_TO = 10  # Canadian Press style: spell out zero to nine (ten read the same in running text)


def _unchecked(target: Any = None, **_options: Any) -> Any:
    """typeguard's `@typechecked` as a no-op, as it is under `python -O` (typeguard's documented behaviour)."""
    return target if target is not None else (lambda function: function)


def _import_inflect() -> Any:
    """Import `inflect` without typeguard's run-time instrumentation of its engine.

    inflect 7 decorates 23 engine methods with `typeguard.typechecked`, which re-parses and recompiles
    inflect's whole source once per method: 2.6–3.0 s of CPU on every cold start here, more than LibreOffice
    needs to start (jaraco/inflect#212 and agronholm/typeguard#468, both open). The checks only validate the
    argument types of calls this module makes with plain strings and integers, so the decorator is made the
    no-op `python -O` would make it while inflect is imported, and restored at once. Returns the module.
    """
    import sys

    if "inflect" in sys.modules:
        return sys.modules["inflect"]
    import typeguard

    checked = typeguard.typechecked
    typeguard.typechecked = _unchecked
    try:
        import inflect
    finally:
        typeguard.typechecked = checked
    return inflect


@functools.cache
def _engine() -> inflect.engine:
    return _import_inflect().engine()


@functools.lru_cache(maxsize=WORD_CACHE)
def article(phrase: str) -> str:
    """'a' or 'an' for a phrase, by its sound: `excavation contractor` → `an`, `HVAC` → `an`, `union` → `a`.

    Raises nothing; an empty phrase gets "a".
    """
    phrase = phrase.strip()
    if not phrase:
        return "a"
    return _engine().a(phrase).split(" ", 1)[0]


def with_article(phrase: str) -> str:
    """The phrase after its indefinite article: `electrical contractor` → `an electrical contractor`."""
    return f"{article(phrase)} {phrase.strip()}"


@functools.lru_cache(maxsize=WORD_CACHE)
def number(n: int) -> str:
    """A count as the running text writes it: words up to ten (`6` → `six`), digits above (`35`)."""
    if 0 <= n <= NUMBER_WORDS_UP_TO:
        return str(_engine().number_to_words(n))
    return str(n)


def possessive(name: str) -> str:
    """A name's possessive: "Acme Roofing's", and a name ending in s takes the apostrophe alone ("Fraser
    Coatings'"), as Canadian style guides write plural-looking business names."""
    name = str(name)
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


@functools.lru_cache(maxsize=WORD_CACHE)
def plural(noun: str, n: int = 2) -> str:
    """The noun's form for `n` of them: `record` → `records`, `person` → `people`; `n == 1` keeps it singular."""
    return str(_engine().plural_noun(noun, n))


def count(n: int, noun: str) -> str:
    """`6, 'worker'` → `six workers`; `1, 'worker'` → `one worker`; `35, 'worker'` → `35 workers`."""
    return f"{number(n)} {plural(noun, n)}"


def capitalized(text: Any) -> str:
    """The text with its first character in upper case and the rest as written: `monthly from April to
    October` → `Monthly from April to October` (Jinja's own `capitalize` lowers the rest, giving "april")."""
    text = str(text)
    return text[:1].upper() + text[1:]


def join(items: Iterable[Any], conjunction: str = "and") -> str:
    """`['a', 'b', 'c']` → `a, b and c` (no serial comma, as the rest of the program writes lists)."""
    parts = [str(i) for i in items if str(i)]
    if not parts:
        return ""
    return str(_engine().join(parts, sep=",", conj=conjunction, final_sep=""))


def definite(name: str) -> str:
    """A proper name with "the" in front unless it already starts with one: `The Saskatchewan Employment Act`
    stays as it is, `Occupational Health and Safety Act` → `the Occupational Health and Safety Act`."""
    name = name.strip()
    return name if re.match(r"(?i)the\s", name) else f"the {name}"


# key: (after a verb, as a noun phrase after "held"): both read in a sentence without a hyphenated adjective
FREQUENCIES: dict[str, tuple[str, str]] = {
    "per_task": ("before each task", "before each task"),
    "daily": ("daily", "each day"),
    "weekly": ("weekly", "each week"),
    "biweekly": ("every two weeks", "every two weeks"),
    "monthly": ("monthly", "each month"),
    "quarterly": ("quarterly", "each quarter"),
    "semiannually": ("twice a year", "twice a year"),
    "annually": ("annually", "each year"),
    "per_new_worker": ("for each new worker", "for each new worker"),
    "per_event": ("after each event", "after each event"),
    "as_needed": ("as needed", "as needed"),
    "once": ("once", "once"),
}


def frequency(value: Any, form: str = "adverb") -> str:
    """How often, in the shape the sentence needs.

    `form="adverb"` follows a verb ("inspected every two weeks"); `form="held"` follows "held" or a noun
    ("the toolbox meeting, held each week"). An enum member or its value is accepted; an unknown key is
    written out with spaces (`as_required` → `as required`). Raises ValueError for an unknown form.
    """
    if form not in ("adverb", "held"):
        raise ValueError(f"unknown frequency form {form!r}; use 'adverb' or 'held'")
    key = str(getattr(value, "value", value))
    phrases = FREQUENCIES.get(key)
    if phrases is None:
        return key.replace("_", " ")
    return phrases[0] if form == "adverb" else phrases[1]


@functools.lru_cache(maxsize=WORD_CACHE)
def singular(noun: str) -> str | None:
    """The singular of a plural noun (`workers` → `worker`), or None when the word is not a plural noun."""
    result = _engine().singular_noun(noun)
    return result if isinstance(result, str) else None


def tally(n: int, noun: str) -> str:
    """A count in figures, as a console line or a log writes it: `1, 'fact'` → `1 fact`; `3, 'fact'` → `3 facts`.

    Messages use it instead of writing "(s)"; running text in the client's documents uses `count` (words to ten).
    """
    return f"{n} {plural(noun, n)}"


@functools.lru_cache(maxsize=WORD_CACHE)
def verb(present: str, n: int) -> str:
    """A present-tense verb agreeing with a count: `'is', 1` → `is`, `'is', 3` → `are`, `'changes', 2` → `change`.

    `present` is the third-person singular form.
    """
    return str(_engine().plural_verb(present, n))


def in_sentence(name: str, common: frozenset[str]) -> str:
    """A name the client typed, as it reads inside a sentence: a leading common noun or adjective is lower-cased
    (`Extension ladders (28 and 32 ft)` → `extension ladders (28 and 32 ft)`), a proper name is kept (`Ford
    Transit cargo van`, `Kubota excavator`, `HEPA vacuum`).

    `common` holds the lower-case words known to be ordinary English (the caller's vocabulary); a first word
    outside it, in capitals, or followed by another capitalised word is taken for a brand and left alone.
    """
    words = name.split()
    if not words:
        return name
    first = words[0]
    second = words[1] if len(words) > 1 else ""
    if (first[:1].isupper() and first[1:] == first[1:].lower()
            and all(part in common or singular(part) in common for part in first.lower().rstrip(",;:").split("-"))
            and not second[:1].isupper()):
        return first[:1].lower() + name[1:]
    return name


def duration(n: float, unit: str, adjective: bool = False) -> str:
    """A length of time written one way in every output (program, gap report, checklist, calendar): `3, 'month'`
    → `three months`, `12, 'month'` → `12 months`, `1, 'year', adjective=True` → `one-year` (as in "a one-year
    certificate"), `12, 'month', adjective=True` → `12-month`. A fractional amount keeps its figures (`1.5
    years`). `unit` is singular: day, week, month or year.
    """
    whole = float(n).is_integer()
    amount = number(int(n)) if whole else f"{n:g}"
    if adjective:
        return f"{amount}-{unit}"
    return f"{amount} {plural(unit, int(n) if whole else 2)}"


_PREPOSITION = re.compile(r"\s(?:in|of|for|at|on|from|with|under|across|throughout)\s", re.IGNORECASE)


@functools.lru_cache(maxsize=WORD_CACHE)
def subject_count(subject: str) -> int:
    """How many a subject the client typed names, for the verb after it: 2 (plural) or 1 (singular).

    Asides in parentheses are left out. Two subjects joined by "and" are plural ("County of Peterborough and
    City of Kawartha Lakes road tenders require"); otherwise the head noun decides, the last word before the
    first preposition, plural when inflect reads it as a plural noun and it is lower case ("Manitoba Housing
    renovation tenders require") or the phrase's first word ("Producers in the Kindersley fields require"). A
    capitalised plural inside a name is the organization's name and singular ("Regina Public Schools
    requires", "Seaport Homes Ltd. requires"). A name joining two words with "and" ("Smith and Sons") reads as
    plural; the consultant can write it with "&"."""
    words = re.sub(r"\([^()]*\)", " ", subject).strip()
    words = words.replace("Newfoundland and Labrador", "Newfoundland")  # one province, not two subjects
    if re.search(r"\sand\s", words):
        return 2
    chunk = _PREPOSITION.split(words, maxsplit=1)[0].split()
    if not chunk:
        return 1
    head = chunk[-1].strip(",.;:")
    if not head.isalpha() or (head[0].isupper() and len(chunk) > 1):
        return 1
    return 2 if singular(head.lower()) else 1


# The words by which a records location names an electronic record rather than a paper one ("pre-trip inspection
# app", "tablet", "Fleetio software", "electronic logbook"): such a record is not a form handed in, it is in the
# system and exported or opened for whoever keeps it. corpath's reading of the intake's words, no rule of law.
ELECTRONIC_WORDS = re.compile(r"\b(apps?|application|tablets?|software|electronic|e-\w+|digital|online|cloud|"
                              r"portal|phones?|ipads?)\b", re.IGNORECASE)


def electronic(location: Any) -> bool:
    """True when a records location (the intake's words, any text or None) names an app, a tablet, software or
    another electronic system (`ELECTRONIC_WORDS`); False for paper places such as "in trucks" or "office
    binder". No error raised."""
    return bool(location) and ELECTRONIC_WORDS.search(str(location)) is not None
