"""Which of a certifying partner's required courses (the protocol pack's `courses`) the intake shows taken.

An intake names a course as the client calls it ("SECOR Training", "Auditor Training"); the pack names it as the
partner does ("CSAM SECOR training (3 modules)"). A taken course counts toward a required one when its name is
the partner's (before the details in parentheses; "X or Y" gives two names), begins it, or is one of the
course's `aliases` in the pack (names that certainly mean the same course). A name that shares a distinctive
word with the partner's but is not certainly the same course (Auditor Training / COR Internal Auditor course) is
neither credited nor called missing, nor is a course of the intake that names the certificate as one of the
partner's courses does ("COR 2020 Orientation" / "COR Essentials") when no distinctive word matched: the consultant
confirms it (`corpath validate` advises renaming it to the
partner's exact name). A current first aid certificate of `people.first_aiders` can only be such a close match
(a course "First Aid and WHMIS" asks more than first aid). A course on another partner's list counts toward
this partner's only through this pack's aliases; review.md says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .. import language
from ..errors import NoPartnerError
from ..intake.model import Intake
from ..protocols.certificate import recommend
from ..protocols.pack_model import Course
from ..protocols.packs import find_pack, latest_packs

# Words that do not tell one course from another: a shared one makes no close match.
GENERIC_WORDS = frozenset(
    "a an and the of for in on to with course courses training program programme certificate certification "
    "safety health occupational level day days module modules online co requisite cor secor part".split())


def _plain(name: str) -> str:
    """Lower case, without the details in parentheses and punctuation: 'CSAM SECOR training (3 modules)' →
    'csam secor training'."""
    return " ".join(re.sub(r"[^\w\s-]", " ", re.sub(r"\([^)]*\)", " ", name.lower())).split())


def course_names(course: Course) -> list[str]:
    """The plain names a required course goes by: each of the partner's ('X, or Y' gives two) and its aliases."""
    plain = re.sub(r"\([^)]*\)", " ", course.name.lower())
    parts = [_plain(p) for p in re.split(r",?\s+or\s+(?:the\s+)?", plain) if p.strip()]
    return [p for p in parts if p] + [_plain(a) for a in course.aliases]


def _same(taken: str, names: list[str]) -> bool:
    return any(taken == n or n.startswith(taken + " ") or taken.startswith(n + " ") for n in names)


def _words(name: str) -> set[str]:
    return {w for w in re.split(r"[\s-]+", name) if w and w not in GENERIC_WORDS and not w.isdigit()}


def _close(taken: str, names: list[str]) -> bool:
    return any(_words(taken) & _words(n) for n in names)


# The certificate's own words: too common to tell one of a partner's courses from another (so GENERIC_WORDS), yet a
# course the client took under a name with one of them ("COR 2020 Orientation") is likely one of the partner's
# certificate courses that names it too, so it is asked about, never credited, when no distinctive word matched.
PROGRAM_WORDS = frozenset({"cor", "secor"})


def _names_program(taken: str, names: list[str]) -> bool:
    return any(PROGRAM_WORDS & set(taken.split()) & set(n.split()) for n in names)


# A standard's code in a course's name ("Arc flash awareness (CSA Z462)"): two names citing the same one are the
# same course, whatever else they say. And the acronyms that name one course each, whatever words surround them
# ("WHMIS 2015", "WHMIS worker education and training").
_STANDARD = re.compile(r"\b(?:CAN/)?(CSA|ANSI|NFPA|CGSB|ISO)[\s/-]*([A-Z]?\d+(?:[.-]\d+)*)", re.IGNORECASE)
ONE_COURSE_ACRONYMS = frozenset({"whmis", "tdg"})


def _standards(name: str) -> set[tuple[str, str]]:
    return {(m[1].upper(), m[2].upper()) for m in _STANDARD.finditer(name)}


# A level of one course the program names without it ("Ground Disturbance Level II", "Ground Disturbance 201" for
# the program's "Ground disturbance training"): the level words after the program's own name
_LEVEL = re.compile(r"(?:level |lvl )?(?:[ivx]{1,4}|\d{1,3})")
# the words a program's course name ends with that are not the subject ("Ground disturbance training")
_COURSE_TAIL = re.compile(r" (?:training|course|certificate|certification|ticket)$")


def _a_level_of(held: str, listed: str) -> bool:
    """`held` (plain) is the program's `listed` course (plain, its trailing 'training' or 'course' left out) at a
    level: 'ground disturbance level ii' / 'ground disturbance training' (review 16)."""
    core = _COURSE_TAIL.sub("", listed)
    return core != listed and held.startswith(core + " ") and bool(_LEVEL.fullmatch(held[len(core) + 1:]))


def same_course(held: str, listed: str) -> bool:
    """Whether a course the intake lists (`people.training`, as the client calls it) is a course the program
    already lists under its own name (`listed`): the client's name inside the program's, the same name before
    the details in parentheses or one beginning the other ("Fall protection" / "Fall protection training"), a
    level of the program's course ("Ground Disturbance Level II" / "Ground disturbance training"), the same
    standard code ("Arc flash awareness (CSA Z462)" / "Arc flash and electrical safety (CSA Z462)"), or an
    acronym that names one course in both ("WHMIS 2015" / "WHMIS worker education and training")."""
    if held.lower() in listed.lower() or _same(_plain(held), [_plain(listed)]):
        return True
    if _a_level_of(_plain(held), _plain(listed)):
        return True
    if _standards(held) & _standards(listed):
        return True
    return bool(ONE_COURSE_ACRONYMS & set(_plain(held).split()) & set(_plain(listed).split()))


