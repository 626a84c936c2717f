"""The coherence check: after rendering, what the program states about each record agrees with the practice
model and with the records checklist.

An auditor's first move is to compare what the program says with what the records show, so a program whose
records table says "monthly" while the checklist counts weekly fails the build, like the reviewer lint
(`lint.py`). What is compared:

- every records table (a pipe table whose first column is "Record" and which has a "How often" or "Made"
  column and a "Kept by" column): the frequency, the keeper and the place of each record it lists;
- the forms appendix table (first column "Form"): how often each form is filled in, and who keeps it;
- the statements the templates make in running text about a record's frequency (`STATEMENTS`), and any
  frequency written next to a practice's name anywhere in the text (`MENTIONS`: "the toolbox meeting, held
  monthly", "the weekly site inspection", a hazard module's "Weekly during the site inspection"), so a
  sentence cannot say monthly where the model says weekly;
- the sentence on how each practice stands today ("Equipment maintenance checks have been done at Acme
  monthly since June 2021", `STATUS_NOUNS`): the frequency it keeps from now on;
- the records checklist's frequency, keeper and form for each record (passed in by the build, which sits
  above both the program and the readiness stage).

Each disagreement names the section, the record and both values. A client's own section (an override) is
reported by the lint, not judged here.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import language
from ..errors import LintError
from ..practices.service import MIXED
from .blanking import _FOLD_SPECIAL
from .compose import RenderedProgram, RenderedSection
from .literals import required_literals
from .plan import Plan
from .render import unescape_md

# Running-text statements of a record's frequency: (record id, pattern whose group 1 is the frequency).
STATEMENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("committee_minutes", re.compile(r"\bThe (?:committee|JHSC) meets ([a-z][a-z ,()-]*?)(?:,| and also)")),
    ("committee_minutes", re.compile(r"\bholds a health and safety meeting with its workers ([a-z][a-z ()-]*?), on")),
    ("toolbox_meeting_records", re.compile(r"\bEach crew holds a toolbox meeting ([a-z][a-z ,()-]*?), led by")),
    ("site_inspections", re.compile(r"\| Every active site\\?, ([a-z][a-z ()-]*?)\\?, and before work resumes")),
    ("drill_records", re.compile(r"\bEach crew practises its emergency response ([a-z][a-z ,()-]*?) and whenever")),
    ("committee_minutes", re.compile(r"\b(?:representative|who) meets [^.;:]*?, ([a-z][a-z ]*?)(?:,|;| and also)")),
    # the policy section's "reads and signs the policy at orientation ... (a signed acknowledgement for each new
    # worker)": the records table says the same, from the same record
    ("policy_acknowledgements", re.compile(r"\ba signed acknowledgement ([a-z][a-z ,-]*?)\)")),
)

# A practice named in running text: (record id, the practice's noun phrase). A frequency written right after
# it ("toolbox meeting, held monthly", "site inspections weekly") or as an adjective before it ("the weekly
# toolbox meeting") is that practice's frequency, and must be the model's.
MENTIONS: tuple[tuple[str, str], ...] = (
    ("toolbox_meeting_records", r"toolbox meetings?"),
    ("site_inspections", r"site inspections?"),
    ("field_level_hazard_assessments", r"field-level hazard assessments?"),
    ("formal_hazard_assessment", r"formal hazard assessments?"),
    ("drill_records", r"emergency drills?"),
    ("committee_minutes", r"health and safety meetings?"),
)
# The sentence on how a practice stands today (the `status` macro: "Equipment maintenance checks have been done
# at Acme monthly since June 2021." and, when the program changes it, "From November 2026 they are done
# quarterly."): (record id, the practice's plural noun as the macro writes it). The last frequency stated is
# the one the program keeps, and must be the model's.
STATUS_NOUNS: tuple[tuple[str, str], ...] = (
    ("maintenance_records", r"Equipment maintenance checks"),
    ("equipment_pre_use_inspections", r"Equipment pre-use inspections"),
    ("site_inspections", r"Site inspections"),
    ("toolbox_meeting_records", r"Toolbox meetings"),
    ("drill_records", r"Emergency drills"),
    ("formal_hazard_assessment", r"Formal hazard assessments"),
    ("field_level_hazard_assessments", r"Field-level hazard assessments"),
    ("committee_minutes", r"(?:Committee or representative|JHSC or representative|Health and safety) meetings"),
)
_ADJECTIVES = {"daily": "daily", "weekly": "weekly", "biweekly": "biweekly", "monthly": "monthly",
               "quarterly": "quarterly", "annual": "annually", "yearly": "annually"}


@functools.cache
def _frequency_phrases(rates: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Every way the program writes a frequency (the catalogue's words and both forms of `language`), in lower
    case, mapped to its rate key."""
    phrases = {words.lower(): key for key, words in rates}
    for key, forms in language.FREQUENCIES.items():
        for form in forms:
            phrases.setdefault(form.lower(), key)
    return phrases


