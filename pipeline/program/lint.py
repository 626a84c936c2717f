"""The reviewer lint: what contractor-platform reviewers reject, caught before a program leaves the building.

Reviewers (ISNetworld's RAVS and others) reject a program that names no responsible person, gives no
frequency, omits the company name or reads as boilerplate. Every section of every build is checked; a
section that fails stops the build with the section named and what is missing. A program must also cite
only its own province's law: another province's Act or regulation in the text fails the build.

The law check judges corpath's own words (the templates, the legislation and protocol data), never what the
client wrote: an Alberta first aider's "WorkSafeBC OFA Level 3" certificate (valid in Alberta through the
Alberta-BC portability) is the client's fact, not BC law cited by the program. Intake values that name
another province's law are blanked out before the check (`own_text`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from ..errors import LintError
from ..intake.yamlfile import load_model
from ..practices.model import is_owner_operator
from ..protocols.legislation import available_provinces, load_legislation
from ..protocols.packs import TEMPLATES, Pack
from .artefacts import artefacts
from .blanking import _FOLD_SPECIAL, blank_values
from .client_text import field_paths
from .compose import RenderedProgram, RenderedSection
from .literals import required_literal_sets
from .mention_help import unjustified_help
from .modules import Condition
from .plan import Plan
from .render import escape_md, unescape_md

MENTIONS = TEMPLATES / "mentions.yaml"
ONE_PERSON = TEMPLATES / "one_person.yaml"


class Mention(Pack):
    """A word that names a module, equipment, a material or an activity, and the intake facts that justify it."""

    id: str = Field(description="Short name, used in the lint's message")
    pattern: str = Field(description="Regular expression, matched case-insensitively on the section's plain text")
    when: Condition = Field(description="The intake facts that justify the word (any one is enough)")
    allow: list[str] = Field(default_factory=list, description="Phrases containing the word that claim nothing")

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern, re.IGNORECASE)

    @functools.cached_property
    def literals(self) -> tuple[tuple[str, ...], ...] | None:
        """`required_literal_sets(pattern)`: every match holds all the strings (lower case) of one of these sets;
        None when not known."""
        return required_literal_sets(self.pattern)


class Mentions(Pack):
    mentions: list[Mention]


@functools.cache
def load_mentions(path: Path = MENTIONS) -> tuple[Mention, ...]:
    """The gated words of `program_templates/mentions.yaml`, validated on load (a bad entry names its line)."""
    return tuple(load_model(Mentions, path).mentions)


class OnePerson(Pack):
    phrases: list[str] = Field(description="Phrases a one-person company's program must not carry", min_length=1)


@functools.cache
def one_person_phrases(path: Path = ONE_PERSON) -> tuple[str, ...]:
    """The phrases of `program_templates/one_person.yaml`: each speaks of people a one-person company does not
    have (other workers, supervisors, crews, toolbox meetings); lower case, as matched."""
    return tuple(p.lower() for p in load_model(OnePerson, path).phrases)


def plain_text(markdown: str) -> str:
    """Markdown read as words: backslash escapes dropped and lines joined, so a pattern sees what a reader does."""
    return " ".join(unescape_md(markdown).split())


def without_law(plan: Plan, text: str) -> str:
    """The text without the province's requirements as the law states them: a list of reportable incidents
    that names cranes and trenches says nothing about the company's own equipment."""
    for name in type(plan.law).model_fields:
        requirement = getattr(plan.law, name)
        if hasattr(requirement, "text") and isinstance(requirement.text, str):
            statement = " ".join(requirement.text.split()).rstrip(".")
            if statement:
                text = text.replace(statement, " ")
    return text


def unmet_mentions(plan: Plan) -> tuple[Mention, ...]:
    """The gated words the intake gives no fact for (judged once per program: `met_by` reads the whole intake)."""
    return tuple(mention for mention in load_mentions() if not mention.when.met_by(plan.intake))


