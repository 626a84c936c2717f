"""The intake questionnaire: every validation rule with its exact message, located by file, line and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from intake_files import MINIMAL, problems, write

from pipeline.cli import main
from pipeline.intake.load import intake_schema, load_intake

REPO = Path(__file__).resolve().parent.parent





def test_minimal_intake_is_valid(in_tmp: Path) -> None:
    intake = load_intake(write(in_tmp, "acme.yaml", MINIMAL.format(client="acme")))
    assert intake.company.legal_name == "Test Roofing Ltd."
    assert intake.people.coordinator.name == "Dan Kowalski"  # defaults to the owner


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("  workers: 6", "  workers: 0"), "intake/acme.yaml:8:12: people.workers: must be at least 1"),
        (("  workers: 6", "  workers: six"), "intake/acme.yaml:8:12: people.workers: must be a whole number"),
        (("  province: AB", "  province: ZZ"),
         "intake/acme.yaml:4:13: company.province: unknown value 'ZZ'; valid: AB, BC, SK, MB, ON, QC, NB, NS, PE, "
         "NL, YT, NT, NU"),
        (("  legal_name: Test Roofing Ltd.\n", ""), "intake/acme.yaml:2:1: company.legal_name: is required"),
        (("  trades: [roofing]", "  trades: []"), "intake/acme.yaml:6:3: company.trades: must list at least 1 item"),
        (("  workers: 6", "  workers: 6\n  workres: 7"),
         "intake/acme.yaml:9:3: people.workres: unknown key 'workres'; did you mean 'workers'?"),
        (("  activities: [work_at_heights]", "  activities: [work_at_heights, roofng]"),
         "intake/acme.yaml:11:33: operations.activities[1]: unknown value 'roofng' (did you mean 'roofing'?); valid: "
         "work_at_heights, ladders, scaffolds, roofing, rooftop_work, excavation, confined_space, hot_work, "
         "electrical, lockout, mobile_equipment, driving, power_tools, hazardous_products, silica, asbestos, noise, "
         "working_alone, heat_cold, traffic_control, lifting_rigging, demolition, concrete"),
        (("  activities: [work_at_heights]", "  activities: [work_at_heights, work_at_heights]"),
         "intake/acme.yaml:11:3: operations.activities: 'work_at_heights' is listed twice"),
        (("  legal_name: Test Roofing Ltd.", '  legal_name: "Two\\nLines Ltd."'),
         "intake/acme.yaml:3:15: company.legal_name: must be on one line"),
    ],
)
def test_validation_messages(in_tmp: Path, edit: tuple[str, str], expected: str) -> None:
    old, new = edit
    text = MINIMAL.format(client="acme")
    assert old in text
    path = write(in_tmp, "acme.yaml", text.replace(old, new, 1))
    assert problems(path) == [expected]


@pytest.mark.parametrize(
    ("key", "parent", "meant"),
    [("signed", "practices.policy", "acknowledgements"),  # by spelling alone: 'since'
     ("Sign-offs", "practices.policy", "acknowledgements"),
     ("how_often", "practices.inspections", "frequency"),
     ("how_many", "practices.inspections.records", "count"),
     ("how_many", "people", "workers"),
     ("jhsc", "people", "committee"),
     ("sinse", "practices.policy", "since")],  # no consultant's word: the closest spelling still answers
)
def test_unknown_key_suggests_the_field_a_consultant_means(in_tmp: Path, key: str, parent: str, meant: str) -> None:
    text = MINIMAL.format(client="acme")
    if parent == "people":
        text = text.replace("  workers: 6\n", f"  workers: 6\n  {key}: 3\n")
        line = 9
    else:
        parts = parent.split(".")
        text += "".join(f"{'  ' * i}{p}:\n" for i, p in enumerate(parts)) + f"{'  ' * len(parts)}{key}: 3\n"
        line = text.count("\n")
    found = problems(write(in_tmp, "acme.yaml", text))
    column = 3 if parent == "people" else 2 * len(parent.split(".")) + 1
    assert found == [f"intake/acme.yaml:{line}:{column}: {parent}.{key}: unknown key '{key}'; did you mean '{meant}'?"]


@pytest.mark.parametrize(
    ("site", "keys", "quoted"),
    [("{name: Shop and wash bay, Fort St. John}", "an unknown key: 'Fort St. John'",
      'name: "Shop and wash bay, Fort St. John"'),
     ("{name: Yard, Kenmount Road, St. John's, type: shop}", "unknown keys: 'Kenmount Road', 'St. John's'",
      'name: "Yard, Kenmount Road, St. John\'s"'),
     ("{name: Contracts (parks, trails), type: commercial}", "an unknown key: 'trails)'",  # no key has a ")"
      'name: "Contracts (parks, trails)"'),
     # a remnant that reads as a number became an integer key: no traceback, and no bare "unknown key '10'"
     ("{name: Pressure trucks (triplex pumps, 10,000 psi), type: shop}", "unknown keys: '10', '000 psi)'",
      'name: "Pressure trucks (triplex pumps, 10,000 psi)"'),
     # review 10: a lowercase remnant ('walls') is part of the same cut value, not a key of its own
     ("{name: Retaining wall block, 10 kg to 40 kg, walls}", "unknown keys: '10 kg to 40 kg', 'walls'",
      'name: "Retaining wall block, 10 kg to 40 kg, walls"'),
     ("{name: Landscaping (patios, walls, sod), type: shop}", "unknown keys: 'walls', 'sod)'",
      'name: "Landscaping (patios, walls, sod)"')],
)
def test_a_comma_inside_braces_asks_for_quotes(in_tmp: Path, site: str, keys: str, quoted: str) -> None:
    """A comma in a flow mapping ends the value; the words after it become unknown keys with no value. One
    problem, at the value, leads with the one right fix (the value as typed, in quotes); the remnants get no
    "unknown key" lines of their own, which would suggest other fixes (review 10, defect 15)."""
    text = MINIMAL.format(client="acme").replace("operations:\n", f"operations:\n  sites:\n    - {site}\n", 1)
    found = [p for p in problems(write(in_tmp, "acme.yaml", text)) if not p.endswith("type: is required")]
    assert found == [f"intake/acme.yaml:12:14: operations.sites[0].name: put the value in quotes: {quoted} (a "
                     f"comma inside {{…}} ends a value, so the rest of it was read as {keys})"]


def test_an_unknown_key_in_braces_that_reads_like_a_key_keeps_the_suggestion(in_tmp: Path) -> None:
    text = MINIMAL.format(client="acme").replace("operations:\n", "operations:\n  sites:\n    - {name: Yard, "
                                                                   "tipe: shop}\n", 1)
    assert problems(write(in_tmp, "acme.yaml", text))[-1] == (
        "intake/acme.yaml:12:20: operations.sites[0].tipe: unknown key 'tipe'; did you mean 'type'?")


def test_every_problem_is_reported_at_once(in_tmp: Path) -> None:
    text = MINIMAL.format(client="acme").replace("workers: 6", "workers: 0").replace("province: AB", "province: XX")
    found = problems(write(in_tmp, "acme.yaml", text + "extra_key: 1\n"))
    assert [p.split(": ")[1] for p in found] == ["company.province", "people.workers", "extra_key"]


def test_client_must_equal_file_stem(in_tmp: Path) -> None:
    path = write(in_tmp, "acme.yaml", MINIMAL.format(client="other"))
    assert problems(path) == ["intake/acme.yaml:1:9: client: must equal the file name 'acme' (the file is acme.*)"]


@pytest.mark.parametrize("bad", ["Acme", "acme_roofing", "-acme", "../etc", "a" * 65])
def test_client_must_be_a_safe_folder_name(in_tmp: Path, bad: str) -> None:
    path = write(in_tmp, "x.yaml", MINIMAL.format(client=json.dumps(bad)))
    (message,) = problems(path)
    assert message.startswith("intake/x.yaml:1:9: client: must be lowercase letters, digits and hyphens")


def test_malformed_yaml_gives_parser_position(in_tmp: Path) -> None:
    text = MINIMAL.format(client="acme").replace("  trades: [roofing]", "  trades: [roofing")
    path = write(in_tmp, "acme.yaml", text)
    (message,) = problems(path)
    assert message == "intake/acme.yaml:7:7: malformed YAML: expected ',' or ']', but got ':'"


def test_duplicate_key_is_an_error(in_tmp: Path) -> None:
    path = write(in_tmp, "acme.yaml", MINIMAL.format(client="acme") + "client: acme\n")
    (message,) = problems(path)
    assert message.startswith("intake/acme.yaml:12:1: malformed YAML:")
    assert "duplicate" in message


def test_empty_file_is_explained(in_tmp: Path) -> None:
    path = write(in_tmp, "acme.yaml", "# nothing yet\n")
    assert problems(path) == ["intake/acme.yaml:1:1: must be a mapping of keys to values (is the file empty?)"]


def test_json_intake_is_accepted(in_tmp: Path) -> None:
    data = {
        "client": "jsonco",
        "company": {"legal_name": "Json Co", "province": "BC", "industry": "construction", "trades": ["framing"]},
        "people": {"workers": 4, "owner": {"name": "Ann Lee", "title": "Owner"}},
        "operations": {"activities": ["ladders"]},
    }
    path = write(in_tmp, "jsonco.json", json.dumps(data, indent=2))
    assert load_intake(path).company.province.value == "BC"


def test_json_problems_are_located(in_tmp: Path) -> None:
    data = {
        "client": "jsonco",
        "company": {"legal_name": "Json Co", "province": "BC", "industry": "construction", "trades": ["framing"]},
        "people": {"workers": -2, "owner": {"name": "Ann Lee", "title": "Owner"}},
        "operations": {"activities": ["ladders"]},
    }
    path = write(in_tmp, "jsonco.json", json.dumps(data, indent=2))
    assert problems(path) == ["intake/jsonco.json:12:16: people.workers: must be at least 1"]


def test_malformed_json_gives_parser_position(in_tmp: Path) -> None:
    path = write(in_tmp, "bad.json", '{\n  "client": "bad",\n  "company": {\n}')
    (message,) = problems(path)
    assert message == "intake/bad.json:4:2: malformed JSON: Expecting ',' delimiter"


def test_missing_file(in_tmp: Path) -> None:
    assert problems(in_tmp / "intake" / "nobody.yaml") == ["intake/nobody.yaml: file not found"]


def test_practice_records_must_be_consistent(in_tmp: Path) -> None:
    text = MINIMAL.format(client="acme") + "practices:\n  inspections:\n    done: true\n    records: {count: 4}\n"
    assert problems(write(in_tmp, "acme.yaml", text)) == [
        "intake/acme.yaml:13:3: practices.inspections: records.count is above 0 but records.kept is false"
    ]


def test_month_fields_accept_year_and_month(in_tmp: Path) -> None:
    text = MINIMAL.format(client="acme") + "practices:\n  inspections:\n    done: true\n    since: 2024-03\n"
    intake = load_intake(write(in_tmp, "acme.yaml", text))
    assert intake.practices.inspections.since.isoformat() == "2024-03-01"


@pytest.mark.parametrize("path", sorted((REPO / "intake").glob("*.yaml")), ids=lambda p: p.stem)
def test_example_intakes_validate_and_point_at_the_schema(path: Path) -> None:
    assert load_intake(path).client == path.stem
    assert path.read_text(encoding="utf-8").splitlines()[0] == "# yaml-language-server: $schema=../intake.schema.json"


def test_examples_are_different_companies() -> None:
    intakes = [load_intake(p) for p in sorted((REPO / "intake").glob("*.yaml"))]
    assert len({i.company.province for i in intakes}) == len(intakes) >= 3
    assert len({frozenset(i.operations.activities) for i in intakes}) == len(intakes)


def test_schema_file_is_in_sync() -> None:
    committed = json.loads((REPO / "intake.schema.json").read_text(encoding="utf-8"))
    assert committed == intake_schema(), "intake.schema.json is stale: run `make schema`"


def test_every_schema_field_has_a_description() -> None:
    schema = intake_schema()
    missing = []
    for name, definition in schema["$defs"].items():
        for prop, spec in definition.get("properties", {}).items():
            if "description" not in spec:
                missing.append(f"{name}.{prop}")
    assert missing == []


def test_validate_command_exit_codes(in_tmp: Path) -> None:
    good = write(in_tmp, "acme.yaml", MINIMAL.format(client="acme"))
    bad = write(in_tmp, "bad.yaml", MINIMAL.format(client="bad").replace("workers: 6", "workers: 0"))
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(good)])
    assert ok.exit_code == 0, ok.output
    failed = runner.invoke(main, ["validate", str(good), str(bad)])
    assert failed.exit_code == 1
    assert "intake/bad.yaml:8:12: people.workers: must be at least 1" in failed.output
    assert "Traceback" not in failed.output


def test_validate_takes_client_ids_as_every_command_does(in_tmp: Path) -> None:
    """Review 23: `corpath validate lakeshore-gc` said 'file not found'; the README names a client by its id
    everywhere. Paths are shown as the consultant would type them."""
    write(in_tmp, "acme.yaml", MINIMAL.format(client="acme"))
    write(in_tmp, "bad.yaml", MINIMAL.format(client="bad").replace("workers: 6", "workers: 0"))
    result = CliRunner().invoke(main, ["validate", "acme", "bad", "nosuch"])
    assert result.exit_code == 1
    assert "intake/acme.yaml: ok" in result.output
    assert "intake/bad.yaml:8:12: people.workers: must be at least 1" in result.output
    assert "intake/nosuch.yaml: file not found" in result.output
    assert str(in_tmp) not in result.output


def test_usage_error_exit_code() -> None:
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 2


def test_no_color_is_honoured(in_tmp: Path) -> None:
    good = write(in_tmp, "acme.yaml", MINIMAL.format(client="acme"))
    coloured = CliRunner().invoke(main, ["validate", str(good)], color=True)
    assert "\x1b[" in coloured.output
    plain = CliRunner(env={"NO_COLOR": "1"}).invoke(main, ["validate", str(good)], color=True)
    assert "\x1b[" not in plain.output
    assert plain.output == "intake/acme.yaml: ok\n"  # as its problems would name it (display_path)


@pytest.mark.parametrize("command", ["status", "batch"])
def test_a_missing_intake_folder_is_said_plainly(tmp_path: Path, command: str) -> None:
    result = CliRunner().invoke(main, [command, "--intake-dir", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert result.output.endswith(f"error: {tmp_path / 'nope'}: no such folder\n  hint: give the intake folder "
                                  "with --intake-dir\n")
    assert "Traceback" not in result.output
