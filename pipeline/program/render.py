"""Render Markdown sections from Jinja templates, with every intake value escaped for pandoc's Markdown.

Intake text is data, never markup: a company called `Smith & Sons <Roofing> *Star* #1 | {{ x }}` must come
out exactly as typed. Every `{{ value }}` goes through `finalize`, which backslash-escapes ASCII
punctuation (pandoc reads `\\*` as a literal star, `\\|` as a literal bar inside a table cell, `\\<` as a
literal angle bracket) and turns newlines into hard line breaks. Template code never sees intake text as
code: Jinja does not re-evaluate values, so `{{ x }}` typed in a name stays text. Filters that build
Markdown structure (tables, lists) escape their inputs themselves and return `Trusted` text, which
`finalize` leaves alone.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
)

from .. import language
from ..errors import InputError, Problem
from ..intake.model import EquipmentType
from ..intake.vocabulary import ACTIVITY_WORK, site_gas
from ..practices.courses import renewal_months, same_course
from ..practices.lapse import lapsed
from ..protocols.packs import TEMPLATES
from ..usercache import bytecode_cache
from .conditions import ENGINE_WORDS, FUEL_WORDS, names_several, powder_actuated
from .template_words import lower_case_words

_PUNCT = set(string.punctuation)


class Trusted(str):
    """Markdown built by corpath itself (tables, lists) from already-escaped parts: not escaped again."""


# every ASCII punctuation character escaped, and a line end made a hard line break (a backslash at its end)
_ESCAPES = str.maketrans({**{ch: "\\" + ch for ch in _PUNCT}, "\n": "\\\n"})


def escape_md(text: str) -> str:
    """Escape plain text so pandoc's Markdown reader gives back exactly the same characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    escaped = text.translate(_ESCAPES)  # one pass in C: a program escapes some 4,000 values
    # leading or trailing spaces would be dropped or read as code indentation; non-breaking keeps them literal
    return escaped.strip(" ")


# a backslash escape; `"".join(_ESCAPED.split(text))` is `_ESCAPED.sub(r"\1", text)` (split keeps the escaped
# characters between the pieces) in a quarter of the time: Python 3.11 expands a template match by match in Python
_ESCAPED = re.compile(r"\\(.)")


def unescape_md(markdown: str) -> str:
    """`markdown` with every backslash escape replaced by the character it escapes (`\\*` → `*`, `\\\\` → `\\`);
    what a reader sees of the escapes `escape_md` writes. A backslash ending a line (a hard break) is kept."""
    return "".join(_ESCAPED.split(markdown)) if "\\" in markdown else markdown


def escape_cell(text: str) -> str:
    """Escape for a pipe-table cell: a newline cannot live in a cell, so it becomes a space."""
    return escape_md(" ".join(str(text).splitlines()))


def _finalize(value: Any) -> Any:
    if isinstance(value, Trusted):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, date):
        return escape_md(format_date(value))
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        return escape_md(words(value.value))
    return escape_md(str(value))


def format_date(value: date | None) -> str:
    if value is None:
        return ""
    return f"{value.strftime('%B')} {value.day}, {value.year}"


def words(identifier: str) -> str:
    """`work_at_heights` → `work at heights`."""
    return identifier.replace("_", " ")


def frequency_words(value: Any, form: str = "adverb") -> str:
    """How often, as a phrase that fits the sentence (language.frequency): `biweekly` → `every two weeks`."""
    return language.frequency(value, form)


def md_table(rows: Iterable[Sequence[Any]], headers: Sequence[str]) -> Trusted:
    """A pipe table; every cell is escaped (headers too, they may carry intake text)."""
    head = "| " + " | ".join(escape_cell(h) for h in headers) + " |"
    rule = "|" + "|".join("---" for _ in headers) + "|"
    body = [
        "| " + " | ".join(escape_cell(_cell_text(c)) for c in row) + " |"
        for row in rows
    ]
    return Trusted("\n".join([head, rule, *body]) + "\n")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return format_date(value)
    if hasattr(value, "value") and isinstance(value.value, str):
        return words(value.value)
    return str(value)