def unjustified_mentions(plan: Plan, text: str, unmet: tuple[Mention, ...] | None = None) -> list[tuple[str, str]]:
    """(mention id, the words matched) for every gated word in `text` the intake gives no fact for; `unmet`,
    when given, is `unmet_mentions(plan)` already computed."""
    found = []
    exact = _FOLD_SPECIAL.search(text) is None  # `in` on lower-cased text is a case-blind test (`required_literals`)
    folded = text.lower() if exact else ""
    for mention in unmet_mentions(plan) if unmet is None else unmet:
        cleared, lowered = text, folded  # `lowered` is `cleared` lower-cased (when `exact`)
        for phrase in mention.allow:
            if exact and phrase.isascii() and phrase.lower() not in lowered:
                continue  # not in the text, case ignored: nothing to clear (a case-blind search for nothing)
            cleared = re.sub(re.escape(phrase), " ", cleared, flags=re.IGNORECASE)
            lowered = cleared.lower() if exact else ""
        if exact and mention.literals is not None:
            if not any(all(literal in lowered for literal in literals) for literals in mention.literals):
                continue  # no alternative has all the strings its matches contain: the pattern cannot match
        match = mention.regex.search(cleared)
        if match:
            found.append((mention.id, match.group(0)))
    return found

PERIOD = r"(?:shift|day|week|month|quarter|year|job|task|use|visit|season)s?"
FREQUENCY = re.compile(
    r"\b(daily|weekly|biweekly|monthly|quarterly|annually|yearly|hourly"
    rf"|every\s+(?:\d+|two|three|four|six|twelve|other)?\s*{PERIOD}|each\s+{PERIOD}"
    r"|before\s+(?:each|every|any)\s+\w+|before\s+work\s+starts|at\s+least\s+(?:once|twice|annually|monthly)"
    r"|(?:once|twice)\s+a\s+(?:day|week|month|year)|within\s+\d+\s+\w+|at\s+the\s+start\s+of\s+(?:each|every|the))\b",
    re.IGNORECASE,
)
# Every section ends with the protocol cross-reference, which names the responsible person and "annually" by
# itself; the lint judges what the section says before it, or a hollow section would pass on that footer.
CROSSREF_START = "**Audit cross-reference.**"


RESEARCH_NOTES = TEMPLATES / "research_notes.yaml"


class ResearchNotes(Pack):
    """The phrases that mark a research note (program_templates/research_notes.yaml)."""

    format: int = Field(description="File format version")
    phrases: list[str] = Field(description="Phrases a client document must not contain", min_length=1)


def _note_branch(phrase: str) -> str:
    """One phrase as a pattern branch on word boundaries where it has them. The opening boundary is written as
    a look-behind after the first character (`u(?<!\\w.)nverified`, the same test as `\\bunverified`), so
    every branch starts with a literal and the regex engine scans for those first characters instead of
    trying every branch at every position: twice as fast over a delivery's 600,000 characters."""
    head = r"(?<!\w.)" if phrase[:1].isalnum() else ""
    tail = r"\b" if phrase[-1:].isalnum() else ""
    return re.escape(phrase[:1]) + head + re.escape(phrase[1:]) + tail


@functools.cache
def research_note_pattern() -> re.Pattern[str]:
    """One case-insensitive pattern for every research-note phrase, each on word boundaries where it has them."""
    alternatives = sorted(_note_phrases(), key=len, reverse=True)
    return re.compile("|".join(_note_branch(p) for p in alternatives), re.IGNORECASE)


@functools.cache
def _note_phrases() -> tuple[str, ...]:
    return tuple(load_model(ResearchNotes, RESEARCH_NOTES).phrases)


def research_notes(text: str) -> list[str]:
    """The research-note phrases found in a client document's text, each once, in order of appearance; a web
    domain in parentheses is one too (its domain is the phrase given).

    Most texts hold none: when no phrase occurs in the lower-cased text, the pattern cannot match and is not
    run. That shortcut is exact for ASCII phrases in a text without a character of `_FOLD_SPECIAL`; any other
    text or phrase list always takes the pattern."""
    return list(dict.fromkeys(phrase for phrase, _, _ in _note_matches(text)))


# A web domain inside parentheses ("(edelweisssafetysolutions.ca)", "(enform.ca; energysafetycanada.com; …)"):
# a research source, which a client's document never carries (review 9: a partner pack's note reached
# kindersley's gap report); an e-mail address ("(jo@acme.ca)") and a domain outside parentheses are not matched.
_DOMAIN_ENDINGS = ("ca", "com", "org", "net", "gov", "info", "edu")
_DOMAIN_IN_PARENS = re.compile(
    r"\([^()]*?(?<![\w@./-])((?:www\.)?(?:[a-z0-9-]+\.)+(?:" + "|".join(_DOMAIN_ENDINGS) + r")(?:/[^\s();,]*)?)"
    r"(?![\w@-])[^()]*\)", re.IGNORECASE)


