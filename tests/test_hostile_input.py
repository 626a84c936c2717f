"""Hostile and extreme intakes: refused at validation with file:line:col, never a traceback, a hang or a crash."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from intake_files import MINIMAL as MINIMAL_INTAKE
from intake_files import problems, write

from pipeline.cli import main
from pipeline.intake.limits import check_text
from pipeline.intake.load import load_intake

REPO = Path(__file__).resolve().parent.parent

MINIMAL = MINIMAL_INTAKE.format(client="acme")




# ------------------------------------------------------------------------------------------- the text rule


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"Jo\\x00e"', "consultant: contains a NUL character at character 3; remove it"),
        ('"Jo\\x01e"', "consultant: contains a control character (U+0001) at character 3; remove it"),
        ('"Jo\\x7fe"', "consultant: contains a control character (U+007F) at character 3; remove it"),
        ('"Jo\\x85e"', "consultant: contains a control character (U+0085) at character 3; remove it"),
        ('"Jo\\te"', "consultant: contains a tab at character 3; remove it"),
        ('"Jo\\ne"', "consultant: must be on one line"),
        ('"Jo\\u2028e"', "consultant: must be on one line"),
        ('"' + "x" * 256 + '"', "consultant: is 256 characters long; the limit is 255"),
    ],
)
def test_text_rule_refuses_control_characters_and_overlong_values(in_tmp: Path, value: str, expected: str) -> None:
    path = write(in_tmp, "acme.yaml", MINIMAL + f"consultant: {value}\n")
    assert problems(path) == [f"intake/acme.yaml:12:13: {expected}"]


def test_the_spaces_around_a_quoted_value_are_dropped(in_tmp: Path) -> None:
    # review 22: `legal_name: "Élite Ltée "` printed "Élite Ltée 's" in the program, "Ltée , as of" in the gap report
    text = MINIMAL.replace("legal_name: Test Roofing Ltd.", 'legal_name: " Élite Ltée\u00a0 "')
    text = text.replace("trades: [roofing]", 'trades: ["roofing ", "  siding"]')
    intake = load_intake(write(in_tmp, "acme.yaml", text))
    assert intake.company.legal_name == "Élite Ltée"
    assert intake.company.trades == ["roofing", "siding"]


def test_text_rule_holds_in_lists_and_names_the_item(in_tmp: Path) -> None:
    path = write(in_tmp, "acme.yaml", MINIMAL.replace("trades: [roofing]", 'trades: [roofing, "sid\\x1bing"]'))
    assert problems(path) == [
        "intake/acme.yaml:6:21: company.trades[1]: contains a control character (U+001B) at character 4; remove it"
    ]


def test_free_text_allows_lines_and_tabs_but_not_other_controls(in_tmp: Path) -> None:
    ok = MINIMAL + 'practices:\n  policy:\n    notes: "signed in 2024\\n\\tby the owner"\n'
    assert load_intake(write(in_tmp, "acme.yaml", ok)).practices.policy.notes == "signed in 2024\n\tby the owner"
    bad = MINIMAL + 'practices:\n  policy:\n    notes: "signed\\x07"\n'
    assert problems(write(in_tmp, "acme.yaml", bad)) == [
        "intake/acme.yaml:14:12: practices.policy.notes: contains a control character (U+0007) at character 7; "
        "remove it"
    ]
    long = MINIMAL + "practices:\n  policy:\n    notes: " + "y" * 2001 + "\n"
    assert problems(write(in_tmp, "acme.yaml", long))[0].endswith("is 2,001 characters long; the limit is 2,000")


def test_text_rule_can_allow_lines_per_field() -> None:
    assert check_text("12 Main St\nUnit 4", lines=True) == "12 Main St\nUnit 4"
    with pytest.raises(ValueError, match="one line"):
        check_text("12 Main St\nUnit 4")
    with pytest.raises(ValueError, match="carriage return"):
        check_text("12 Main St\r\nUnit 4", lines=True)


def test_json_intake_with_a_raw_delete_character_is_refused_by_the_text_rule(in_tmp: Path) -> None:
    data = json.loads(json.dumps({"client": "acme", "company": {"legal_name": "Test\x7f Ltd.", "province": "AB",
                                  "industry": "construction", "trades": ["roofing"]},
                                  "people": {"workers": 6, "owner": {"name": "Dan", "title": "Owner"}},
                                  "operations": {"activities": ["roofing"]}}))
    path = in_tmp / "intake" / "acme.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    found = problems(path)
    assert len(found) == 1 and "malformed YAML" not in found[0]
    assert found[0].startswith("intake/acme.json") and "company.legal_name: contains a control character (U+007F)" \
        in found[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"client": "acme", "x": Infinity}', "intake/acme.json: malformed JSON: Infinity is not a number corpath "
                                               "accepts"),
        ('{"client": "acme", "client": "b"}', "intake/acme.json: malformed JSON: duplicate key 'client'"),
        ('{"client": "acme",\n "x": }', "intake/acme.json:2:7: malformed JSON: Expecting value"),
    ],
)
def test_json_errors_are_called_json_errors(in_tmp: Path, text: str, expected: str) -> None:
    path = in_tmp / "intake" / "acme.json"
    path.write_text(text, encoding="utf-8")
    assert problems(path) == [expected]


# ----------------------------------------------------------------------------------- numbers and dates


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ("wcb: {annual_premium: 1e26}", "intake/acme.yaml:12:23: wcb.annual_premium: must be at most 10,000,000,000"),
        ("wcb: {annual_premium: .inf}", "intake/acme.yaml:12:23: wcb.annual_premium: must be a finite number"),
        ("wcb: {assessable_payroll: .nan}", "intake/acme.yaml:12:27: wcb.assessable_payroll: must be a finite number"),
        ("wcb: {rate_per_100: 101}", "intake/acme.yaml:12:21: wcb.rate_per_100: must be at most 100"),
        ("client_requirements: {target_audit_date: 9999-12-31}",
         "intake/acme.yaml:12:42: client_requirements.target_audit_date: must be between 1900-01-01 and 2100-12-31"),
        ("client_requirements: {target_audit_date: 1066-10-14}",
         "intake/acme.yaml:12:42: client_requirements.target_audit_date: must be between 1900-01-01 and 2100-12-31"),
        ("client_requirements: {target_audit_date: 2026-02-30}",
         "intake/acme.yaml:12:42: client_requirements.target_audit_date: '2026-02-30' is not a real date (day is out "
         "of range for month)"),
        ("practices: {policy: {since: 0000-01}}",
         "intake/acme.yaml:12:29: practices.policy.since: must be a month like 2024-03 or a date like 2024-03-15"),
        ("practices: {policy: {records: {kept: true, count: 99999999999}}}",
         "intake/acme.yaml:12:51: practices.policy.records.count: must be at most 1,000,000"),
    ],
)
def test_numbers_and_dates_out_of_range_are_refused_with_their_position(in_tmp: Path, edit: str,
                                                                        expected: str) -> None:
    assert problems(write(in_tmp, "acme.yaml", MINIMAL + edit + "\n")) == [expected]


def test_an_impossible_date_is_reported_with_every_other_problem(in_tmp: Path) -> None:
    """A date that is no real day used to stop the reading of the file: the other problems showed only once it
    was fixed. Now each impossible date is one problem among the rest, under its field's name where the
    questionnaire has one, and still refused where any text is allowed."""
    text = (MINIMAL.replace("workers: 6", "workres: 6")
            + "client_requirements: {target_audit_date: 2027-02-30}\n"
            + "practices: {policy: {since: 2024-13, notes: 2026-04-31}}\n")
    found = problems(write(in_tmp, "acme.yaml", text))
    assert any("workres" in p for p in found)
    assert "intake/acme.yaml:12:42: client_requirements.target_audit_date: '2027-02-30' is not a real date (day is " \
           "out of range for month)" in found
    assert any(p.startswith("intake/acme.yaml:13:29: practices.policy.since:") for p in found)
    assert any(p.startswith("intake/acme.yaml:13:") and "'2026-04-31' is not a real date" in p for p in found)
    assert not any("valid date" in p for p in found)  # the model's own words for the same value are left out
    assert found == sorted(found, key=lambda p: [int(n) for n in p.split(":")[1:3]])


def test_headcount_out_of_range(in_tmp: Path) -> None:
    text = MINIMAL.replace("workers: 6", "workers: 10000000000000000000000")
    assert problems(write(in_tmp, "acme.yaml", text)) == [
        "intake/acme.yaml:8:12: people.workers: must be at most 100,000"
    ]


# ----------------------------------------------------------------------------------- loading with limits


def _run_validate(path: Path, seconds: float) -> subprocess.CompletedProcess[str]:
    """`corpath validate` in a child limited to 1 GB of memory, so a blow-up fails the test instead of the host."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run([str(Path(sys.executable).with_name("corpath")), "validate", str(path)], capture_output=True,
                          text=True, timeout=seconds, cwd=REPO, preexec_fn=limit)