_ANY_NOUN = re.compile("(?i)\\b(?:" + "|".join(f"({noun})" for _, noun in MENTIONS) + ")")
"""Any practice `MENTIONS` names; group n+1 is the n-th entry's. Every pattern of an entry contains its noun."""


@functools.cache
def _mention_patterns(phrases: tuple[str, ...]) -> tuple[tuple[str, re.Pattern, re.Pattern, re.Pattern], ...]:
    """Per `MENTIONS` entry: (record id, its `during`, `after` and `before` patterns), compiled once per set of
    frequency phrases."""
    alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    adjectives = "|".join(_ADJECTIVES)
    return tuple(
        (record_id,
         # "Weekly during the site inspection" (a hazard module's check that rides on the inspection)
         re.compile(rf"(?i)\b({alternation}) (?:during|at) the {noun}\b"),
         re.compile(rf"(?i)\b{noun},? (?:(?:is |are )?held )?({alternation})\b"),
         re.compile(rf"(?i)\b({adjectives}) {noun}\b"))
        for record_id, noun in MENTIONS)


def _mentions(body: str, phrases: dict[str, str]) -> Iterable[tuple[str, str, str]]:
    """(record id, the frequency as written, its rate key) for each practice named with a frequency.

    Case-blind patterns are tried at every position of the text, and the `during` ones start with the long
    alternation of phrases; so one pass first finds which practices the text names at all, and only their
    patterns run (the same matches in the same order, in 60% of the time)."""
    text = _unescape(body)
    lines = _Lines(text, fold=True)
    # every match of `_ANY_NOUN` holds one of its nouns' strings, and none crosses a line
    named = {match.lastindex for match in _ANY_NOUN.finditer(lines.holding_any(_noun_literals()))}
    for index, (record_id, during, after, before) in enumerate(_mention_patterns(tuple(phrases)), start=1):
        if index not in named:
            continue
        text = lines.holding(MENTIONS[index - 1][1])  # no pattern crosses a line; each holds its noun
        for match in during.finditer(text):
            yield record_id, match.group(1), phrases[match.group(1).lower()]
        for match in after.finditer(text):
            yield record_id, match.group(1), phrases[match.group(1).lower()]
        for match in before.finditer(text):
            yield record_id, match.group(1), _ADJECTIVES[match.group(1).lower()]


@functools.cache
def _noun_literals() -> tuple[str, ...] | None:
    """The strings one of which every match of `_ANY_NOUN` holds (`required_literals` of each of its nouns)."""
    found = [required_literals(noun) for _, noun in MENTIONS]
    return None if None in found else tuple(literal for literals in found if literals for literal in literals)