def notes_impossible(text: str) -> bool:
    """Whether `text`, and `text` with any of its parts replaced by U+FFFC (`blank_values`), surely holds no
    research note: it has no character of `_FOLD_SPECIAL`, and its lower-cased form holds none of the phrases
    and no '.' before a domain ending. Every note found holds one of those strings, none of which holds U+FFFC:
    found in a blanked text, it lies inside one unblanked piece of `text`, and is in `text` too. (Blanking can
    make a note of what was none, "Acmeco_unverified" with "Acmeco_" blanked; it cannot bring in its phrase.)
    False when unsure, and the text is searched."""
    phrases = _folded_note_phrases()
    if phrases is None or _FOLD_SPECIAL.search(text) is not None:
        return False
    folded = text.lower()
    return not any(phrase in folded for phrase in phrases) and _DOMAIN_DOT.search(folded) is None


# a '.' and a domain ending: one scan for the full stops, not one per ending (`notes_impossible`)
_DOMAIN_DOT = re.compile(r"\.(?:" + "|".join(_DOMAIN_ENDINGS) + ")")


@functools.cache
def _folded_note_phrases() -> tuple[str, ...] | None:
    """The research-note phrases lower-cased; None when one is not ASCII or holds U+FFFC (no shortcut)."""
    phrases = _note_phrases()
    if not all(phrase.isascii() and "\ufffc" not in phrase for phrase in phrases):
        return None
    return tuple(phrase.lower() for phrase in phrases)


def _note_matches(text: str) -> list[tuple[str, int, int]]:
    """Every research note in `text` as (phrase lower-cased, start, end), in order: the data's phrases, and a
    web domain in parentheses (its domain as the phrase)."""
    found: list[tuple[str, int, int]] = []
    if "(" in text:
        found += [(m.group(1).lower(), m.start(1), m.end(1)) for m in _DOMAIN_IN_PARENS.finditer(text)]
    if all(p.isascii() for p in _note_phrases()) and _FOLD_SPECIAL.search(text) is None:
        folded = text.lower()
        if not any(phrase.lower() in folded for phrase in _note_phrases()):
            return found
    found += [(m.group(0).lower(), m.start(), m.end()) for m in research_note_pattern().finditer(text)]
    return sorted(found, key=lambda f: f[1])


def research_note_excerpts(text: str, width: int = 60) -> list[tuple[str, str]]:
    """Each research note in a text as (phrase, excerpt): the phrase lower-cased and up to `width` characters
    either side of it, whitespace collapsed, with '…' where the text was cut; one per phrase, the first found.

    A consultant reading a refused build sees which sentence carries the note, not only its phrase."""
    found: dict[str, str] = {}
    for phrase, first, last in _note_matches(text):
        if phrase in found:
            continue
        start, end = max(0, first - width), min(len(text), last + width)
        excerpt = " ".join(text[start:end].split())
        found[phrase] = ("…" if start else "") + excerpt + ("…" if end < len(text) else "")
    return list(found.items())


@dataclass(frozen=True)
class Finding:
    section: str
    message: str

    def __str__(self) -> str:
        return f"section '{self.section}': {self.message}"


