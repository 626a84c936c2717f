"""The certificate's maintenance calendar: cycle dates per deadline rule, done and overdue, projected schedules,
notices and lapses, the iCalendar file, and `corpath due` across clients."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from pipeline.cli import main
from pipeline.errors import InputError, NoPartnerError
from pipeline.intake.load import load_intake
from pipeline.protocols.certificate import recommend
from pipeline.protocols.packs import find_pack
from pipeline.upkeep.calendar_export import event_uid, write_ics
from pipeline.upkeep.schedule import (
    Schedule,
    add_months,
    load_schedule_rules,
    parse_window,
    schedule_for,
    whole_months,
)

D = date.fromisoformat
TODAY = D("2026-11-26")

# one partner per maintenance deadline rule
ANNIVERSARY = {"company": {"province": "ON"}, "people": {"workers": 12}}  # IHSA COR 2020
CALENDAR_YEAR_END = {"company": {"province": "AB"}, "people": {"workers": 6}}  # ACSA SECOR
WITHIN_12_MONTHS = {"company": {"province": "SK"}, "people": {"workers": 12}}  # SCSA COR
BEFORE_ANNIVERSARY_MONTH = {"company": {"province": "MB"}, "people": {"workers": 12}}  # CSAM COR


def certified(issued: str, **certificate: Any) -> dict[str, Any]:
    return {"certificate": {"status": "certified", "program": None, "issued": issued, **certificate}}


def schedule(make_intake: Callable[..., Path], *overrides: dict[str, Any], today: date = TODAY,
             certified_on: date | None = None) -> Schedule:
    merged: dict[str, Any] = {}
    for override in overrides:
        for key, value in override.items():
            merged[key] = {**merged.get(key, {}), **value}
    intake = load_intake(make_intake(merged))
    return schedule_for(intake, recommend(intake), today=today, certified_on=certified_on)


def cycle(s: Schedule) -> list[tuple[str, date]]:
    return [(e.kind, e.date) for e in s.events if e.kind in ("maintenance_audit", "recertification", "expiry")]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-02-29", 48, "2028-02-29"),
        ("2025-01-31", 1, "2025-02-28"),
        ("2025-12-31", 1, "2026-01-31"),
        ("2025-12-31", 12, "2026-12-31"),
        ("2024-03-31", -1, "2024-02-29"),
    ],
)
def test_add_months_keeps_the_day_or_falls_on_the_month_end(start: str, months: int, expected: str) -> None:
    assert add_months(D(start), months) == D(expected)


def test_whole_months_counts_a_leap_day_certificate_as_three_years() -> None:
    assert whole_months(D("2024-02-29"), D("2027-02-28")) == 36
    assert whole_months(D("2024-02-29"), D("2027-02-27")) == 35


@pytest.mark.parametrize(
    ("rule", "issued", "expected"),
    [
        # anniversary: due the day before each anniversary; 2024-02-29's anniversaries fall on 28 February
        (ANNIVERSARY, "2024-02-29", ["2025-02-27", "2026-02-27", "2027-02-27", "2027-02-28"]),
        (ANNIVERSARY, "2025-12-31", ["2026-12-30", "2027-12-30", "2028-12-30", "2028-12-31"]),
        (ANNIVERSARY, "2023-06-15", ["2024-06-14", "2025-06-14", "2026-06-14", "2026-06-15"]),
        # calendar year end: 31 December of the certificate's second and third calendar years
        (CALENDAR_YEAR_END, "2024-02-29", ["2025-12-31", "2026-12-31", "2027-02-27", "2027-02-28"]),
        (CALENDAR_YEAR_END, "2025-12-31", ["2026-12-31", "2027-12-31", "2028-12-30", "2028-12-31"]),
        (CALENDAR_YEAR_END, "2025-07-02", ["2026-12-31", "2027-12-31", "2028-07-01", "2028-07-02"]),
        # within 12 months of the previous audit (none recorded: the previous deadline)
        (WITHIN_12_MONTHS, "2024-02-29", ["2025-02-28", "2026-02-28", "2027-02-27", "2027-02-28"]),
        # CSAM: before the first day of the anniversary month, so by the last day of the month before it
        (BEFORE_ANNIVERSARY_MONTH, "2023-06-15", ["2024-05-31", "2025-05-31", "2026-06-14", "2026-06-15"]),
        (BEFORE_ANNIVERSARY_MONTH, "2024-03-01", ["2025-02-28", "2026-02-28", "2027-02-28", "2027-03-01"]),
        (BEFORE_ANNIVERSARY_MONTH, "2024-01-20", ["2024-12-31", "2025-12-31", "2027-01-19", "2027-01-20"]),
    ],
)
def test_cycle_dates(make_intake: Callable[..., Path], rule: dict, issued: str, expected: list[str]) -> None:
    s = schedule(make_intake, rule, certified(issued), today=D("2020-01-01"))
    kinds = ["maintenance_audit", "maintenance_audit", "recertification", "expiry"]
    assert cycle(s) == list(zip(kinds, map(D, expected), strict=True))
    assert not s.projected and all(not e.projected for e in s.events)
    assert all(e.status == "upcoming" for e in s.events)


def test_maintenance_events_say_the_rule_and_its_source(make_intake: Callable[..., Path]) -> None:
    s = schedule(make_intake, CALENDAR_YEAR_END, certified("2025-12-31"))
    first = s.events[0]
    assert first.title == "Year 2 maintenance audit (ACSA SECOR)"
    assert first.description == (
        "Year 2 maintenance audit by a trained self-evaluator from the company, validated by the partner, due by 31 "
        "December 2026, the end of the certificate's second calendar year. To pass: 60% overall. A missed "
        "maintenance audit can cost the certificate.")
    assert first.rule == ("Maintenance audits in years 2 and 3 of the 3-year cycle, by 31 December of the calendar "
                          "year. (enform.ca; ahsa.ca; amta.ca/secor; medium confidence)")
    assert (first.source, first.confidence, first.unverified) == ("enform.ca; ahsa.ca; amta.ca/secor", "medium", False)


def test_a_missed_maintenance_audit_is_overdue_and_a_recorded_one_done(make_intake: Callable[..., Path]) -> None:
    today = D("2026-02-01")
    missed = schedule(make_intake, CALENDAR_YEAR_END, certified("2024-03-15"), today=today)
    assert [(e.date, e.status) for e in missed.events if e.kind == "maintenance_audit"] == [
        (D("2025-12-31"), "overdue"), (D("2026-12-31"), "upcoming")]

    audits = [{"kind": "maintenance", "date": "2025-10-01", "score": 72}]
    done = schedule(make_intake, CALENDAR_YEAR_END, certified("2024-03-15", audits=audits), today=today)
    year2 = done.events[0]
    assert (year2.status, year2.done_on) == ("done", D("2025-10-01"))
    assert year2.date == D("2025-10-01")  # the recorded day, not the deadline it met (31 December 2025)
    assert year2.description.endswith("Done on 1 October 2025, score 72% against the 60% pass mark.")
    assert done.pending() == done.events[1:]


def test_an_audit_outside_every_window_is_reported_not_matched(make_intake: Callable[..., Path]) -> None:
    audits = [{"kind": "maintenance", "date": "2024-06-01"}]  # same calendar year as the issue: not year 2's
    s = schedule(make_intake, CALENDAR_YEAR_END, certified("2024-03-15", audits=audits))
    assert [e.status for e in s.events if e.kind == "maintenance_audit"] == ["overdue", "due"]
    assert s.notes == ["The maintenance audit recorded on 2024-06-01 matches no maintenance deadline of this "
                       "certificate (issued 2024-03-15); check its date, or whether it was late."]


def test_within_12_months_counts_from_the_audit_actually_done(make_intake: Callable[..., Path]) -> None:
    audits = [{"kind": "maintenance", "date": "2025-01-10"}]
    s = schedule(make_intake, WITHIN_12_MONTHS, certified("2024-02-29", audits=audits), today=D("2025-06-01"))
    assert [(e.date, e.status) for e in s.events if e.kind == "maintenance_audit"] == [
        (D("2025-01-10"), "done"), (D("2026-01-10"), "upcoming")]


def test_recorded_recertification_marks_recertification_and_expiry_done(make_intake: Callable[..., Path]) -> None:
    audits = [{"kind": "maintenance", "date": "2024-05-01"}, {"kind": "maintenance", "date": "2025-05-01"},
              {"kind": "recertification", "date": "2026-05-20"}]
    s = schedule(make_intake, ANNIVERSARY, certified("2023-06-15", audits=audits))
    assert [e.status for e in s.events] == ["done"] * 4
    assert s.pending() == []
    assert s.notes[-1].startswith("A recertification audit is recorded on 2026-05-20")


def test_the_expiry_on_the_certificate_wins_and_a_short_certificate_has_no_maintenance(
        make_intake: Callable[..., Path]) -> None:
    s = schedule(make_intake, CALENDAR_YEAR_END, certified("2026-05-01", expires="2027-05-01"))
    assert cycle(s) == [("recertification", D("2027-04-30")), ("expiry", D("2027-05-01"))]
    assert s.events[-1].source == "intake certificate.expires"
    assert s.notes == ["No year-2 maintenance audit: this certificate runs 1 year, to 2027-05-01.",
                       "No year-3 maintenance audit: this certificate runs 1 year, to 2027-05-01."]


def test_in_progress_gets_a_projected_schedule_from_the_target_date(make_intake: Callable[..., Path]) -> None:
    in_progress = {"certificate": {"status": "in_progress"}, "client_requirements": {"target_audit_date": "2027-01-15"}}
    s = schedule(make_intake, ANNIVERSARY, in_progress)
    assert s.projected and s.start == D("2027-01-15") and s.expires == D("2030-01-15")
    assert all(e.projected for e in s.events)
    first = s.events[0]
    assert (first.kind, first.date, first.status) == ("certification_audit", D("2027-01-15"), "due")
    assert first.title == "IHSA COR 2020 certification audit"
    assert "(client_requirements.target_audit_date)" in first.description
    assert cycle(s) == [("maintenance_audit", D("2028-01-14")), ("maintenance_audit", D("2029-01-14")),
                        ("recertification", D("2030-01-14")), ("expiry", D("2030-01-15"))]


def test_projected_dates_come_from_certified_on_then_target_then_today(make_intake: Callable[..., Path]) -> None:
    target = {"certificate": {"status": "in_progress"}, "client_requirements": {"target_audit_date": "2027-01-15"}}
    assert schedule(make_intake, ANNIVERSARY, target, certified_on=D("2027-04-01")).start == D("2027-04-01")
    bare = schedule(make_intake, ANNIVERSARY)  # status none, no target date
    assert bare.projected and bare.start == TODAY
    assert "(today (no target date in the intake))" in bare.events[0].description


def test_notice_before_external_audits_only(make_intake: Callable[..., Path]) -> None:
    large = {"company": {"province": "BC"}, "people": {"workers": 25}}  # BCCSA Large COR: 3 weeks' notice
    s = schedule(make_intake, large, certified("2025-03-01"))
    notices = [e for e in s.events if e.kind == "notice"]
    assert [(e.date, e.title) for e in notices] == [
        (D("2028-02-29") - timedelta(weeks=3), "Notice of the recertification audit to BCCSA (3 weeks ahead)")]
    assert notices[0].source == "bccsa.ca"
    assert notices[0].description == (
        "BCCSA needs notice at least 3 weeks before the recertification audit. For an audit on its last possible "
        "day (29 February 2028) file it by 8 February 2028; for an earlier audit, 3 weeks before that date.")
    projected = schedule(make_intake, large, {"client_requirements": {"target_audit_date": "2027-01-15"}})
    assert [e.date for e in projected.events if e.kind == "notice"][0] == D("2026-12-25")


def test_auditor_certificate_lapses_three_years_after_the_course(make_intake: Callable[..., Path]) -> None:
    courses = [{"name": "COR Internal Auditor", "person": "Grant Dupuis", "completed": "2023-02-10"},
               {"name": "Principles of Health and Safety Management", "person": "Grant Dupuis",
                "completed": "2023-01-05"}]
    s = schedule(make_intake, {"company": {"province": "BC"}, "people": {"workers": 15}},
                 certified("2024-03-01", courses=courses))
    lapses = [e for e in s.events if e.kind == "auditor_requalification"]
    assert [(e.date, e.status, e.title, e.projected) for e in lapses] == [
        (D("2026-02-10"), "overdue", "Grant Dupuis's BCCSA internal auditor certificate lapses", False)]
    assert lapses[0].key == "auditor_requalification-grant-dupuis-cor-internal-auditor"
    assert "requalify before 10 February 2026" in lapses[0].description


def test_no_lapse_is_invented_without_a_course_date(make_intake: Callable[..., Path]) -> None:
    bc = schedule(make_intake, {"company": {"province": "BC"}, "people": {"workers": 15}}, certified("2024-03-01"))
    assert not [e for e in bc.events if e.kind in ("auditor_requalification", "course_lapse")]
    assert bc.notes[-1].endswith("Record the COR Internal Auditor course in certificate.courses (who, when) to "
                                 "schedule it.")
    on = schedule(make_intake, ANNIVERSARY, certified("2024-03-01"))  # IHSA: no lapse rule, no note
    assert on.notes == []


def test_every_lapse_rule_names_a_course_its_partner_lists() -> None:
    for rule in load_schedule_rules().lapses:
        pack = find_pack(rule.partner).pack
        courses = [c.name.lower() for p in pack.programs for c in p.courses]
        assert any(rule.course.lower() in name for name in courses), rule.course


def test_the_intakes_program_is_used_when_it_names_another_of_the_partners_programs(
        make_intake: Callable[..., Path]) -> None:
    s = schedule(make_intake, {"company": {"province": "BC"}, "people": {"workers": 25}},
                 certified("2025-03-01", program="Small COR"))
    assert (s.program, s.certificate) == ("Small COR", "COR")
    assert s.notes[0] == ("The intake's certificate.program 'Small COR' is BCCSA's Small COR; its rules are used "
                          "here, though the recommendation for this company is Large COR.")


def test_no_cor_program_raises(make_intake: Callable[..., Path]) -> None:
    intake = load_intake(make_intake({"company": {"province": "PE"}}))
    with pytest.raises(NoPartnerError, match=r"^acme: no COR program: Prince Edward Island: "):
        schedule_for(intake, recommend(intake), today=TODAY)


@pytest.mark.parametrize(("text", "expected"), [("90d", "2027-02-24"), ("12w", "2027-02-18"), ("3m", "2027-02-26"),
                                                 ("1m", "2026-12-26"), ("0d", "2026-11-26")])
def test_parse_window(text: str, expected: str) -> None:
    assert parse_window(text, TODAY) == D(expected)


def test_parse_window_refuses_other_units() -> None:
    with pytest.raises(ValueError, match="'3y' is not a window: use a number and a unit, e.g. 90d, 12w or 3m"):
        parse_window("3y", TODAY)


# ------------------------------------------------------------------------------------------- iCalendar


def test_ics_round_trip(make_intake: Callable[..., Path], tmp_path: Path) -> None:
    audits = [{"kind": "maintenance", "date": "2026-03-01"}]
    s = schedule(make_intake, {"company": {"province": "BC"}, "people": {"workers": 25}},
                 certified("2025-03-01", audits=audits))
    first = write_ics(s, tmp_path / "cal" / "acme.ics", company="Acme Roofing")
    before = first.read_bytes()
    again = write_ics(s, first, company="Acme Roofing").read_bytes()
    assert before == again

    cal = Calendar.from_ical(before)
    events = cal.walk("VEVENT")
    assert [(str(v["uid"]), v["dtstart"].dt) for v in events] == [(event_uid(s, e), e.date) for e in s.events]
    assert str(events[0]["uid"]) == "acme-c1-maintenance_audit-year2@corpath"
    assert len({str(v["uid"]) for v in events}) == len(events)
    for vevent, event in zip(events, s.events, strict=True):
        assert vevent["dtend"].dt == event.date + timedelta(days=1)
        assert str(vevent["summary"]) == f"Acme Roofing: {event.title}"
        description = str(vevent["description"])
        assert description.startswith(event.description)
        # the calendar goes to the client: the rule in plain words, its source and confidence left out
        assert f"Rule: {event.plain_rule}" in description and event.rule.startswith(event.plain_rule)
        assert "confidence" not in description and (event.source or "no source") not in description
        triggers = sorted(-a["trigger"].dt.days for a in vevent.walk("VALARM"))
        expected = [] if event.status == "done" else ([7] if event.kind == "notice" else [14, 60])
        assert triggers == expected, event.kind
    assert s.events[0].status == "done"  # done: no reminders
    assert [(e.kind, e.status) for e in s.events] == [
        ("maintenance_audit", "done"), ("maintenance_audit", "upcoming"), ("notice", "upcoming"),
        ("recertification", "upcoming"), ("expiry", "upcoming")]


def test_reminders_already_past_are_left_out(make_intake: Callable[..., Path], tmp_path: Path) -> None:
    s = schedule(make_intake, CALENDAR_YEAR_END, certified("2024-03-15"), today=D("2026-12-01"))
    cal = Calendar.from_ical(write_ics(s, tmp_path / "x.ics", company="Acme").read_bytes())
    triggers = {str(v["uid"]): sorted(-a["trigger"].dt.days for a in v.walk("VALARM")) for v in cal.walk("VEVENT")}
    assert triggers == {
        "acme-c1-maintenance_audit-year2@corpath": [],  # overdue
        "acme-c1-maintenance_audit-year3@corpath": [14],  # 30 days away: the 60-day reminder has passed
        "acme-c1-recertification@corpath": [14, 60],
        "acme-c1-expiry@corpath": [14, 60],
    }


def test_projected_events_are_tentative_in_the_calendar(make_intake: Callable[..., Path], tmp_path: Path) -> None:
    s = schedule(make_intake, ANNIVERSARY, {"client_requirements": {"target_audit_date": "2027-06-30"}})
    cal = Calendar.from_ical(write_ics(s, tmp_path / "x.ics", company="Acme").read_bytes())
    events = cal.walk("VEVENT")
    assert {str(v["status"]) for v in events} == {"TENTATIVE"}
    assert str(events[0]["summary"]) == "Acme: IHSA COR 2020 certification audit (projected)"


def uids_and_sequences(path: Path) -> dict[str, tuple[date, int]]:
    return {str(v["uid"]): (v["dtstart"].dt, int(v["sequence"])) for v in Calendar.from_ical(path.read_bytes())
            .walk("VEVENT")}


def test_a_moved_target_date_keeps_each_uid_and_raises_its_sequence(make_intake: Callable[..., Path],
                                                                    tmp_path: Path) -> None:
    """Re-importing the next delivery's calendar updates the events instead of adding a second copy of each."""
    june = schedule(make_intake, ANNIVERSARY, {"client_requirements": {"target_audit_date": "2027-06-30"}})
    september = schedule(make_intake, ANNIVERSARY, {"client_requirements": {"target_audit_date": "2027-09-30"}})
    first = uids_and_sequences(write_ics(june, tmp_path / "1.ics", company="Acme"))
    assert set(first) == {"acme-c1-certification_audit@corpath", "acme-c1-maintenance_audit-year2@corpath",
                          "acme-c1-maintenance_audit-year3@corpath", "acme-c1-recertification@corpath",
                          "acme-c1-expiry@corpath"}
    assert {seq for _, seq in first.values()} == {0}

    second = uids_and_sequences(write_ics(september, tmp_path / "2.ics", company="Acme", previous=tmp_path / "1.ics"))
    assert set(second) == set(first)
    assert all(second[uid] == (day + timedelta(days=92), 1) for uid, (day, _) in first.items()
               if "expiry" not in uid and "recertification" not in uid), second
    assert second["acme-c1-certification_audit@corpath"] == (D("2027-09-30"), 1)

    # built again with nothing moved: the sequences stay; moved back: they go up again
    third = uids_and_sequences(write_ics(september, tmp_path / "3.ics", company="Acme", previous=tmp_path / "2.ics"))
    assert third == second
    fourth = uids_and_sequences(write_ics(june, tmp_path / "4.ics", company="Acme", previous=tmp_path / "3.ics"))
    assert fourth == {uid: (day, 2) for uid, (day, _) in first.items()}