class _Lines:
    """The lines of a text, to run a pattern that never crosses a line on only the lines that can hold a match.

    A pattern's every match contains one of its `required_literals`, so a line without any of them holds no
    match; the lines kept, joined by newlines, give the same matches in the same order as the whole text (no
    match spans a newline, and a line's edges bound words as the newline did). For a case-blind pattern
    (`fold`) the test is exact only on a text without a character of `_FOLD_SPECIAL`: such a text is kept
    whole."""

    def __init__(self, text: str, *, fold: bool) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.whole = fold and _FOLD_SPECIAL.search(text) is not None
        lowered = [line.lower() for line in self.lines]
        self.lowered = "\n".join(lowered)  # the lines lower-cased, each where its offset in `starts` says
        self.starts = list(itertools.accumulate((len(line) + 1 for line in lowered[:-1]), initial=0))

    def holding(self, pattern: str) -> str:
        """The lines that hold one of `pattern`'s `required_literals`, joined by newlines."""
        return self.holding_any(None if self.whole else required_literals(pattern))

    def holding_any(self, literals: Iterable[str] | None) -> str:
        """The lines that hold one of `literals` (lower case), joined by newlines; the whole text for None.

        Each literal is looked for in the lower-cased text and each place found taken to its line: a few dozen
        places instead of a test of every line of the section for each literal; a literal holds
        no newline, so a place is inside one line, and a line is kept exactly when it holds a literal."""
        if self.whole or literals is None:
            return self.text
        kept: set[int] = set()
        for literal in literals:
            if not literal or "\n" in literal:
                return self.text
            at = self.lowered.find(literal)
            while at != -1:
                line = bisect.bisect_right(self.starts, at) - 1
                kept.add(line)
                # the next place after this line: the line is kept already
                at = self.lowered.find(literal, self.starts[line + 1]) if line + 1 < len(self.starts) else -1
        return "\n".join(self.lines[line] for line in sorted(kept))


@functools.cache
def _status_patterns(phrases: tuple[str, ...]) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """Per `STATUS_NOUNS` entry: (record id, noun, the status sentence's pattern), made once per set of phrases."""
    alt = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    month = r"[A-Z][a-z]+ \d{4}"
    return tuple(
        (record_id, noun, re.compile(
            rf"\b{noun} (?:(?:have been|are already) done at [^\n]*? ({alt})(?: since {month})?|are a new practice "
            rf"at [^\n]*?, in place from {month}, (?:done|held) ({alt})|were done at [^\n]*?: they restart in "
            rf"{month}, (?:done|held) ({alt}))\.(?: From {month} they are (?:done|held) ({alt})\.)?"))
        for record_id, noun in STATUS_NOUNS)


def _statuses(body: str, phrases: dict[str, str]) -> Iterable[tuple[str, str, str]]:
    """(record id, the frequency as written, its rate key) for each status sentence: the frequency it says the
    practice is done at from now on (the "From <month> they are …" sentence's when there is one)."""
    lines = _Lines(_unescape(body), fold=False)
    for record_id, noun, pattern in _status_patterns(tuple(phrases)):
        for match in pattern.finditer(lines.holding(noun)):  # within a line, starting with its noun
            said = match.group(4) or match.group(1) or match.group(2) or match.group(3)
            yield record_id, said, phrases[said.lower()]


@dataclass(frozen=True)
class Disagreement:
    section: str
    record: str
    what: str  # frequency, keeper, place, form
    program: str
    model: str
    where: str = "the program"

    def __str__(self) -> str:
        return (f"section '{self.section}': {self.record}: {self.where} says {self.what} '{self.program}', the "
                f"practice model says '{self.model}'")


def _unescape(cell: str) -> str:
    return unescape_md(cell).strip()


def _tables(markdown: str) -> list[tuple[list[str], list[list[str]]]]:
    """The pipe tables of a Markdown text: (header cells, body rows), cells unescaped."""
    tables, lines = [], markdown.splitlines()
    split = re.compile(r"(?<!\\)\|")
    i = 0
    while i + 1 < len(lines):
        head, rule = lines[i].strip(), lines[i + 1].strip()
        if head.startswith("|") and re.fullmatch(r"\|(?:-+\|)+", rule):
            header = [_unescape(c) for c in split.split(head)[1:-1]]
            rows, i = [], i + 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append([_unescape(c) for c in split.split(lines[i].strip())[1:-1]])
                i += 1
            tables.append((header, rows))
        else:
            i += 1
    return tables


