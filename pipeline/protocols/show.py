"""A protocol pack shown to a consultant: `corpath protocols show` as JSON and as text.

Every rule is printed with its provenance (source and confidence, UNVERIFIED where it applies), and the
elements with their question counts and points.
"""

from __future__ import annotations

from typing import Any

from .certificate import describe_size
from .packs import AUDITOR_WORDS, DEADLINE_WORDS, LoadedPack, iter_facts


def summarise_pack(loaded: LoadedPack) -> dict[str, Any]:
    """A pack as `corpath protocols show --json` prints it: rules with provenance, elements with question counts."""
    pack = loaded.pack
    elements = []
    for element in pack.elements:
        elements.append({
            "id": element.id, "name": element.name, "confidence": element.confidence.value,
            "source": element.source, "note": element.note, "questions": len(element.questions),
            "points": sum(q.points for q in element.questions if not q.activities),
            "by_program": {p.id: sum(1 for q in element.questions if q.applies_to(p.id)) for p in pack.programs},
        })
    return {
        "partner": pack.partner.model_dump(mode="json"),
        "version": pack.version,
        "effective": pack.effective.isoformat(),
        "path": str(loaded.path),
        "sha256": loaded.sha256,
        "elements_note": pack.elements_note.model_dump(mode="json"),
        "notes": list(pack.notes),
        "changelog": [entry.model_dump(mode="json") for entry in pack.changelog],
        "programs": [p.model_dump(mode="json") for p in pack.programs],
        "instrument": instrument_summary(loaded),
        "elements": elements,
        "unverified": [path for path, fact in iter_facts(pack) if fact.unverified],
    }


def instrument_summary(loaded: LoadedPack) -> dict[str, Any] | None:
    """The shared audit instrument a pack takes its elements from: how many questions corpath holds of how many."""
    instrument = loaded.instrument
    if instrument is None:
        return None
    return {
        "id": instrument.id, "name": instrument.name, "owner": instrument.owner, "version": instrument.version,
        "published": instrument.published.isoformat() if instrument.published else None,
        "partners": list(instrument.partners), "questions": instrument.question_count,
        "questions_published": instrument.questions_published.model_dump(mode="json"),
        "complete": instrument.complete, "points": instrument.points.model_dump(mode="json"),
        "source": instrument.source, "confidence": instrument.confidence.value, "note": instrument.note,
    }


def instrument_lines(loaded: LoadedPack) -> list[str]:
    """The instrument line of `protocols show`: whose, which version, and whether corpath has every question."""
    instrument = loaded.instrument
    assert instrument is not None
    published = instrument.questions_published
    held = (f"all {instrument.question_count} questions" if instrument.complete else
            f"{instrument.question_count} questions of {published.value}" if published.value is not None else
            f"{instrument.question_count} questions; the instrument's own count is not known, so the list may be "
            "partial")
    when = f", {instrument.published.isoformat()}" if instrument.published else ""
    return [f"Instrument: {instrument.name} {instrument.version}{when} ({instrument.id}), used by "
            f"{', '.join(instrument.partners)}: {held} {published.provenance}",
            f"  {instrument.note or ''} {instrument.provenance}"]