def test_an_unreadable_previous_calendar_starts_the_sequences_again(make_intake: Callable[..., Path],
                                                                    tmp_path: Path) -> None:
    s = schedule(make_intake, ANNIVERSARY, {"client_requirements": {"target_audit_date": "2027-06-30"}})
    broken = tmp_path / "broken.ics"
    broken.write_text("BEGIN:VCALENDAR\nthis is not iCalendar\n", encoding="utf-8")
    written = uids_and_sequences(write_ics(s, tmp_path / "x.ics", company="Acme", previous=broken))
    assert {seq for _, seq in written.values()} == {0}


def test_a_new_certificate_starts_new_events(make_intake: Callable[..., Path]) -> None:
    """Cycle 2 (its recertification audit recorded) is not cycle 1 moved: its events get their own UIDs."""
    first = schedule(make_intake, CALENDAR_YEAR_END, certified("2024-03-15"))
    second = schedule(make_intake, CALENDAR_YEAR_END, certified(
        "2027-03-10", audits=[{"kind": "recertification", "date": "2027-02-20"}]), today=D("2027-04-01"))
    assert (first.cycle, second.cycle) == (1, 2)
    assert {e.key for e in second.events} == {"c2-maintenance_audit-year2", "c2-maintenance_audit-year3",
                                              "c2-recertification", "c2-expiry"}
    assert not {event_uid(first, e) for e in first.events} & {event_uid(second, e) for e in second.events}


