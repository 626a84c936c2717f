"""Review 11 (rubric points 6 and 2, a one-person electrician): crew wording the one-person check missed (the
law's duties taught "for supervisors", recognition at a weekly toolbox meeting the company does not hold, a
lockout for several workers, the policy's supervision and safety meetings), and an energized electrical work
permit the owner would have approved himself. Each test renders the smallest intake that shows it; the reviewer
lint (program_templates/one_person.yaml among its phrases) runs on every render, and the permit is rendered by
docxtpl and read back with python-docx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from conftest import merged
from rendering import build, linted, section

from pipeline.delivery.review import review_items
from pipeline.program.forms import render_form
from pipeline.program.lint import lint_program, one_person_phrases, plain_text
from pipeline.program.render import solo_who

ONE_ELECTRICIAN: dict[str, Any] = {
    "company": {"province": "NS", "trades": ["electrical"]},
    "people": {"workers": 1, "supervisors": []},
    "operations": {"activities": ["electrical", "lockout"]},
}
CREW = {"people": {"workers": 6}}


def test_a_one_person_program_carries_no_crew_wording(make_intake) -> None:
    """"for supervisors, in the supervisor safety training", "at the toolbox meeting, held weekly", "Notify
    affected workers", "a group lock box where several workers are involved", "account for all workers"."""
    _, text = linted(make_intake)(ONE_ELECTRICIAN)
    assert "learns the responsibilities the law gives each in the supervisor safety training" in text
    assert "at the toolbox meetings the company holds from its first hire (none are held today)" in text
    lockout = section(text, "Lockout and Energized Electrical Work")
    assert "Tell everyone the shutdown affects (the building's occupants" in lockout
    assert "keeping the key on your person" in lockout
    assert "training and supervision the work needs to be done safely" in text
    assert "through hazard assessments and, from the first hire, toolbox meetings" in text
    # the crew keeps its wording
    _, crew = linted(make_intake)(merged(ONE_ELECTRICIAN, CREW))
    assert "using a group lock box where several workers are involved" in crew
    assert "for supervisors, in the supervisor safety training" in crew
    assert "training and supervision each worker needs" in crew


LEFTOVERS = ("for supervisors, in the supervisor safety training", "at the toolbox meeting, held",
             "notify affected workers", "group lock box", "account for all workers",
             "have the supervisor review and sign the permit", "permit signed by the supervisor")


def test_the_lint_refuses_the_crew_phrases_in_a_one_person_build_only(make_intake) -> None:
    """The phrases are in one_person.yaml, none is left in the one-person program, and the crew's has them."""
    assert set(LEFTOVERS) <= set(one_person_phrases())
    plan, program = build(make_intake(ONE_ELECTRICIAN))
    assert [str(f) for f in lint_program(plan, program)] == []
    assert not [p for p in LEFTOVERS if p in plain_text(program.markdown).lower()]
    _, crew = build(make_intake(merged(ONE_ELECTRICIAN, CREW)))
    assert [p for p in LEFTOVERS if p in plain_text(crew.markdown).lower()] == list(LEFTOVERS)


def test_the_owner_does_not_approve_his_own_energized_work_permit(make_intake, tmp_path: Path) -> None:
    """Review 11's worst sentence: "Have the supervisor review and sign the permit before the work starts." in a
    program whose only supervisor is the owner. The second qualified person who stands by reviews and signs it,
    without one the task waits, the permit's signature lines say so, and review.md asks for the law."""
    plan, text = linted(make_intake)(ONE_ELECTRICIAN)
    electrical = section(text, "Lockout and Energized Electrical Work")
    assert "Have the supervisor review and sign the permit" not in electrical
    assert "signed by the supervisor" not in electrical
    assert "have the second qualified person review and sign it before the work starts" in electrical
    assert "With no second qualified person on site, the energized task is not done" in electrical
    document = docx.Document(str(render_form(plan, "energized_work_permit", tmp_path / "permit.docx")))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Permit reviewed and signed by the second qualified person (standby)" in cells
    owner = plan.intake.people.owner.name
    row = next(r for t in document.tables for r in t.rows if r.cells[0].text == "Qualified person doing the work")
    assert row.cells[1].text == owner
    assert "Permit approved by (supervisor)" not in cells
    items = [item.what for item in review_items(*build(make_intake(ONE_ELECTRICIAN)))]
    assert any("energized electrical work with no one else present" in what for what in items)
    # a crew keeps the supervisor's approval and no such review item
    crew_plan, crew_text = linted(make_intake)(merged(ONE_ELECTRICIAN, CREW))
    assert "Have the supervisor review and sign the permit before the work starts" in crew_text
    crew_items = [item.what for item in review_items(*build(make_intake(merged(ONE_ELECTRICIAN, CREW))))]
    assert not any("no one else present" in what for what in crew_items)
    crew_doc = docx.Document(str(render_form(crew_plan, "energized_work_permit", tmp_path / "crew.docx")))
    assert "Permit approved by (supervisor)" in [c.text for t in crew_doc.tables for r in t.rows for c in r.cells]


def test_a_one_person_training_row_makes_each_verb_of_a_list_singular() -> None:
    """Review 11 (margaree's training matrix): "anyone hired later who service,s clean or adjust equipment" and
    "Qualified workers who test … and their supervisors" left as the crew's."""
    assert [solo_who(who, "Colin MacIsaac") for who in (
        "Workers who service, clean or adjust equipment or systems, and their supervisors",
        "Qualified workers who test, troubleshoot or work on energized equipment, and their supervisors")] == [
        "Colin MacIsaac and anyone hired later who services, cleans or adjusts equipment or systems",
        "Colin MacIsaac and any qualified worker hired later who tests, troubleshoots or works on energized "
        "equipment"]


def test_a_one_person_program_reports_violence_and_first_aid_to_no_supervisor(make_intake) -> None:
    """Margaree's violence section: "reports it to … or to any supervisor. If the complaint is about the
    supervisor…", "the supervisor is told of any threat"; first aid "reported to the supervisor the same day"."""
    _, text = linted(make_intake)(ONE_ELECTRICIAN)
    assert "or to any supervisor" not in text and "the supervisor is told of any threat" not in text
    assert "tells the client, or the prime contractor whose site it is, of any threat at once" in text
    assert "hires later who experiences or sees violence or harassment reports it to" in text
    assert "recorded on the first aid record and reported to the supervisor" not in text
    _, crew = linted(make_intake)(merged(ONE_ELECTRICIAN, CREW))
    assert "or to any supervisor" in crew and "reported to the supervisor the same day" in crew


def test_a_one_person_lockout_permit_tells_those_affected_and_is_applied_by_the_owner(make_intake,
                                                                                     tmp_path: Path) -> None:
    """The lockout permit asked a one-person company to tell "affected workers", to clear "every worker" and
    had the lockout "supervised by" the owner alone."""
    plan, _ = build(make_intake(ONE_ELECTRICIAN))
    document = docx.Document(str(render_form(plan, "lockout_permit", tmp_path / "lockout.docx")))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Everyone the shutdown affects (occupants, other trades, the general contractor) told the equipment is " \
           "being shut down and locked out" in cells
    assert "Lockout applied by" in cells and "Lockout supervised by" not in cells
    assert not [c for c in cells if "Affected workers" in c or "Every worker clear" in c]
    crew_plan, _ = build(make_intake(merged(ONE_ELECTRICIAN, CREW)))
    crew = docx.Document(str(render_form(crew_plan, "lockout_permit", tmp_path / "crew.docx")))
    assert "Lockout supervised by" in [c.text for t in crew.tables for r in t.rows for c in r.cells]