def md_list(items: Iterable[Any], numbered: bool = False) -> Trusted:
    """A bullet (or numbered) list; each item escaped."""
    lines = []
    for i, item in enumerate(items, start=1):
        marker = f"{i}." if numbered else "-"
        lines.append(f"{marker} {_finalize(item)}")
    return Trusted("\n".join(lines) + "\n") if lines else Trusted("")


def join_words(items: Iterable[Any], conjunction: str = "and") -> Trusted:
    """`['a', 'b', 'c']` → `a, b and c`, each part escaped (inflect's list joining)."""
    return Trusted(language.join((str(_finalize(i)) for i in items), conjunction))


def join_plain(items: Iterable[Any], conjunction: str = "and") -> str:
    """`['a', 'b (c)']` → `a and b (c)` as plain text, NOT escaped: for a phrase built with `~` into a value
    that is escaped once later (a table cell, a list item). `join_words`' escaped output concatenated with `~`
    becomes a plain string again and would be escaped a second time, printing its backslashes ("trucking
    \\(hired haulers\\)" in a table cell, review 9)."""
    return language.join((_plain(i) for i in items), conjunction)


def with_article(phrase: Any) -> str:
    """`electrical contractor` → `an electrical contractor`: the article chosen from the phrase's sound.

    Plain text in, plain text out (escaped when printed); already-escaped Markdown (`Trusted`, such as the
    output of join_words) stays Trusted, so nothing is escaped twice.
    """
    art = language.article(_plain(phrase))
    return Trusted(f"{art} {phrase}") if isinstance(phrase, Trusted) else f"{art} {_plain(phrase)}"


def definite(name: Any) -> str:
    """A proper name with "the" unless it starts with one (`The Saskatchewan Employment Act` is left alone);
    Trusted stays Trusted, as for `with_article`."""
    text = _plain(name)
    prefix = "" if language.definite(text) == text else "the "
    return Trusted(prefix + name) if isinstance(name, Trusted) else prefix + text


def count(n: int, noun: str) -> str:
    """`6 | count("worker")` → `six workers`; `1` → `one worker`; plain text, escaped when printed."""
    return language.count(int(n), noun)


def plural(noun: Any, n: int = 2) -> str:
    """`"record" | plural(n)`: the noun's form for n of them; plain text, escaped when printed."""
    return language.plural(_plain(noun), int(n))


def oneline(value: Any) -> str:
    """A multi-line value (an address) on one line, its lines joined by commas, for use inside a sentence."""
    return ", ".join(line.strip().rstrip(",") for line in _plain(value).splitlines() if line.strip())


def _plain(value: Any) -> str:
    if hasattr(value, "value") and isinstance(value.value, str):
        return words(value.value)
    return "" if value is None else str(value)


def person(p: Any) -> Trusted:
    """`Dan Kowalski (Owner)`."""
    if p is None:
        return Trusted("")
    return Trusted(f"{escape_md(p.name)} ({escape_md(p.title)})")


_GLOSS = re.compile(r"\s\(([^()]*)\)")


def cite(requirement: Any) -> Trusted:
    """A requirement's citation as ` (citation)`, WITH its leading space, or nothing at all.

    Templates write it straight after the word it supports (`committee{{ law.committee | cite }}.`), so a
    requirement without a citation leaves no stray space before the full stop or colon. Client text carries no
    confidence label: a requirement whose source is missing or weak is stated with its citation like any
    other, and listed for the consultant in the delivery's review.md.
    """
    if requirement is None or not getattr(requirement, "citation", None):
        return Trusted("")
    # the citation goes in brackets, so a bracketed gloss inside it ("Regulation 1101 (First Aid Requirements)")
    # becomes a comma's ("Regulation 1101, First Aid Requirements"); a subsection such as s.14(10) is kept
    citation = _GLOSS.sub(r", \1", str(requirement.citation))
    return Trusted(f" ({escape_md(citation)})")


def fill(pattern: str, **slots: Any) -> Trusted:
    """A sentence of the templates' data with `{slot}`s filled: the data's own words escaped, each slot's value
    escaped unless already Trusted (join_words' output), so intake text stays text. A slot whose value already
    ends in "work" is not followed by the pattern's " work" ("sheet metal ductwork work", review 21). A slot the
    pattern names and the call does not give raises KeyError (the module model checks its slots when it loads)."""
    out: list[str] = []
    last = ""
    for literal, name, _, _ in string.Formatter().parse(pattern):
        if last.endswith("work") and re.match(r" work\b", literal):
            literal = literal[len(" work"):]
        out.append("".join("\\" + ch if ch in _PUNCT else ch for ch in literal))  # spaces kept at the ends
        last = ""
        if name is not None:
            last = str(_finalize(slots[name]))
            out.append(last)
    return Trusted("".join(out))