CALNAME = "D&B, Roofing; Sons \\ Co"


def test_the_calendar_name_is_escaped_like_the_summary(make_intake: Callable[..., Path], tmp_path: Path) -> None:
    s = schedule(make_intake, CALENDAR_YEAR_END, certified("2024-03-15"))
    raw = write_ics(s, tmp_path / "x.ics", company=CALNAME).read_text(encoding="utf-8")
    lines = raw.replace("\r\n ", "").splitlines()  # unfolded
    escaped = "D&B\\, Roofing\\; Sons \\\\ Co"
    assert f"X-WR-CALNAME:{escaped}: ACSA SECOR upkeep" in lines
    assert any(line.startswith(f"SUMMARY:{escaped}: ") for line in lines)
    name = next(line for line in lines if line.startswith("X-WR-CALNAME:")).partition(":")[2]
    unescaped = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], name)  # RFC 5545 3.3.11
    assert unescaped == f"{CALNAME}: ACSA SECOR upkeep"


# ------------------------------------------------------------------------------------------ corpath due

DUE_SOON = """\
client: {client}
company: {{legal_name: Soon Roofing Ltd., province: AB, industry: construction, trades: [roofing]}}
people: {{workers: 6, owner: {{name: Pat Owner, title: Owner}}}}
operations: {{activities: [roofing]}}
certificate: {{status: certified, issued: 2025-02-01}}
"""
OVERDUE = """\
client: late-gc
company: {legal_name: Late GC Inc., province: ON, industry: construction, trades: [carpentry]}
people: {workers: 12, owner: {name: Lee Late, title: President}}
operations: {activities: [ladders]}
certificate: {status: certified, issued: 2025-03-10}
"""
NO_PROGRAM = """\
client: island
company: {legal_name: Island Ltd., province: PE, industry: construction, trades: [roofing]}
people: {workers: 3, owner: {name: Ann Isle, title: Owner}}
operations: {activities: [roofing]}
"""


