"""The next audit a certified company faces: its next maintenance audit or its recertification audit.

A company that holds the certificate is not an applicant: it has no earliest certification date and no
shorter first certificate. What it faces next is the first audit of its cycle not yet done
(`upkeep.schedule.schedule_for`, from certificate.issued and the audits recorded in certificate.audits), and
the bar is that audit's: the program's maintenance pass rule for a maintenance audit, the certification pass
rule for a recertification audit (the schedule judges a recorded recertification against the same rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..intake.model import CertificateStatus, Intake
from ..program.render import format_date
from ..protocols.certificate import Decision
from ..upkeep.schedule import schedule_for
from .scoring import Verdict, bar_words, show_percent

KIND_WORDS = {"maintenance": "maintenance audit", "recertification": "recertification audit"}


@dataclass(frozen=True)
class NextAudit:
    """The first audit of a certified company's cycle not yet done, and the prediction against its bar."""

    kind: Literal["maintenance", "recertification"]
    title: str  # the schedule event's title, e.g. "Year 3 maintenance audit (ESC COR)"
    due: date  # the last day it can be held
    verdict: Verdict  # the prediction judged against this audit's pass rule
    # a maintenance audit of the cycle whose deadline passed with none recorded: (title, due date, the sentence
    # on what a missed one costs, without sources or research notes); the prediction is then that of the audit
    # that can still be done: the cycle's next maintenance audit, else the recertification
    missed: tuple[str, date, str] | None = None
    partner: str = ""  # the certifying partner's name and abbreviation, "Energy Safety Canada (ESC)"

    @property
    def name(self) -> str:
        """`the Year 3 maintenance audit (ESC COR)`."""
        t = self.title
        return "the " + (t if t.startswith("Year") else t[0].lower() + t[1:])

    @property
    def bar(self) -> str:
        """`60% overall` or `80% overall and at least 50% in every element`; `no known pass mark`."""
        return bar_words(self.verdict)

    @property
    def result_word(self) -> str:
        """`Predicted to pass the maintenance audit`."""
        word = {True: "Predicted to pass", False: "Predicted to fail", None: "No prediction for"}[self.verdict.passes]
        if self.missed is not None:
            return (f"Maintenance audit overdue, the certificate is at risk; {word[0].lower()}{word[1:]} the "
                    f"{KIND_WORDS[self.kind]}")
        return f"{word} the {KIND_WORDS[self.kind]}"

    @property
    def first_action(self) -> str | None:
        """`Contact Energy Safety Canada (ESC) now about the missed …`: the step before every other one when a
        maintenance audit is overdue; None otherwise."""
        if self.missed is None:
            return None
        title, due, _ = self.missed
        return (f"Contact {self.partner} now about the missed {_lower(title)} (due by "
                f"{format_date(due)}) and the status of the certificate")

    @property
    def summary(self) -> str:
        """One sentence for the report's audit-date section."""
        v = self.verdict
        held = (f"The company already holds the certificate, so its next audit is {self.name}, due by "
                f"{format_date(self.due)}")
        if self.missed is not None:
            title, due, rule = self.missed
            held = (f"The {_lower(title)} was due by {format_date(due)} and none is recorded: it is "
                    f"overdue, and {rule} Call {self.partner} first, as the top actions say. If the certificate still "
                    f"stands, the audit that can still be done is {self.name}, by {format_date(self.due)}")
        if v.passes is None:
            return f"{held}. {v.binding_reason}."
        held += f", and the bar is that audit's: {self.bar}."
        return (f"{held} The prediction today, {show_percent(v.overall_percent)}%, "
                f"{'clears it' if v.passes else 'does not clear it'}" + ("." if v.passes else
                                                                         f": {v.binding_reason}."))


def _lower(title: str) -> str:
    """An event title inside a sentence: `Recertification audit (…)` → `recertification audit (…)`; a title
    that starts with `Year` keeps its capital."""
    return title if title.startswith("Year") else title[0].lower() + title[1:]


def next_audit(intake: Intake, decision: Decision, today: date, certification: Verdict,
               maintenance: Verdict) -> NextAudit | None:
    """The next maintenance or recertification audit of a certified company on `today`, judged by its own
    verdict (`maintenance` or `certification`); None for a company not certified yet, or when every audit of
    its cycle is done (a recertification recorded: its next cycle starts with the new certificate). After a
    missed maintenance audit it is the earliest audit not yet past (a later maintenance audit before the
    recertification), with the missed one kept in `missed` for the first action."""
    if intake.certificate.status != CertificateStatus.certified:
        return None
    schedule = schedule_for(intake, decision, today=today)
    event = next((e for e in schedule.pending() if e.kind in ("maintenance_audit", "recertification")), None)
    if event is None:
        return None
    recert = next((e for e in schedule.pending() if e.kind == "recertification"), None)
    if event.kind == "maintenance_audit" and event.status == "overdue" and recert is not None:
        pack = decision.pack.pack if decision.pack else None
        rule = pack.program(decision.program_id).maintenance if pack and decision.program_id else None
        # the rule is stated when the partner pack or the schedule sources it; its source and the pack's research
        # note ("Enform wording: … (edelweisssafetysolutions.ca)") stay in the data: the gap report is the
        # client's document (review 9, kindersley)
        sourced = bool(rule.source if rule else event.source)
        said = ("a missed maintenance audit can cost the certificate." if sourced else
                "whether the certificate still stands is for the certifying partner to say.")
        partner = f"{pack.partner.name} ({pack.partner.abbreviation})" if pack else "the certifying partner"
        # the audit that can still be done is the earliest one not yet past: a later maintenance audit of the
        # cycle (ESC's Year 3 after a missed Year 2) comes before the recertification
        later = next((e for e in schedule.pending() if e.kind == "maintenance_audit" and e.status != "overdue"
                      and e.date < recert.date), None)
        if later is not None:
            return NextAudit("maintenance", later.title, later.date, maintenance,
                             missed=(event.title, event.date, said), partner=partner)
        return NextAudit("recertification", recert.title, recert.date, certification,
                         missed=(event.title, event.date, said), partner=partner)
    if event.kind == "maintenance_audit":
        return NextAudit("maintenance", event.title, event.date, maintenance)
    return NextAudit("recertification", event.title, event.date, certification)