def check_section(plan: Plan, section: RenderedSection) -> list[Disagreement]:
    """Every statement of a record's frequency, keeper or place in one rendered section, against the model."""
    model = plan.practices
    by_name = {r.name: r for r in model}
    sid = section.spec.id
    found: list[Disagreement] = []
    for header, rows in _tables(section.body):
        if header and header[0] == "Record" and "Kept by" in header:
            often = next((header.index(h) for h in ("How often", "Made") if h in header), None)
            keeper, place = header.index("Kept by"), header.index("Where it is kept") if "Where it is kept" in \
                header else None
            for row in rows:
                rec = by_name.get(row[0])
                if rec is None:
                    continue
                kept_by = f"{rec.keeper.name}, {rec.keeper.title}"
                checks = [("frequency", often, rec.frequency_words), ("keeper", keeper, kept_by),
                          ("place", place, rec.location)]
                found += [Disagreement(sid, rec.name, what, row[col], want)
                          for what, col, want in checks if col is not None and row[col] != want]
        elif header[:1] == ["Form"] and "How often" in header:
            often = header.index("How often")
            titles = _form_titles()
            for row in rows:
                form_id = titles.get(row[0])
                recs = model.for_form(form_id) if form_id else []
                rec = next((r for r in recs if r.applies), recs[0] if recs else None)
                # a form whose records do not apply yet (an owner-operator's orientation form) says when it
                # will be used, and how often then
                said = row[often].lower() if rec is None or rec.applies else row[often].lower().split("; then ")[-1]
                if rec and not said.startswith(rec.frequency_words.lower()):
                    found.append(Disagreement(sid, rec.name, "frequency", row[often], rec.frequency_words,
                                              "the forms appendix"))
    rates = tuple((key, rate.words) for key, rate in model.catalogue.rates.items())
    # a log counted at each machine's own interval has its own words (practices/service.py), its key `MIXED`
    phrases = {**_frequency_phrases(rates), **{r.frequency_words.lower(): r.frequency for r in model
                                               if r.frequency == MIXED}}
    for record_id, said, key in [*_mentions(section.body, phrases), *_statuses(section.body, phrases)]:
        rec = model.record(record_id)
        # the words the model keeps for an answer more frequent than its count ("before each task", counted
        # daily) are its frequency as well
        # (a record counted at the season's share says its season after them: "before each task from April to
        # November" is the "before each task" phrase)
        words = rec.frequency_words.removesuffix(f" from {model.season.words}") if rec.seasonal else \
            rec.frequency_words
        if rec.applies and key not in (rec.frequency, phrases.get(words.lower())):
            found.append(Disagreement(sid, rec.name, "frequency", said, rec.frequency_words))
    lowered = section.body.lower()
    for record_id, pattern in STATEMENTS:
        rec = model.record(record_id)
        literals = required_literals(pattern.pattern)  # case-sensitive: a match's literal is in the lowered text
        if literals is not None and not any(literal in lowered for literal in literals):
            continue
        for match in pattern.finditer(section.body):
            said = _unescape(match.group(1))
            if said != rec.frequency_words:
                found.append(Disagreement(sid, rec.name, "frequency", said, rec.frequency_words))
    return found


def _form_titles() -> dict[str, str]:
    from .forms import ALL_TITLES

    return ALL_TITLES


def check_checklist(plan: Plan, rows: Iterable[tuple[str, str, str, str | None]]) -> list[Disagreement]:
    """The records checklist's (record id, how often, keeper's name, form id) against the model."""
    found = []
    for record_id, often, keeper, form in rows:
        rec = plan.practices.record(record_id)
        for what, said, want in (("frequency", often, rec.frequency_words), ("keeper", keeper, rec.keeper.name),
                                 ("form", form or "", rec.form or "")):
            if said != want:
                found.append(Disagreement("records checklist", rec.name, what, said, want, "the checklist"))
    return found


def check_coherence(plan: Plan, program: RenderedProgram,
                    checklist: Iterable[tuple[str, str, str, str | None]] = ()) -> list[Disagreement]:
    """Every disagreement between the rendered program (sections written from templates), the records
    checklist and the practice model."""
    found: list[Disagreement] = []
    for section in program.sections:
        if not section.from_override:
            found += check_section(plan, section)
    return found + check_checklist(plan, checklist)


def enforce_coherence(plan: Plan, program: RenderedProgram,
                      checklist: Iterable[tuple[str, str, str, str | None]] = ()) -> None:
    """Raise LintError naming each section, record and both values when anything disagrees."""
    found = check_coherence(plan, program, checklist)
    if found:
        raise LintError("the program contradicts its own practice model (an auditor compares them):\n"
                        + "\n".join(f"  {d}" for d in found))