@pytest.fixture
def intake_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "intake"
    folder.mkdir()
    (folder / "soon.yaml").write_text(DUE_SOON.format(client="soon"), encoding="utf-8")
    (folder / "late-gc.yaml").write_text(OVERDUE, encoding="utf-8")
    (folder / "island.yaml").write_text(NO_PROGRAM, encoding="utf-8")
    (folder / "broken.yaml").write_text(DUE_SOON.format(client="broken").replace("workers: 6", "workers: 0"),
                                        encoding="utf-8")
    return folder


def test_due_lists_what_is_due_and_overdue_across_clients(intake_dir: Path) -> None:
    result = CliRunner().invoke(main, ["due", "--today", "2026-11-26", "--intake-dir", "intake"])
    assert result.exit_code == 1  # an invalid intake
    assert result.stdout == (
        "Due by 2027-02-24 for 2 clients (as of 2026-11-26):\n"
        "CLIENT   DATE        WHAT                                      STATUS   DAYS LEFT\n"
        "late-gc  2026-03-09  Year 2 maintenance audit (IHSA COR 2020)  OVERDUE       -262\n"
        "soon     2026-12-31  Year 2 maintenance audit (ACSA SECOR)     due             35\n"
    )
    broken, island = result.stderr.splitlines()
    assert broken == "broken: skipped: invalid intake: intake/broken.yaml:3:19: people.workers: must be at least 1"
    assert island.startswith("island: skipped: no COR program: Prince Edward Island: No COR certifying partner")
    assert result.stderr.count("\n") == 2