_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10, "a": 1}
_PERIOD = re.compile(r"\b(?:every|each)\s+(\d+|one|two|three|four|five|six|ten|a)?\s*(year|month)s?\b"
                     r"|\b(annually|yearly|monthly)\b", re.IGNORECASE)


def renewal_months(renewal: str | None) -> int | None:
    """The renewal period a training's renewal text states, in months ("every 3 years" and "Every three years,
    and when the procedure changes" → 36; "annually" and "reviewed every year" → 12); None when it states none
    ("Before first use and when the SDS changes")."""
    m = _PERIOD.search(renewal or "")
    if m is None:
        return None
    if m[3]:
        return 1 if m[3].lower() == "monthly" else 12
    said = (m[1] or "1").lower()
    count = int(said) if said.isdigit() else _NUMBERS[said]
    return count * (12 if m[2].lower() == "year" else 1)


@dataclass(frozen=True)
class Taken:
    """A course or certificate the intake shows: its name as the intake gives it, who holds it, and where the
    intake says so (`field`, e.g. 'certificate.courses[0].name')."""

    name: str
    person: str
    field: str
    completed: date | None = None


@dataclass(frozen=True)
class CourseMatch:
    """The required courses against the intake: `done` (required course, the taken one credited), `to_confirm`
    (required course, a taken one close to it but not certainly the same), `missing` (nobody has taken them),
    and `other` (taken courses that are none of the required, each with the other partners whose lists have it:
    none when this partner requires no course)."""

    done: list[tuple[Course, Taken]] = field(default_factory=list)
    to_confirm: list[tuple[Course, Taken]] = field(default_factory=list)
    missing: list[Course] = field(default_factory=list)
    other: list[tuple[Taken, list[str]]] = field(default_factory=list)


def taken_courses(intake: Intake, today: date) -> list[Taken]:
    """The intake's courses (`certificate.courses`), then its first aiders' certificates current on `today`."""
    taken = [Taken(c.name, c.person, f"certificate.courses[{i}].name", c.completed)
             for i, c in enumerate(intake.certificate.courses)]
    taken += [Taken(a.certificate, a.name, f"people.first_aiders[{i}].certificate")
              for i, a in enumerate(intake.people.first_aiders) if a.expires is None or a.expires >= today]
    return taken


def match_courses(courses: list[Course], intake: Intake, today: date,
                  elsewhere: dict[str, list[Course]] | None = None) -> CourseMatch:
    """Match the partner's required `courses` with the intake's (`taken_courses`); each taken course counts
    once, certain matches before close ones. `elsewhere` maps another partner's abbreviation to its courses:
    a taken course on no list of this partner but on some of those is reported with those partners' names."""
    pool = taken_courses(intake, today)
    match = CourseMatch()
    open_courses = []
    for course in courses:
        names = course_names(course)
        hit = next((t for t in pool if t.field.startswith("certificate.") and _same(_plain(t.name), names)), None)
        if hit is None:
            open_courses.append(course)
        else:
            pool.remove(hit)
            match.done.append((course, hit))
    for close in (_close, _names_program):
        still_open = []
        for course in open_courses:
            hit = next((t for t in pool if (close is _close or t.field.startswith("certificate."))
                        and close(_plain(t.name), course_names(course))), None)
            if hit is None:
                still_open.append(course)
            else:
                pool.remove(hit)
                match.to_confirm.append((course, hit))
        open_courses = still_open
    match.missing.extend(open_courses)
    for t in pool:
        if t.field.startswith("certificate."):
            partners = [abbr for abbr, theirs in (elsewhere or {}).items()
                        if courses and any(_same(_plain(t.name), course_names(c)) for c in theirs)]
            match.other.append((t, partners))
    return match


def other_partners_courses(abbreviation: str, on: date) -> dict[str, list[Course]]:
    """Every other partner's required courses (its newest pack in effect on `on`), by its abbreviation."""
    found: dict[str, list[Course]] = {}
    for loaded in latest_packs(on=on):
        if loaded.pack.partner.abbreviation != abbreviation:
            found.setdefault(loaded.pack.partner.abbreviation, []).extend(
                c for p in loaded.pack.programs for c in p.courses)
    return found


def course_advice(match: CourseMatch, partner: str) -> list[str]:
    """Advice lines (`field: message`, as `corpath validate` prints them): each course of the intake close to
    one `partner` requires but not certainly the same, and each on another partner's list only."""
    close = [f"{t.field}: '{t.name}' ({t.person}) is close to {partner}'s '{c.name}' but not certainly the same "
             f"course; if it is that course, rename it '{c.name.split(' (')[0]}', so the gap report credits it"
             for c, t in match.to_confirm if t.field.startswith("certificate.")]
    lists = [(t, others, "list" if len(others) == 1 else "lists") for t, others in match.other if others]
    return close + [f"{t.field}: '{t.name}' ({t.person}) is on the course {word} of {language.join(others)}, not "
                    f"{partner}'s: it does not count toward {partner}'s required courses unless {partner} recognises "
                    "it" for t, others, word in lists]


def intake_course_advice(intake: Intake, today: date) -> list[str]:
    """`course_advice` for the program `corpath recommend` chooses (none for a province without a program or an
    industry without a partner): what `corpath validate` and `corpath build` print under the intake's ok."""
    try:
        decision = recommend(intake)
    except NoPartnerError:
        return []
    if decision.partner_id is None:
        return []
    pack = find_pack(decision.partner_id).pack
    program = next((p for p in pack.programs if p.id == decision.program_id), None)
    if program is None:
        return []
    partner = pack.partner.abbreviation
    return course_advice(match_courses(program.courses, intake, today, other_partners_courses(partner, today)),
                         partner)
