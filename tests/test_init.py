"""`corpath init`: the questionnaire in the terminal, driven through click's CliRunner, and from a JSON file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.intake.load import load_intake
from pipeline.intake.model import PRACTICE_NAMES


def answers_for_prompts() -> str:
    """What a consultant types, one answer per prompt, in the order the questionnaire asks."""
    lines = [
        "Smith & Sons <Roofing> *Star* #1 | {{ x }}",  # legal name
        "AB",  # province
        "construction",  # industry
        "roofing, sheet metal",  # trades
        "",  # operating name
        "6",  # workers
        "Dan Kowalski",  # owner name
        "Owner",  # owner title
        "eight",  # expected next 12 months: not a number, asked again (it was a traceback)
        "8",  # expected next 12 months
        "three",  # workers started in the past 12 months: not a number, asked again
        "3",  # workers started in the past 12 months
        "Luis Ortega",  # supervisor 1 name
        "Foreman",  # supervisor 1 title
        "",  # no more supervisors
        "",  # no coordinator
        "1",  # crews
        "n",  # COR by name
        "AB",  # provinces worked
        "2027-03-01",  # target date
        "roofng, work_at_heights",  # a typo first: re-asked
        "roofing, work_at_heights",  # activities
        "Ladder hoist",  # equipment 1
        "hoist",  # kind
        "1",  # count
        "",  # no more equipment
    ]
    for key in PRACTICE_NAMES:
        if key == "inspections":
            lines += ["y", "weekly", "2024-04", "y", "12", "paper, in the foreman's truck", "n", "y"]
        else:
            lines += ["n"]
    return "\n".join(lines) + "\n"


def test_interactive_init_writes_a_valid_commented_intake(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", "smith", "--intake-dir", str(tmp_path)], input=answers_for_prompts())
    assert result.exit_code == 0, result.output
    assert "unknown: roofng" in result.output
    path = tmp_path / "smith.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../intake.schema.json"
    assert "# Legal name on the WCB account" in text  # field descriptions become comments
    intake = load_intake(path)
    assert intake.company.legal_name == "Smith & Sons <Roofing> *Star* #1 | {{ x }}"
    assert [s.name for s in intake.people.supervisors] == ["Luis Ortega"]
    assert "'three' is not a whole number" in result.output
    assert "'eight' is not a whole number" in result.output
    assert intake.people.expected_workers_next_12_months == 8
    assert intake.people.new_workers_past_12_months == 3  # the orientation count (review 5)
    assert intake.practices.inspections.records.location == "paper, in the foreman's truck"
    assert intake.practices.inspections.records.can_produce is False
    assert intake.operations.equipment[0].type.value == "hoist"


def test_ctrl_c_leaves_no_file(tmp_path: Path) -> None:
    # input ends after a few answers: click reads EOF and aborts, as it does on Ctrl-C
    result = CliRunner().invoke(main, ["init", "smith", "--intake-dir", str(tmp_path)], input="Smith Ltd.\nAB\n")
    assert result.exit_code == 1
    assert "Aborted" in result.output
    assert list(tmp_path.iterdir()) == []


def test_existing_intake_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "smith.yaml"
    target.write_text("precious: true\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", "smith", "--intake-dir", str(tmp_path)], input=answers_for_prompts())
    assert result.exit_code == 1
    assert "already exists; use --force to replace it" in result.output
    assert target.read_text(encoding="utf-8") == "precious: true\n"


def json_answers(tmp_path: Path) -> Path:
    data = {
        "company": {"legal_name": "Entreprises Gagné & Fils Ltée", "province": "NB", "industry": "construction",
                    "trades": ["masonry"]},
        "people": {"workers": 12, "owner": {"name": "Luc Gagné", "title": "Président"}},
        "operations": {"activities": ["scaffolds", "silica"]},
        "practices": {"toolbox_meetings": {"done": True, "frequency": "weekly"}},
    }
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_init_from_a_json_answers_file(tmp_path: Path) -> None:
    answers = json_answers(tmp_path)
    result = CliRunner().invoke(main, ["init", "gagne", "--answers", str(answers), "--intake-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    intake = load_intake(tmp_path / "gagne.yaml")
    assert intake.company.legal_name == "Entreprises Gagné & Fils Ltée"
    assert intake.practices.toolbox_meetings.frequency.value == "weekly"


def test_force_replaces(tmp_path: Path) -> None:
    (tmp_path / "gagne.yaml").write_text("old: true\n", encoding="utf-8")
    answers = json_answers(tmp_path)
    args = ["init", "gagne", "--answers", str(answers), "--intake-dir", str(tmp_path), "--force"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert load_intake(tmp_path / "gagne.yaml").people.workers == 12


def test_bad_answers_are_reported_without_a_file(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"company": {"legal_name": "X"}}), encoding="utf-8")
    result = CliRunner().invoke(main, ["init", "x", "--answers", str(answers), "--intake-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "company.province: is required" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.yaml").exists()


@pytest.mark.parametrize("client", ["Bad_Name", "../up"])
def test_bad_client_id(tmp_path: Path, client: str) -> None:
    result = CliRunner().invoke(main, ["init", client, "--intake-dir", str(tmp_path)], input="")
    assert result.exit_code == 1
    assert "must be lowercase letters, digits and hyphens" in result.output
