"""Review 13's one-person electrician (rubric points 2, 3 and 6): a supervisor who signs off competence, is told
of defective equipment and checks its repair; an office, shop and yard inspection with no shop; respirator fit
testing with no respirator; and courses the intake lists under other names than the program's shown twice in
the training matrix."""

from __future__ import annotations

from rendering import build

from pipeline.delivery.review import review_items
from pipeline.program.lint import lint_program, one_person_phrases, plain_text

ONE_PERSON = {"company": {"province": "MB", "trades": ["electrical"],
                          "address": "612 Park Avenue, Beausejour, MB R0E 0C0"},
              "people": {"workers": 1, "owner": {"name": "Curtis Hnatiuk", "title": "Owner"}},
              "operations": {"activities": ["electrical", "lockout", "power_tools", "hazardous_products"],
                             "equipment": [{"name": "Cube van", "type": "pickup_truck", "count": 1},
                                           {"name": "Cordless drills", "type": "power_tool", "count": 2}],
                             "hazardous_products": [{"name": "PVC cement", "use": "conduit joints",
                                                     "sds_on_file": True}]}}


def test_a_one_person_program_has_no_supervisor_shop_or_respirator_it_does_not_have(make_intake) -> None:
    plan, rendered = build(make_intake(ONE_PERSON))
    assert [str(f) for f in lint_program(plan, rendered)] == []
    text = plain_text(rendered.markdown)
    phrases = ("the supervisor watches the worker", "who found it, and tell the supervisor",
               "the supervisor checks the repair", "not adequate tell the supervisor")
    assert set(phrases) <= set(one_person_phrases())
    assert not [p for p in phrases if p in text.lower()]
    assert "before a worker does a task alone, Curtis Hnatiuk watches the worker do it" in text
    assert "Curtis Hnatiuk checks the repair before the tag is removed" in text
    assert "Office, shop and yard inspection" not in text
    assert "fit test" not in text.lower() and "fit-tested" not in text
    assert "harness" not in text.lower()
    assert "PPE is sized to the wearer." in text
    # a crew keeps its supervisor and its office inspection; a respirator and a harness bring their fitting
    crew = {**ONE_PERSON, "people": {"workers": 4},
            "operations": {**ONE_PERSON["operations"], "equipment": [
                *ONE_PERSON["operations"]["equipment"],
                {"name": "Half-face respirators", "type": "other", "count": 4},
                {"name": "Fall arrest harness", "type": "fall_arrest", "count": 2}]}}
    _, other = build(make_intake(crew))
    crew_text = plain_text(other.markdown)
    assert all(p in crew_text.lower() for p in phrases)
    assert "Office, shop and yard inspection" in crew_text
    assert "Respirator fit testing" in crew_text
    assert ("PPE is fitted to the worker: harnesses are adjusted to the wearer, and respirators are fit-tested"
            in crew_text)


def matrix_rows(markdown: str) -> list[str]:
    """The training matrix's rows, as plain text."""
    table = markdown.split("## Training matrix", 1)[1].split("\n## ", 1)[0]
    return [plain_text(line) for line in table.splitlines() if line.startswith("| ") and "---" not in line]


def test_a_course_the_intake_names_otherwise_is_one_row_of_the_training_matrix(make_intake) -> None:
    training = [{"name": "Arc flash awareness (CSA Z462)", "who": "Dana Roy", "renewal": "every 3 years"},
                {"name": "WHMIS 2015", "who": "Dana Roy", "renewal": "every 2 years"},
                {"name": "Bucket truck operator", "who": "Dana Roy", "renewal": "every 3 years"}]
    crew = {**ONE_PERSON, "people": {"workers": 4, "training": training}}
    plan, rendered = build(make_intake(crew))
    assert [str(f) for f in lint_program(plan, rendered)] == []
    rows = matrix_rows(rendered.markdown)
    z462 = [r for r in rows if "Z462" in r.split(" | ")[0]]
    assert len(z462) == 1 and z462[0].startswith("| Arc flash and electrical safety (CSA Z462) |")
    assert "; held by Dana Roy |" in z462[0] and "Every three years" in z462[0]
    whmis = [r for r in rows if "WHMIS" in r.split(" | ")[0]]
    assert len(whmis) == 1 and "held by Dana Roy" in whmis[0] and "every year" in whmis[0]
    # the intake's "every 3 years" written as the program writes its own periods (review 19)
    assert any(r.startswith("| Bucket truck operator | Dana Roy | Every three years |") for r in rows)
    # the WHMIS period differs from the program's and goes to the consultant; the CSA Z462 one agrees
    notes = [i.what for i in review_items(plan, rendered) if i.what.startswith("Training matrix:")]
    assert len(notes) == 1 and "'WHMIS 2015' (Dana Roy) is renewed every 2 years" in notes[0]