def stated(requirement: Any) -> Trusted:
    """A legal requirement's text with its citation inside the last sentence: `... 2 years (OHS Code s.19).`

    The citation never dangles after the full stop, and a requirement without one ends at its own full stop.
    """
    if requirement is None:
        return Trusted("")
    text = str(requirement.text).strip()
    source = cite(requirement)
    if text.endswith(".") and source:
        return Trusted(escape_md(text[:-1]) + source + ".")
    return Trusted(escape_md(text) + source)


# the three rights summed up in one sentence, as several provinces' data opens `worker_rights`
_RIGHTS_SUMMARY = re.compile(r"^(?:Workers|Employees) have the right to know, the right to participate and the right "
                             r"to refuse(?: (?:unsafe|dangerous) work)?\.\s*")


def stated_beyond_rights(requirement: Any) -> Trusted:
    """`stated(requirement)` for the province's workers' rights, without the opening sentence that sums up the
    right to know, to participate and to refuse: the program lists the three rights just above, and saying them
    again in one sentence reads as boilerplate (review 6). What the law's text says beyond that sentence (how
    a refusal is dealt with) is stated with its citation; an empty text when nothing is left."""
    if requirement is None:
        return Trusted("")
    text = str(requirement.text).strip()
    rest = _RIGHTS_SUMMARY.sub("", text, count=1)
    if not rest:
        return Trusted("")
    return stated(requirement.model_copy(update={"text": rest}) if rest != text else requirement)


def make_environment(search_path: Sequence[Path]) -> Environment:
    """The one Jinja environment factory: strict, confined to program_templates, filters in one place.

    Environments are cached per search path, so a batch compiles each template once per process; the compiled
    code is also kept in the user cache folder (Jinja's own bytecode cache, which checks each template's
    source before using it), so a cold start does not compile the program's sections again: about 0.7 s.
    """
    return _environment(tuple(Path(p) for p in search_path))