@functools.cache
def foreign_markers(province: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern matching any other province's law marker, and marker → that province; built once."""
    owners = {marker: other for other in available_provinces() if other != province
              for marker in load_legislation(other).markers}
    alternatives = sorted(owners, key=len, reverse=True)  # the longest marker wins where two overlap
    return re.compile("|".join(_marker_pattern(m).pattern for m in alternatives)), owners


def _marker_pattern(marker: str) -> re.Pattern[str]:
    """A marker matched as a whole token and case-sensitively: 'NS Reg' must not match 'SIGNS Regularly'. The
    opening boundary is a look-behind after the first character, as in `_note_branch` (`O(?<!\\w.)HSR` is
    `\\bOHSR`): an alternation of markers then starts with literals, and the engine looks only at the positions
    holding a marker's first character (the law check's scan in under a third of the time)."""
    head = r"(?<!\w.)" if marker[:1].isalnum() else ""
    tail = r"\b" if marker[-1:].isalnum() else ""
    return re.compile(re.escape(marker[:1]) + head + re.escape(marker[1:]) + tail)


def _mentions(text: str, value: str) -> bool:
    return escape_md(value) in text or value in text


def intake_values(plan: Plan) -> list[str]:
    """Every text the client wrote in the intake (any field), as typed and as escaped for Markdown."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, str):
            found.update((node, escape_md(node)))
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(plan.intake.model_dump(mode="json"))
    return sorted(found, key=len, reverse=True)  # the longest first: a value inside another goes with it


def own_text(plan: Plan, text: str, pattern: re.Pattern[str], values: list[str] | None = None) -> str:
    """`text` with every intake value that matches `pattern` (another province's law marker) blanked out; the
    rest, corpath's own words and the client's other values, is left as it is. `values`, when given, is
    `intake_values(plan)` already computed."""
    for value in intake_values(plan) if values is None else values:
        if pattern.search(value):
            text = text.replace(value, "\ufffc")  # OBJECT REPLACEMENT CHARACTER: matches no marker
    return text


def client_words_blanked(plan: Plan, text: str, values: list[str] | None = None) -> str:
    """`text` with every value the client typed in the intake (six characters or more, so a province code or a
    yes does not blank parts of words) blanked out: a gated word the client wrote is the client's own fact, and
    quoting it back, in any case, needs no other justification. `values`, when given, is `intake_values(plan)`
    already computed. How the values are found fast, and exactly: `blanking.blank_values`."""
    return blank_values(text, intake_values(plan) if values is None else values)


@dataclass(frozen=True)
class IntakeFacts:
    """What the lint reads from the intake for every section, read once per program."""

    values: list[str]  # intake_values(plan)
    unmet: tuple[Mention, ...]  # unmet_mentions(plan)
    # the values that hold another province's law marker, the only ones `own_text` blanks (None: not known)
    foreign: list[str] | None = None

    @classmethod
    def of(cls, plan: Plan) -> IntakeFacts:
        values = intake_values(plan)
        pattern, _ = foreign_markers(plan.intake.company.province.value)
        return cls(values, unmet_mentions(plan), [value for value in values if pattern.search(value)])


def lint_section(plan: Plan, section: RenderedSection, facts: IntakeFacts | None = None) -> list[Finding]:
    """The findings on one section; `facts`, when given, is `IntakeFacts.of(plan)` already computed (a program
    computes it once for all its sections)."""
    facts = IntakeFacts.of(plan) if facts is None else facts
    text = section.body.split(CROSSREF_START, 1)[0]
    sid = section.spec.id
    findings = []
    people = [plan.intake.people.owner, plan.intake.people.coordinator, plan.intake.people.keeper,
              *plan.intake.people.supervisors]
    if not any(_mentions(text, p.name) for p in people):
        findings.append(Finding(sid, "names no responsible person from the intake"))
    if not any(_mentions(text, p.title) for p in people):
        findings.append(Finding(sid, "names no responsible position"))
    if not FREQUENCY.search(text):
        findings.append(Finding(sid, "gives no frequency (daily, weekly, monthly, annually, before each task…)"))
    company = plan.intake.company
    names = [company.legal_name] + ([company.operating_name] if company.operating_name else [])
    if not any(_mentions(text, name) for name in names):
        findings.append(Finding(sid, "does not name the company"))
    own = plan.intake.company.province.value
    worked = {p.value for p in plan.intake.client_requirements.provinces_worked}
    pattern, owners = foreign_markers(own)
    # the footer included; only the values naming a marker can be blanked, so only they are passed when known
    judged = own_text(plan, section.body, pattern, facts.values if facts.foreign is None else facts.foreign)
    for marker in dict.fromkeys(m.group(0) for m in pattern.finditer(judged)):
        if owners[marker] not in worked:  # the law of a province the company works in may be cited
            findings.append(Finding(sid, f"cites {owners[marker]} law ('{marker}') in a {own} program"))
    # a research note is corpath's: what the client typed ("Dan (see acme-roofing.ca)") is the client's own text
    # (most sections hold nothing a note is made of, and are not blanked for it: `notes_impossible`)
    unescaped = section.body.replace("\\", "")
    for phrase in [] if notes_impossible(unescaped) else research_notes(
            client_words_blanked(plan, unescaped, facts.values)):
        findings.append(Finding(sid, f"carries a research note ('{phrase}'); it belongs in review.md"))
    words = plain_text(section.body)
    # the cross-reference quotes the partner's audit questions, which claim nothing about the company
    # and what the client typed (an equipment item "Pump jack and frame scaffolding") is the client's own fact
    judged = client_words_blanked(plan, without_law(plan, plain_text(text)), facts.values)
    gated = {mention.id: mention for mention in facts.unmet}
    for mention, matched in unjustified_mentions(plan, judged, facts.unmet):
        findings.append(Finding(sid, f"mentions '{matched}' ({mention}) but the intake has nothing that calls for it"
                                + unjustified_help(plan.intake, gated[mention].when, matched, judged)))
    # the audit questions quoted claim nothing
    findings.extend(one_person_findings(plan, sid, text, facts.values))
    # a doubled word is judged on corpath's words only: a name ending in a word the sentence repeats ("Gutter
    # Works works on a site") is the client's name, not a template fault
    for artefact in artefacts(words, client_words_blanked(plan, words, facts.values)):
        findings.append(Finding(sid, f"template artefact: {artefact}"))
    return findings


def one_person_findings(plan: Plan, where: str, markdown: str, values: list[str] | None = None,
                        quoted: Iterable[str] = ()) -> list[Finding]:
    """For a one-person company (`is_owner_operator`), a finding at `where` for each phrase of
    `program_templates/one_person.yaml` in corpath's own words of `markdown`: what the client typed is theirs to
    say, and each text of `quoted` (the partner's audit questions, which claim nothing about the company) is
    left out; nothing for any other company. `values` is `intake_values(plan)` when already computed."""
    if not is_owner_operator(plan.intake):
        return []
    text = plain_text(markdown)
    for words in sorted(set(quoted), key=len, reverse=True):
        text = text.replace(words, "\ufffc")
    judged = client_words_blanked(plan, text, values).lower()
    return [Finding(where, f"speaks of people a one-person company does not have ('{phrase}')")
            for phrase in one_person_phrases() if phrase in judged]


_TOOL_NAME = re.compile(r"\bcorpath\b", re.IGNORECASE)


def lint_gap_report(plan: Plan, markdown: str, questions: Iterable[str] = ()) -> list[Finding]:
    """The reviewer lint's one-person check on the gap report's Markdown (`readiness.report.render_report`):
    the report is the client's too, so a one-person company reads no crews or supervisors there either
    (review 7: "book it while crews still work"). `questions` are the audit questions' texts the report
    quotes, left out as the program's cross-references are. Findings are at section 'gap report'.

    It also finds what speaks to the consultant in the client's copy (review 14): an intake field path
    (`client_text.field_paths`) or the tool's name, in corpath's own words (what the client typed is blanked)."""
    own = client_words_blanked(plan, plain_text(markdown))
    # each sentence piece (between full stops and line ends) naming the tool, found piece by piece: one
    # findall of `[^.\n]*\bcorpath\b[^.\n]*` over the report backtracked through every long table row from
    # each of its characters (0.45 s of CPU per client; this takes 2 ms and finds the same pieces)
    leaks = [*field_paths(own), *(piece for piece in re.split(r"[.\n]", own) if _TOOL_NAME.search(piece))]
    return [*one_person_findings(plan, "gap report", markdown, quoted=questions),
            *(Finding("gap report", f"speaks to the consultant, not the client ('{leak.strip()}')") for leak in leaks)]


def lint_program(plan: Plan, program: RenderedProgram) -> list[Finding]:
    """Findings for every section written from templates; a client's own override is reported, not judged."""
    findings: list[Finding] = []
    facts = IntakeFacts.of(plan)
    for section in program.sections:
        if section.from_override:
            continue
        findings.extend(lint_section(plan, section, facts))
    return findings


def enforce(plan: Plan, program: RenderedProgram) -> None:
    findings = lint_program(plan, program)
    if findings:
        raise LintError(
            "the reviewer lint failed; the program would read as boilerplate or cite the wrong law:\n"
            + "\n".join(f"  {f}" for f in findings)
        )
