"""`corpath gaps` as text: the prediction per element, the result, the top actions, the audit date and the
unverified facts used, as the terminal shows them (the gap report's Word file says the same in
`report.py`)."""

from __future__ import annotations

from .. import language
from ..intake.model import CertificateStatus
from .gaps import Readiness
from .report import TOP_ACTIONS, show_points
from .scoring import show_percent


def readiness_lines(readiness: Readiness, *, actions: int = TOP_ACTIONS) -> list[str]:
    """`corpath gaps` as text: the element table, the result, the top actions and the audit date."""
    r, v, t = readiness, readiness.certification, readiness.timeline
    lines = [f"{r.intake.company.name} ({r.intake.client}): {r.program.certificate}, "
             f"{r.pack.partner.abbreviation}'s {r.program.name}, protocol {r.pack.partner.id} {r.pack.version}, "
             f"as of {r.today.isoformat()}", ""]
    width = max(len(f"{e.id:>2} {e.name}") for e in r.elements)
    width = min(width, 62)
    lines.append(f"{'ELEMENT':<{width}}  {'SCORE':>6}  {'MIN':>4}  FLAG")
    for e in r.elements:
        name = f"{e.id:>2} {e.name}"
        name = name if len(name) <= width else name[:width - 1] + "…"
        minimum = "" if v.element_minimum is None else f"{v.element_minimum:g}%"
        if e.percent is None:  # no applicable question: not scored
            lines.append(f"{name:<{width}}  {'n/a':>6}  {minimum:>4}  not applicable")
            continue
        flag = ("below minimum" if v.element_minimum is not None and e.percent < v.element_minimum else "")
        lines.append(f"{name:<{width}}  {show_percent(e.percent) + '%':>6}  {minimum:>4}  {flag}".rstrip())
    required = "" if v.required_percent is None else f"{v.required_percent:g}%"
    lines.append(f"{'   Overall':<{width}}  {show_percent(r.overall_percent) + '%':>6}  {required:>4}")
    word = {True: "PASS", False: "FAIL", None: "UNKNOWN"}
    coming = r.next_audit
    if coming is None:
        lines += ["", f"Certification: {word[v.passes]}: {v.binding_reason}"]
        m = r.maintenance
        mark = f" ({m.required_percent:g}% overall)" if m.required_percent is not None else ""
        if r.intake.certificate.status == CertificateStatus.certified:  # an applicant faces no maintenance audit
                lines.append(f"Maintenance audit{mark}: {word[m.passes]}" + ("" if m.passes is not None
                                                                           else f": {m.binding_reason}"))
    else:  # a certified company: the audit it faces next leads
        lines += ["", f"Next audit: {coming.title}, due by {coming.due.isoformat()} (to pass: {coming.bar}): "
                      f"{word[coming.verdict.passes]}: {coming.verdict.binding_reason}"]
        if coming.kind == "maintenance":
            lines.append(f"Recertification audit: {word[v.passes]}: {v.binding_reason}")
    if r.actions:
        after = f"{show_percent(r.after.overall_percent)}% ({'passes' if r.after.passes else 'still short'})"
        # an overdue maintenance audit's call to the partner, the booking of a recertification audit the expiry
        # makes urgent, then the courses the audit needs, come first; the
        # count says every step listed ("three actions" over eight numbered steps, review 9)
        firsts = [*([coming.first_action] if coming is not None and coming.first_action else []),
                  *t.first_steps, *t.course_actions]
        needed = language.count(len(firsts) + len(r.actions), "action")
        order = ("those raising an element under its minimum first, then by points per hour" if r.lifting_first
                 else "by points per hour")
        if r.records_before_talks:
            order += " (a step that leaves no record after those that leave records and earn as much)"
        calls = len(firsts) - len(t.course_actions)
        leading = [*(["the call to the partner" if calls == 1 else "the calls to the partner"] if calls else []),
                   *([f"the {language.plural('course', len(t.course_actions))} the audit needs"]
                     if t.course_actions else [])]
        if leading:
            order = f"{' and '.join(leading)} {language.verb('leads', calls + len(t.course_actions))}, then {order}"
        lines += ["", f"What it takes to pass: {needed}, then {after}; {order}:"]
        lines += [f"  {i}. {step}" for i, step in enumerate(firsts, start=1)]
        actions = max(actions - len(firsts), 1)  # the first steps take the places of the last top actions
        for i, a in enumerate(r.actions[:actions], start=len(firsts) + 1):
            lines.append(f"  {i}. {a.title}: {a.person.name} ({a.person.title}), {show_points(a.points)} points, "
                         f"{show_points(a.effort_hours)} h")
        if len(r.actions) > actions:
            lines.append(f"  ... and {len(r.actions) - actions} more (--json lists them all)")
    else:
        lines += ["", "What it takes to pass: nothing; the prediction clears every bar."]
        # still, a recertification audit to book before the certificate lapses, or a partner to call, comes first
        calls = [*([coming.first_action] if coming is not None and coming.first_action else []), *t.first_steps]
        if calls:
            lines += ["First, before the audit can happen:", *[f"  {i}. {step}" for i, step in enumerate(calls, 1)]]
    target = f"; target {t.target.isoformat()}: {'met' if t.meets_target else 'not met'}" if t.target else ""
    if coming is not None:
        lines += ["", t.summary]
    else:
        lines += ["", f"Earliest audit date: {t.earliest.isoformat() if t.earliest else 'none predicted'}{target}",
                  f"  {t.summary}"]
    if r.renewals:
        lines += ["", "Expired, renew before the audit (no credit until renewed):", *[f"  - {s}" for s in r.renewals]]
    if r.expiring:
        lines += ["", "Expiring soon, renew before the date:", *[f"  - {s}" for s in r.expiring]]
    if r.safety_data_sheets or r.to_get:
        lines += ["", "Before the next use (no points, but a must):",
                  *[f"  - {s}" for s in [*([r.safety_data_sheets] if r.safety_data_sheets else []), *r.to_get]]]
    if r.changes:
        lines += ["", "Practices to stop before the audit:", *[f"  - {s}" for s in r.changes]]
    if r.unverified:
        lines += ["", "Unverified facts used:", *[f"  - {u}" for u in r.unverified]]
    return lines