@functools.cache
def _environment(search_path: tuple[Path, ...]) -> Environment:
    for folder in search_path:
        resolved = folder.resolve()
        if TEMPLATES.resolve() not in (resolved, *resolved.parents):
            raise ValueError(f"template folder outside program_templates: {folder}")
    env = Environment(
        loader=FileSystemLoader([str(p) for p in search_path]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        finalize=_finalize,
        bytecode_cache=bytecode_cache("jinja-sections"),
    )
    env.filters.update(
        md_table=md_table,
        md_list=md_list,
        join_words=join_words,
        join_plain=join_plain,
        a=with_article,
        the=definite,
        count=count,
        plural=plural,
        possessive=language.possessive,
        number=lambda n: language.number(int(n)),
        oneline=oneline,
        person=person,
        cite=cite,
        stated=stated,
        stated_beyond_rights=stated_beyond_rights,
        fill=fill,
        frequency=frequency_words,
        words=words,
        activity_work=lambda value: ACTIVITY_WORK.get(str(value), words(str(value))),
        date=format_date,
        trusted=Trusted,
        solo_renewal=solo_renewal,
        solo_who=solo_who,
        period_words=period_words,
        in_sentence=lambda name: language.in_sentence(str(name), common_words()),
        duration=language.duration,
        capitalize=lambda text: type(text)(language.capitalized(text)) if isinstance(text, Trusted)
        else language.capitalized(text),
    )
    env.tests["electronic"] = language.electronic
    # `product is site_gas`: hydrogen sulphide listed as a product is a site hazard, with no safety data sheet to get
    env.tests["site_gas"] = lambda product: site_gas(product.name, product.use)
    # `name is powder_actuated`, `name is several_tools`: a power tool's pre-use check follows its kind
    env.tests.update(powder_actuated=powder_actuated, several_tools=names_several)
    # `listed is same_course(held)`: the training matrix lists a course the intake names once
    env.tests["same_course"] = lambda listed, held: same_course(str(held), str(listed))
    env.filters["lapsed"] = lapsed  # `p | lapsed(today, catalogue)`: a stopped practice's newest record month
    # `held is same_course_of(listed)`: the same test from the intake's side, for selectattr over people.training
    env.tests["same_course_of"] = lambda held, listed: same_course(str(held), str(listed))
    # `renewal is stating_a_period`: a renewal that says how often ("every 3 years"), not "as the certificate says"
    env.tests["stating_a_period"] = lambda renewal: renewal_months(str(renewal)) is not None
    return env


@functools.cache
def common_words() -> frozenset[str]:
    """Every word the program's templates and data write in lower case, and the words of the intake's equipment
    types: the vocabulary that tells a common noun in a client's equipment name ("Extension ladders") from a
    brand ("Kubota excavator")."""
    words = set(lower_case_words([*TEMPLATES.rglob("*.yaml"), *TEMPLATES.rglob("*.j2")]))  # cached by content
    words.update(part for kind in EquipmentType for part in kind.value.split("_"))
    # the fuels and engines the conditions name: a product typed "Gasoline" reads "gasoline" mid-sentence
    words.update(part for word in (*FUEL_WORDS, *ENGINE_WORDS) for part in word.split() if part.isalpha())
    return frozenset(words)


_TOOLBOX_REFRESHER = re.compile(r"with a toolbox meeting")
_AT_TOOLBOX = re.compile(r",? at a toolbox meeting")
# "Every worker" or "Every worker and supervisor": a one-person company has no supervisor but the owner, and
# "anyone hired later" takes in whoever it hires ("<owner> and anyone hired later and supervisor who…" read
# as a broken subject); a trailing ", and supervisors" goes for the same reason
_EVERY_WORKER = re.compile(r"^Every worker(?: and supervisor)?\b|^(?:Qualified w|W)orkers(?= who\b)")
# the verbs after "who": one ("use the product") or a list ("service, clean or adjust equipment")
_VERBS = re.compile(r"(\w+)((?:, \w+)+,? (?:or|and) \w+)?(?=\s|$)")
_AND_SUPERVISORS = re.compile(r",? and (?:their )?supervisors$")


# a course renewed on its own period, with a crew's toolbox refresher on another ("Every three years, with a
# toolbox meeting each season"): a one-person company holds no toolbox meeting, and two periods for one course
# read as two renewals
_SECOND_PERIOD = re.compile(r",\s*(?:with|refreshed at) a toolbox meeting (?:each|every) \w+$")


def solo_renewal(renewal: str) -> str:
    """A training's renewal for a one-person company, which holds no toolbox meeting: "At orientation and
    every year at a toolbox meeting" → "At orientation and every year"; a course with its own period loses the
    crew's toolbox refresher ("Every three years, with a toolbox meeting each season" → "Every three years"),
    so one course has one renewal period. The course's period is unchanged."""
    if renewal.startswith("Every "):
        renewal = _SECOND_PERIOD.sub("", renewal)
    return _AT_TOOLBOX.sub("", _TOOLBOX_REFRESHER.sub("with a refresher", renewal))


_DIGIT_PERIOD = re.compile(r"\b(every|each)\s+(\d+)(?=\s+(?:years?|months?|weeks?|days?)\b)", re.IGNORECASE)


def period_words(renewal: str) -> str:
    """A renewal the intake states, as the program writes its own: capitalised, a period's small number in words
    ("every 3 years" → "Every three years", as `language.number` spells counts; "every 12 months" stays), so one
    table does not say "Every 3 years" beside "Every three years" (review 19)."""
    spelled = _DIGIT_PERIOD.sub(lambda m: f"{m[1]} {language.number(int(m[2]))}", renewal)
    return language.capitalized(spelled)


def solo_who(who: str, owner: str) -> str:
    """Who needs a training, for a one-person company: "Every worker who uses a ladder" (or "Every worker and
    supervisor who…", "Workers who…") → "<owner> and anyone hired later who uses a ladder" (each verb of a list
    made singular: "who services, cleans or adjusts"); "Qualified workers who…" → "<owner> and any qualified
    worker hired later who…"; "Every worker who
    works outdoors, and supervisors" (or ", and their supervisors") → "<owner> and anyone hired later who works
    outdoors"; "Supervisors" alone → "<owner>, who supervises the company's own work" (the owner is the only
    supervisor, as the supervisor safety training's row says); other wording is left as written."""
    if who == "Supervisors":
        return f"{owner}, who supervises the company's own work"
    if not _EVERY_WORKER.match(who):
        return who
    subject, _, rest = who.partition(" who ")
    if subject in ("Workers", "Qualified workers"):  # "anyone hired later who" takes a singular verb: "who do" →
        # "who does", "who service, clean or adjust" → "who services, cleans or adjusts"
        verbs = _VERBS.match(rest)
        if verbs:
            said = re.sub(r"\w+", lambda w: w[0] if w[0] in ("or", "and") else _third_person(w[0]), verbs[0])
            who = f"{subject} who {said}{rest[verbs.end():]}"
    later = "any qualified worker hired later" if subject == "Qualified workers" else "anyone hired later"
    return _AND_SUPERVISORS.sub("", _EVERY_WORKER.sub(f"{owner} and {later}", who))


_MODALS = frozenset({"may", "can", "must", "will", "might", "should", "could", "would", "shall"})
_IRREGULAR = {"do": "does", "have": "has", "are": "is", "go": "goes"}


def _third_person(verb: str) -> str:
    """A plural present-tense verb in its third-person singular form: "use" → "uses", "apply" → "applies",
    "do" → "does"; a modal ("may") is the same for both."""
    if verb in _MODALS:
        return verb
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if re.search(r"(?:s|sh|ch|x|z)$", verb):
        return verb + "es"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    return verb + "s"


def nest_parentheses(markdown: str) -> str:
    """Parentheses inside parentheses become square brackets, as English nests them: a template's
    "(... {{ value }})" around an intake value that has its own "(copies in the van)" reads
    "(Parkland's FLHA pads [copies in the van])". Works on escaped Markdown, line by line, outside raw blocks;
    a citation's "s.8(1)" or a link's "](" (an opening parenthesis glued to the character before it) is left
    as it is. Raises nothing; a line with unbalanced parentheses is changed only where the nesting is clear."""
    lines, fenced = markdown.split("\n"), False
    for n, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
        if fenced or line.count("(") < 2:  # one parenthesis, escaped or not, opens no nesting: the line stays
            continue
        out: list[str] = []
        stack: list[str] = []  # per open parenthesis: "prose", "glued" (citation, link) or "bracket"
        i = 0
        while i < len(line):
            escaped = line[i] == "\\" and i + 1 < len(line)
            ch = line[i + 1] if escaped else line[i]
            token = line[i:i + 2] if escaped else ch
            before = line[i - 1] if i > 0 else " "
            if ch == "(":
                if not (before.isspace() or before in "\"“"):
                    stack.append("glued")
                elif "prose" in stack or "bracket" in stack:
                    stack.append("bracket")
                    token = "\\["
                else:
                    stack.append("prose")
            elif ch == ")" and stack:
                if stack.pop() == "bracket":
                    token = "\\]"
            out.append(token)
            i += 2 if escaped else 1
        lines[n] = "".join(out)
    return "\n".join(lines)


_BLANKS = re.compile(r"\n{3,}")
# a value ending in a full stop ("Acme Roofing Ltd.") at the end of a template's sentence gives "Ltd\.."
_DOUBLE_STOP = re.compile(r"(?<=\\\.)\.(?!\.)")


def tidy(markdown: str) -> str:
    """Collapse runs of blank lines left by template control lines, and a doubled full stop after a value
    that ends with one; end with one newline."""
    markdown = _DOUBLE_STOP.sub("", markdown)
    return _BLANKS.sub("\n\n", markdown).strip("\n") + "\n"


def render_template(env: Environment, name: str, context: dict[str, Any]) -> str:
    """Render one template; a broken or missing template is reported by file and line."""
    try:
        template = env.get_template(name)
    except TemplateNotFound:
        raise InputError([Problem(name, None, None, "", "template not found in " + ", ".join(
            str(Path(p)) for p in env.loader.searchpath))]) from None  # type: ignore[union-attr]
    except TemplateSyntaxError as exc:
        problem = Problem(exc.filename or name, exc.lineno, None, "", f"template error: {exc.message}")
        raise InputError([problem]) from None
    return tidy(nest_parentheses(template.render(**context)))
