"""Regenerating programs without losing the client's Word edits; stale detection; batch safety.

These run the real `corpath` command in a throw-away workspace with its own copy of program_templates
(CORPATH_TEMPLATES), so a protocol bump is a new pack file, exactly as a consultant would make it.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pytest
from icalendar import Calendar
from ooxml_order import docx_errors
from ruamel.yaml import YAML
from workspace import CORPATH, run_corpath, snapshot

REPO = Path(__file__).resolve().parent.parent

INTAKE = """\
client: {client}
company:
  legal_name: Brightline Roofing Ltd.
  province: AB
  industry: construction
  trades: [roofing]
people:
  workers: 5
  owner: {{name: Dana Whyte, title: Owner}}
  supervisors:
    - {{name: Sam Okafor, title: Foreman}}
operations:
  activities: [roofing, ladders]
practices:
  inspections:
    done: true
    frequency: weekly
    records: {{kept: true, count: 40, location: office, can_produce: true}}
"""

CLIENT_SENTENCE = "Brightline stops work on any roof when the wind makes footing unsafe, no matter the schedule."


def run(ws: Path, *args: str, check: bool = True, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess:
    return run_corpath(ws, *args, check=check, env=env)


def latest(ws: Path, client: str = "brightline") -> Path:
    return (ws / "output" / client / "latest").resolve()


def deliveries(ws: Path, client: str = "brightline") -> list[Path]:
    root = ws / "output" / client
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def bump_protocol(ws: Path, *, question_in_section: str, new_text: str) -> None:
    """A new ACSA protocol version whose only change is the wording of a question answered by one section."""
    folder = ws / "templates" / "protocols" / "ab-acsa"
    yaml = YAML()
    yaml.preserve_quotes = True
    pack = yaml.load((folder / "2023.1.yaml").read_text(encoding="utf-8"))
    pack["version"] = "2026"
    pack["effective"] = "2026-01-01"
    # the questions of 2023 live in the shared instrument file; the new version holds its own copy, and its points
    # rule with it
    shared = folder.parent / "instruments" / f"{pack.pop('instrument')}.yaml"
    instrument = yaml.load(shared.read_text(encoding="utf-8"))
    pack["points"] = instrument["points"]
    pack["elements"] = instrument["elements"]
    for element in pack["elements"]:
        for question in element["questions"]:
            if question["sections"] == [question_in_section]:
                question["text"] = new_text
                with (folder / "2026.yaml").open("w", encoding="utf-8") as fh:
                    yaml.dump(pack, fh)
                return
    raise AssertionError(f"no question answered only by {question_in_section}")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with one client built once (shared, never modified: tests work on copies)."""
    ws = tmp_path_factory.mktemp("workspace")
    shutil.copytree(REPO / "program_templates", ws / "templates")
    (ws / "intake").mkdir()
    (ws / "intake" / "brightline.yaml").write_text(INTAKE.format(client="brightline"), encoding="utf-8")
    run(ws, "build", "brightline")
    return ws