def pack_lines(loaded: LoadedPack) -> list[str]:
    """`protocols show` as text: every rule with its provenance, and a note line where the pack has one."""
    pack = loaded.pack
    partner = pack.partner
    lines = [
        f"{partner.abbreviation}: {partner.name} ({partner.id})",
        f"Protocol {pack.version}, effective {pack.effective.isoformat()}; provinces "
        f"{' '.join(p.value for p in partner.provinces)}; industries {' '.join(i.value for i in partner.industries)}"
        f"; default partner: {'yes' if partner.default else 'no'}",
    ]
    if partner.scheme:
        lines.append(f"Scheme: {partner.scheme}")
    lines += [f"File: {loaded.path} (sha256 {loaded.sha256[:12]})",
              f"Elements: {pack.elements_note.note or ''} {pack.elements_note.provenance}"]
    if loaded.instrument is not None:
        lines += instrument_lines(loaded)
    points = loaded.points_basis
    lines.append(f"Points: {points.statement} {points.note or ''} {points.provenance}".replace("  ", " "))
    if pack.notes:
        lines += ["Notes:", *[f"  - {note}" for note in pack.notes]]
    if pack.changelog:
        lines += ["Changes in this version:",
                  *[f"  - {entry.date.isoformat()}: {entry.change} {entry.provenance}" for entry in pack.changelog]]

    shown: list[str | None] = [None]

    def rule(label: str, text: str, fact) -> None:
        lines.append(f"  {label:<17} {text} {fact.provenance}")
        if fact.note and fact.note != shown[0]:  # the same note on two facts in a row is printed once
            lines.append(f"  {'':<17}   note: {fact.note}")
        shown[0] = fact.note

    def percent(fact, what: str) -> str:
        if fact.value is None:  # a sourced null says there is none; an unsourced one that it was not found
            return f"{'none' if fact.source else 'not known'} {what}"
        return f"{fact.value:g}% {what}"

    for program in pack.programs:
        small = ", the small-employer path" if program.is_small_employer else ""
        lines += ["", f"Program {program.id}: {program.name} (certificate {program.certificate}{small})"]
        rule("size:", f"{describe_size(program.size)}; counts {program.size.counting or 'not stated'}",
             program.size)
        for kind in ("certification", "maintenance", "recertification"):
            audit = getattr(program.audits, kind)
            if audit is not None:
                rule(f"{kind}:", f"{AUDITOR_WORDS[audit.who.value]}: {audit.description}", audit)
        for label, passing in (("pass (cert.):", program.certification_pass),
                               ("pass (maint.):", program.maintenance_pass)):
            rule(label, percent(passing.overall_percent, "overall"), passing.overall_percent)
            rule("", percent(passing.element_minimum_percent, "per element"), passing.element_minimum_percent)
        rule("validity:", f"{program.validity_years.value:g} years", program.validity_years)
        schedule = program.maintenance
        rule("maintenance:", f"years {', '.join(map(str, schedule.years))}, {DEADLINE_WORDS[schedule.deadline]}",
             schedule)
        window = program.records_window
        short = (f"; {window.short.months} months earn a {window.short.validity_years:g}-year certificate"
                 if window.short else "")
        rule("records:", f"{window.months} months{short}", window)
        if program.notice_weeks is not None:
            rule("notice:", f"{program.notice_weeks.value} weeks", program.notice_weeks)
        for course in program.courses:
            rule("course:", f"{course.name}, for {course.who}", course)
        rule("rebate:", f"[{program.rebate.kind}] {program.rebate.description}", program.rebate)
        if program.recognised_outside_province is not None:
            flag = program.recognised_outside_province
            text = {True: "yes", False: "no", None: "not known"}[flag.value]
            rule("outside province:", f"recognised: {text}", flag)
        if program.on_exceeding_size is not None:
            exceeding = program.on_exceeding_size
            lines.append(f"  {'on growing past:':<17} {exceeding.note or ''} {exceeding.provenance}")
    summary = summarise_pack(loaded)
    per_program = ", ".join(
        f"{p.id} {len(pack.questions(p.id))}" for p in pack.programs
    )
    lines += ["", f"Elements ({len(pack.elements)}); questions per program: {per_program}"]
    for element in summary["elements"]:
        lines.append(f"  {element['id']:>3}  {element['name']:<62} {element['questions']:>2} questions, "
                     f"{element['points']:>3} points  [{element['confidence']}]")
    unverified = [path for path, fact in iter_facts(pack) if fact.unverified]
    lines += ["", f"Unverified facts: {len(unverified)} (marked UNVERIFIED above)"]
    return lines