# review 13's leftovers: the training matrix, spills, the forecast, tool use and floor openings
LEFTOVERS = ("the supervisor checks the training matrix", "spill kit and reported to the supervisor",
             "report the spill to the supervisor", "the supervisor checks the forecast",
             "checked using it by the supervisor", "without the supervisor's permission")


def test_a_one_person_program_checks_its_own_tickets_spills_forecast_and_tools(make_intake) -> None:
    solo = {**ONE_PERSON, "operations": {**ONE_PERSON["operations"], "activities": [
        *ONE_PERSON["operations"]["activities"], "heat_cold", "work_at_heights"]}}
    plan, rendered = build(make_intake(solo))
    assert [str(f) for f in lint_program(plan, rendered)] == []
    assert set(LEFTOVERS) <= set(one_person_phrases())
    text = plain_text(rendered.markdown)
    assert not [p for p in LEFTOVERS if p in text.lower()]
    assert "Before taking on a task, Curtis Hnatiuk checks the training matrix" in text
    assert "cleaned up at once with the spill kit, and recorded on the day's field-level hazard assessment" in text
    assert "Record the spill on the day's field-level hazard assessment; a large spill" in text
    assert "The owner checks the forecast, humidex and wind chill each morning" in text
    assert "anyone hired later is watched using it by the owner" in text
    assert "a cover or a guardrail is removed only with a replacement control in place" in text
    # a crew keeps every one of them
    _, crew = build(make_intake({**solo, "people": {"workers": 4}}))
    crew_text = plain_text(crew.markdown).lower()
    assert [p for p in LEFTOVERS if p not in crew_text] == []
    assert "removed only with a replacement control in place" not in crew_text


# review 10's one-person carpenter: hearing loss and suspect asbestos reported to a supervisor
CARPENTER_LEFTOVERS = ("muffled hearing after work to the supervisor", "work stops and the supervisor is told",
                       "tell the supervisor, who asks the owner or client")


def test_a_one_person_carpenter_notes_his_hearing_and_has_suspect_asbestos_sampled(make_intake) -> None:
    solo = {"company": {"province": "NS", "trades": ["finish carpentry"]},
            "people": {"workers": 1, "owner": {"name": "Colin Zwicker", "title": "Owner"}},
            "operations": {"activities": ["power_tools", "silica", "noise"]}}
    plan, rendered = build(make_intake(solo))
    assert [str(f) for f in lint_program(plan, rendered)] == []
    assert set(CARPENTER_LEFTOVERS) <= set(one_person_phrases())
    text = plain_text(rendered.markdown)
    assert not [p for p in CARPENTER_LEFTOVERS if p in text.lower()]
    assert "muffled hearing after work is noted on the day's field-level hazard assessment" in text
    assert "work stops until the owner or client has it sampled" in text
    assert "Ask the owner or client to have it sampled by a qualified person." in text
    _, crew = build(make_intake({**solo, "people": {"workers": 3}}))
    crew_text = plain_text(crew.markdown).lower()
    assert [p for p in CARPENTER_LEFTOVERS if p not in crew_text] == []
    assert "until the owner or client has it sampled" not in crew_text


LOCKOUT_LEFTOVERS = ("each worker applying their own lock", "removes another worker's lock",
                     "hazard assessments and toolbox meetings done against planned")


def test_a_one_person_lockout_is_the_owners_lock_and_his_statistics_count_no_toolbox_meetings(make_intake) -> None:
    plan, rendered = build(make_intake(ONE_PERSON))
    assert [str(f) for f in lint_program(plan, rendered)] == []
    assert set(LOCKOUT_LEFTOVERS) <= set(one_person_phrases())
    text = plain_text(rendered.markdown)
    assert not [p for p in LOCKOUT_LEFTOVERS if p in text.lower()]
    assert "The owner applies their own personal lock to every isolation point before servicing" in text
    assert "| Field-level hazard assessments done against planned | Monthly |" in text
    _, crew = build(make_intake({**ONE_PERSON, "people": {"workers": 4}}))
    crew_text = plain_text(crew.markdown).lower()
    assert [p for p in LOCKOUT_LEFTOVERS if p not in crew_text] == []


def test_a_one_person_return_to_work_is_the_owners_own(make_intake) -> None:
    plan, rendered = build(make_intake(ONE_PERSON))
    assert [str(f) for f in lint_program(plan, rendered)] == []
    assert "agreed with the worker and the supervisor" in one_person_phrases()
    text = plain_text(rendered.markdown)
    assert "agreed with the worker and the supervisor" not in text
    assert "After an injury, Curtis Hnatiuk returns to work on modified or lighter duties" in text
    _, crew = build(make_intake({**ONE_PERSON, "people": {"workers": 4}}))
    crew_text = plain_text(crew.markdown)
    assert "agreed with the worker and the supervisor in writing" in crew_text
    assert "After an injury, " not in crew_text