def test_alias_bomb_is_refused_at_once(in_tmp: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    path = write(in_tmp, "acme.yaml", "\n".join(lines) + "\n")
    assert path.stat().st_size < 600
    started = time.monotonic()
    done = _run_validate(path, 60)
    assert time.monotonic() - started < 60
    assert done.returncode == 1, done.stderr
    assert "holds more than 100,000 values once its aliases are expanded" in done.stderr
    assert "Traceback" not in done.stderr


def test_recursive_alias_is_refused(in_tmp: Path) -> None:
    path = write(in_tmp, "acme.yaml", "x: &a [*a]\n")
    assert problems(path) == ["intake/acme.yaml:1:8: alias *a refers to the value that contains it"]


def test_deep_nesting_is_refused(in_tmp: Path) -> None:
    path = write(in_tmp, "acme.yaml", "x: " + "[" * 5000 + "]" * 5000 + "\n")
    assert problems(path) == ["intake/acme.yaml:1:67: nested more than 64 levels deep"]


def test_a_few_aliases_still_work(in_tmp: Path) -> None:
    text = MINIMAL.replace("owner: {name: Dan Kowalski, title: Owner}",
                           "owner: &dan {name: Dan Kowalski, title: Owner}\n  safety_coordinator: *dan")
    assert load_intake(write(in_tmp, "acme.yaml", text)).people.coordinator.name == "Dan Kowalski"


def test_fifo_is_refused_without_waiting(in_tmp: Path) -> None:
    path = in_tmp / "intake" / "acme.yaml"
    os.mkfifo(path)
    done = _run_validate(path, 60)
    assert done.returncode == 1
    assert "acme.yaml: is a FIFO (named pipe), not a regular file" in done.stderr


def test_device_behind_a_symlink_is_refused(in_tmp: Path) -> None:
    path = in_tmp / "intake" / "acme.yaml"
    path.symlink_to("/dev/zero")
    assert problems(path) == ["intake/acme.yaml: is a device, not a regular file"]


def test_oversized_file_is_refused(in_tmp: Path) -> None:
    path = write(in_tmp, "acme.yaml", MINIMAL + "#" * 1_000_001 + "\n")
    assert problems(path) == [f"intake/acme.yaml: is {path.stat().st_size:,} bytes; the limit is 1,000,000 bytes"]


# ----------------------------------------------------------------------- one client's bad data, CLI limits


def test_one_clients_extreme_date_does_not_break_due_for_the_others(in_tmp: Path) -> None:
    good = MINIMAL.replace("client: acme", "client: good") + (
        "certificate:\n  status: certified\n  program: COR\n  issued: 2024-05-01\n  expires: 2027-05-01\n")
    write(in_tmp, "good.yaml", good)
    write(in_tmp, "acme.yaml", MINIMAL + "client_requirements: {target_audit_date: 9999-12-31}\n")
    result = CliRunner().invoke(main, ["due", "--today", "2026-01-01", "--within", "24m", "--json"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "acme: skipped: invalid intake: intake/acme.yaml:12:42: client_requirements.target_audit_date" \
        in result.stderr
    items = json.loads(result.stdout)
    assert items and {item["client"] for item in items} == {"good"}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["due", "--within", "999999m"], "'999999m' is longer than ten years (at most 120m)"),
        (["due", "--within", "99999999d"], "'99999999d' is longer than ten years (at most 3653d)"),
        (["due", "--within", "523w"], "'523w' is longer than ten years (at most 522w)"),
        (["due", "--today", "9999-12-31"], "'9999-12-31' is outside 1900-01-01 to 2100-12-31"),
        (["gaps", "acme", "--today", "9999-12-31"], "'9999-12-31' is outside 1900-01-01 to 2100-12-31"),
        (["gaps", "acme", "--today", "0001-01-01"], "'0001-01-01' is outside 1900-01-01 to 2100-12-31"),
    ],
)
def test_extreme_cli_arguments_are_usage_errors(in_tmp: Path, args: list[str], expected: str) -> None:
    write(in_tmp, "acme.yaml", MINIMAL)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