def test_due_json_is_one_list(intake_dir: Path) -> None:
    (intake_dir / "broken.yaml").unlink()
    result = CliRunner().invoke(main, ["due", "--json", "--today", "2026-11-26", "--within", "4m",
                                       "--intake-dir", str(intake_dir)])
    assert result.exit_code == 0
    items = json.loads(result.stdout)
    assert [(i["client"], i["date"], i["kind"], i["status"], i["days_left"]) for i in items] == [
        ("late-gc", "2026-03-09", "maintenance_audit", "overdue", -262),
        ("soon", "2026-12-31", "maintenance_audit", "due", 35),
        ("late-gc", "2027-03-09", "maintenance_audit", "upcoming", 103),
    ]
    assert items[0]["what"] == "Year 2 maintenance audit (IHSA COR 2020)"


def test_due_refuses_a_bad_window(intake_dir: Path) -> None:
    result = CliRunner().invoke(main, ["due", "--within", "soon"])
    assert result.exit_code == 2
    assert "'soon' is not a window: use a number and a unit, e.g. 90d, 12w or 3m" in result.stderr


def test_due_with_a_missing_folder_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["due", "--intake-dir", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'nope'}: no such folder\n  hint: give the intake folder with " \
                            f"--intake-dir\n"


def test_a_lapse_rule_with_an_unknown_placeholder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "schedule_rules.yaml"
    path.write_text(
        "format: 1\n"
        "notice: {auditors: [external_auditor], source: x, confidence: high}\n"
        "lapses:\n"
        "  - {partner: bc-bccsa, course: Auditor, kind: course_lapse, months: 12, title: '{who} lapses',\n"
        "     description: d, source: x, confidence: high}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_schedule_rules(path)
    assert len(info.value.problems) == 1
    assert str(info.value.problems[0]).endswith(
        "lapses[0]: unknown placeholder who; known: completed, course, date, partner, person")


def test_esc_maintenance_audits_are_due_by_months_from_issue_not_from_an_early_audit(
        make_intake: Callable[..., Path]) -> None:
    # ESC's rule (Enform wording in the pack): within 12 and within 24 months of issue. A year-2 audit done two
    # weeks early does not pull the year-3 deadline forward to its own anniversary.
    esc = {"company": {"province": "SK", "industry": "oil_and_gas"}, "people": {"workers": 14}}
    audits = [{"kind": "certification", "date": "2024-02-28", "score": 84},
              {"kind": "maintenance", "date": "2025-03-05", "score": 81}]
    s = schedule(make_intake, esc, certified("2024-03-20", audits=audits), today=D("2026-11-30"))
    year3 = next(e for e in s.events if e.kind == "maintenance_audit" and e.title.startswith("Year 3"))
    assert "ESC" in year3.title
    assert year3.date == D("2026-03-20") and year3.status == "overdue"
    assert "24 months of the certificate's issue" in year3.description