@pytest.fixture
def ws(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "ws"
    shutil.copytree(built, copy, symlinks=True)
    for path in copy.rglob("*"):  # deliveries are read-only; the copy must stay removable
        if path.is_file() and not path.is_symlink():
            path.chmod(0o644)
    return copy


def edit_policy(ws: Path) -> Path:
    """The client changes one paragraph of the policy section in Word (python-docx stands in for Word)."""
    document = docx.Document(str(latest(ws) / "program.docx"))
    in_policy = False
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            in_policy = paragraph.text.startswith("Health and Safety Policy")
        elif in_policy and len(paragraph.text) > 80 and paragraph.style.name in ("Body Text", "First Paragraph"):
            for run_ in paragraph.runs[1:]:
                run_.text = ""
            paragraph.runs[0].text = CLIENT_SENTENCE
            break
    else:
        raise AssertionError("no body paragraph found in the policy section")
    edited = ws / "edited.docx"
    document.save(str(edited))
    return edited


def test_client_edit_survives_a_protocol_change_elsewhere(ws: Path) -> None:
    first = latest(ws)
    result = run(ws, "absorb", "brightline", str(edit_policy(ws)))
    assert "kept the client's text of policy" in result.stdout
    override = ws / "intake" / "brightline.overrides" / "policy.md"
    assert CLIENT_SENTENCE in override.read_text(encoding="utf-8")

    bump_protocol(ws, question_in_section="inspections", new_text="Are planned inspections done on every site?")
    impact = json.loads(run(ws, "protocols", "impact", "ab-acsa", "2023.1", "2026", "--json").stdout)
    (client,) = impact["clients"]
    assert client["client"] == "brightline"
    # the questions' section, and administration, which states the protocol version
    assert client["sections_changed"] == ["Workplace Inspections",
                                          "Program Administration, Records, Statistics and Legislation"]
    assert client["conflicts"] == []
    assert isinstance(client["score_before"], float) and isinstance(client["score_after"], float)
    assert [q["id"] for q in impact["diff"]["questions_changed"]], impact["diff"]
    assert impact["diff"]["sections"] == ["inspections"]
    assert deliveries(ws) == [first]  # impact rebuilt nothing
    status = json.loads(run(ws, "status", "--json").stdout)
    assert status[0]["reasons"] == ["protocol ab-acsa 2023.1 → 2026", "the client's own sections (overrides) changed"]

    result = run(ws, "build", "brightline")
    second = latest(ws)
    assert second != first
    assert CLIENT_SENTENCE in docx_text(second / "program.docx")
    assert CLIENT_SENTENCE in (second / "program.md").read_text(encoding="utf-8")
    manifest = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["partner"]["protocol_version"] == "2026"
    assert manifest["overrides"] == ["policy"]
    changes = (second / "changes.md").read_text(encoding="utf-8")
    assert "protocol ab-acsa 2023.1 → 2026" in changes
    assert "Workplace Inspections: changed" in changes
    assert "Workplace Inspections: changed" in result.stdout
    xml = zipfile.ZipFile(second / "changes.docx").read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:del " in xml
    assert docx_errors(second / "changes.docx") == []  # the redline engine's output keeps the schema order too
    # accept-all gives the new text, reject-all the old: the deleted words are the old sentence's
    deleted = " ".join(re.findall(r"<w:delText[^>]*>([^<]*)</w:delText>", xml))
    inserted = " ".join(re.findall(r"<w:ins [^>]*>.*?</w:ins>", xml, flags=re.S))
    assert "footing" in inserted and "footing" not in deleted


def calendar_events(delivery: Path) -> dict[str, tuple[str, int]]:
    """UID → (DTSTART, SEQUENCE) of the delivery's calendar."""
    cal = Calendar.from_ical((delivery / "certificate-calendar.ics").read_bytes())
    return {str(v["uid"]): (v["dtstart"].dt.isoformat(), int(v["sequence"])) for v in cal.walk("VEVENT")}


def test_the_next_delivery_moves_calendar_events_instead_of_adding_them(ws: Path) -> None:
    """The consultant sets a target audit date; the rebuilt calendar has the same events, moved, each with
    its SEQUENCE one higher than in the delivery before, so a calendar re-import updates them."""
    before = calendar_events(latest(ws))
    intake = ws / "intake" / "brightline.yaml"
    intake.write_text(intake.read_text(encoding="utf-8") + "client_requirements: {target_audit_date: 2031-09-30}\n",
                      encoding="utf-8")
    run(ws, "build", "brightline")
    after = calendar_events(latest(ws))
    assert set(after) == set(before)
    assert "brightline-c1-certification_audit@corpath" in after
    assert all(after[uid][0] != day and after[uid][1] == seq + 1 for uid, (day, seq) in before.items()), after
    assert after["brightline-c1-certification_audit@corpath"] == ("2031-09-30", 1)


def change_policy_paragraph(ws: Path) -> None:
    """A template change to the very paragraph `edit_policy` rewrites: an overlap."""
    template = ws / "templates" / "sections" / "policy.md.j2"
    text = template.read_text(encoding="utf-8")
    assert "starting with management, to that standard." in text
    template.write_text(text.replace("starting with management, to that standard.",
                                     "starting with management, to the same standard."),
                        encoding="utf-8")


def test_a_template_change_elsewhere_in_an_edited_section_is_merged(ws: Path) -> None:
    run(ws, "absorb", "brightline", str(edit_policy(ws)))
    bump_protocol(ws, question_in_section="policy", new_text="Is the policy signed, dated and posted on every site?")
    text = run(ws, "protocols", "impact", "ab-acsa", "2023.1", "2026").stdout
    assert "edited by the client, a rebuild merges them (an overlap stops for a choice): policy" in text
    result = run(ws, "build", "brightline")
    assert "policy: merged (1 client change kept, 1 template change taken" in result.stdout
    text = docx_text(latest(ws) / "program.docx")
    assert CLIENT_SENTENCE in text
    xml = zipfile.ZipFile(latest(ws) / "program.docx").read("word/document.xml").decode()
    assert "Is the policy signed, dated and posted on every site?" in xml  # the template's new question
    assert "unchanged" in run(ws, "build", "brightline").stdout  # merged for good: no conflict next time


def test_an_overlap_stops_the_build_until_someone_chooses(ws: Path) -> None:
    run(ws, "absorb", "brightline", str(edit_policy(ws)))
    change_policy_paragraph(ws)
    before = deliveries(ws)
    failed = run(ws, "build", "brightline", check=False)
    assert failed.returncode == 1
    assert "section 'policy': the client and the template changed the same text" in failed.stderr
    assert "template now:" in failed.stderr and "to the same standard." in failed.stderr
    assert CLIENT_SENTENCE in failed.stderr
    assert "--keep-client SECTION or --take-template SECTION" in failed.stderr
    assert deliveries(ws) == before
    typo = run(ws, "build", "brightline", "--keep-client", "polcy", check=False)  # chooses nothing: refused
    assert typo.returncode == 2 and "Traceback" not in typo.stderr
    assert "brightline's program has no section 'polcy'; its sections are policy, roles," in typo.stderr
    assert deliveries(ws) == before
    run(ws, "build", "brightline", "--keep-client", "policy")
    assert CLIENT_SENTENCE in docx_text(latest(ws) / "program.docx")
    assert "unchanged" in run(ws, "build", "brightline").stdout
    # refused as well when the build has nothing to merge (a typo would otherwise pass as "unchanged")
    typo = run(ws, "build", "brightline", "--take-template", "policy", "--take-template", "ppee", check=False)
    assert typo.returncode == 2 and "no section 'ppee'" in typo.stderr and "'policy'" not in typo.stderr


def test_batch_summary_lists_conflicts(ws: Path) -> None:
    run(ws, "absorb", "brightline", str(edit_policy(ws)))
    change_policy_paragraph(ws)
    result = run(ws, "batch", "--stale-only", check=False)
    assert result.returncode == 1
    assert re.search(r"brightline\s+conflict", result.stdout)
    assert "built 0, unchanged 0, failed 0, conflicts 1" in result.stdout


@pytest.mark.parametrize("cause", ["intake", "protocol", "templates", "corpath"])
def test_stale_detection(ws: Path, cause: str) -> None:
    assert json.loads(run(ws, "status", "--json").stdout)[0]["state"] == "up to date"
    expected = {
        "intake": "the intake changed",
        "protocol": "protocol ab-acsa 2023.1 → 2026",
        "templates": "the program templates changed",
        "corpath": "corpath upgraded 0.0.1 → ",
    }[cause]
    if cause == "intake":
        intake = ws / "intake" / "brightline.yaml"
        intake.write_text(intake.read_text().replace("workers: 5", "workers: 7"), encoding="utf-8")
    elif cause == "protocol":
        bump_protocol(ws, question_in_section="inspections", new_text="Are inspections planned?")
    elif cause == "templates":
        template = ws / "templates" / "sections" / "ppe.md.j2"
        template.write_text(template.read_text() + "\nPPE is checked weekly by {{ supervisor.name }}.\n")
    else:
        manifest = latest(ws) / "manifest.json"
        data = json.loads(manifest.read_text())
        data["inputs"]["corpath_version"] = "0.0.1"
        manifest.write_text(json.dumps(data))
    (status,) = json.loads(run(ws, "status", "--json").stdout)
    assert status["stale"] is True
    assert any(reason.startswith(expected) for reason in status["reasons"]), status["reasons"]


def test_no_change_rerun_touches_nothing(ws: Path) -> None:
    before = snapshot(ws)
    result = run(ws, "batch", "--stale-only")
    assert "built 0, unchanged 1, failed 0, conflicts 0" in result.stdout
    assert "unchanged" in run(ws, "build", "brightline").stdout
    assert snapshot(ws) == before


def test_failed_build_leaves_the_last_delivery_as_it_was(ws: Path) -> None:
    before = snapshot(ws / "output")
    result = run(ws, "build", "brightline", "--force", check=False, env={"CORPATH_SOFFICE": "/bin/false"})
    assert result.returncode == 3
    assert "LibreOffice failed to start" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(ws / "output") == before


def test_a_lock_stops_a_second_build_of_the_same_client(ws: Path) -> None:
    with (ws / "output" / "brightline" / ".lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run(ws, "build", "brightline", "--force", check=False)
    assert result.returncode == 1
    assert "another build of 'brightline' is running" in result.stderr


def test_interrupted_batch_leaves_no_partial_delivery(ws: Path) -> None:
    for name in ("north", "south", "east"):
        (ws / "intake" / f"{name}.yaml").write_text(INTAKE.format(client=name), encoding="utf-8")
    env = {**os.environ, "CORPATH_TEMPLATES": str(ws / "templates"), "NO_COLOR": "1"}
    proc = subprocess.Popen([CORPATH, "batch", "--jobs", "2", "--force"], cwd=ws, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list((ws / "output").glob("*/.staging-*")):
        time.sleep(0.05)
    assert list((ws / "output").glob("*/.staging-*")), "no build started"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group gets SIGINT
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert b"interrupted:" in stderr and b"rerun the same command to finish" in stderr
    assert b"Traceback" not in stderr
    for client_dir in (ws / "output").iterdir():
        for child in client_dir.iterdir():
            if child.is_dir() and not child.is_symlink():
                assert child.name.startswith(".staging-") is False, f"staging left: {child}"
                assert (child / "manifest.json").exists(), f"partial delivery: {child}"
        pointer = client_dir / "latest"
        if pointer.is_symlink():
            assert (pointer.resolve() / "manifest.json").exists()
    rerun = run(ws, "batch", "--stale-only")
    assert "failed 0" in rerun.stdout
    for name in ("north", "south", "east", "brightline"):
        assert (latest(ws, name) / "program.pdf").exists()


def test_section_changes_count_words_in_the_singular_and_plural() -> None:
    """Review 23: a phone number changed in one section read "(1 words added, 1 removed)"."""
    from pipeline.delivery.changes import section_changes

    old = "# Emergency {#sec-emergency}\n\nCall 403-555-0100 now.\n"
    new = "# Emergency {#sec-emergency}\n\nCall 403-555-0199 now.\n"
    added = "# Extra {#sec-extra}\n\nOne more word.\n"
    assert section_changes(old, new, {"emergency": "Emergency Response"}) == [
        "Emergency Response: changed (1 word added, 1 removed)"]
    assert section_changes(old, new + added, {})[-1] == "extra: new section (3 words)"
