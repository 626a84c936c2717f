"""Review 15 (bras-dor): the audit kit's interview guide of a one-person company asks no question the gap report
calls not applicable (one rule for both), and counts its people in words ("one worker: one person")."""

from __future__ import annotations

from datetime import date

from pipeline.audit.guides import interview_guide_md, role_questions
from pipeline.audit.kit import record_facts
from pipeline.audit.sampling import interview_sample, interviewees, load_sampling
from pipeline.audit.scope import audit_scope
from pipeline.intake.load import load_intake
from pipeline.program.modules import select_modules
from pipeline.readiness.gaps import assess_readiness

TODAY = date(2026, 11, 30)
ONE_NS = {"company": {"province": "NS", "trades": ["residential painting"]}, "people": {"workers": 1}}


def test_the_interview_guide_skips_what_the_gap_report_calls_not_applicable(make_intake) -> None:
    intake = load_intake(make_intake(ONE_NS))
    not_applicable = {q.question.id for e in assess_readiness(intake, today=TODAY).elements for q in e.questions
                      if q.not_applicable}
    assert {"1.4", "2.2"} <= not_applicable  # no one else to interview
    scope = audit_scope(intake, today=TODAY)
    sampling = load_sampling()
    people = interviewees(sampling, scope.pack.partner.id, intake)
    asked = {q.id for role in ("management", "supervisors", "workers") for _, q in role_questions(scope, role)}
    assert asked and not asked & not_applicable
    guide = interview_guide_md(scope, record_facts(scope, TODAY), select_modules(intake), people,
                               interview_sample(sampling, scope.pack.partner.id, 1))
    assert "Interviews for one worker: one person." in guide.replace("\\", "")
    assert "### 1.4 " not in guide and "### 2.2 " not in guide
