"""Client edits survive any word processor, and a rebuild merges them with the template's changes.

The acceptance matrix: editors (python-docx, LibreOffice save, LibreOffice edit, Google-Docs-like) × every
kind of edit × a template change in the same section and in the other sections, each absorbed with the real
`corpath absorb` and rebuilt with the real `corpath build`. Every edit must be in the new DOCX or reported by
absorb; the matrix is printed (run with -s to see it).
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from editors import edit_with, google_docs_like, png, python_docx_edit
from test_regenerate import INTAKE, REPO, latest, run

from pipeline.delivery.build import build_client

SECTIONS = ["policy", "roles", "hazard_assessment", "hazard_control", "safe_work_practices",
            "safe_job_procedures", "company_rules", "ppe", "maintenance", "hazards", "inspections", "training",
            "emergency", "incidents", "committee", "contractors", "violence_harassment", "administration",
            "management_review"]


def template_sentence(section: str) -> str:
    return f"The consultant added this sentence to the {section.replace('_', ' ')} template."


# (kind, section, edits, what the rebuilt program must contain, what it must not, or None when absorb reports it)
EDITS = [
    ("paragraph edited", "committee",
     [["replace", "The workers choose a health and safety representative",
       "The workers elect, by secret ballot, a health and safety representative"]],
     ["The workers elect, by secret ballot, a health and safety representative"],
     ["The workers choose a health and safety representative"]),
    ("paragraph added", "policy",
     [["append", "starting with management, to that standard.", "Brightline shares this policy with every client."]],
     ["Brightline shares this policy with every client."], []),
    ("paragraph deleted", "safe_job_procedures",
     [["delete", "Every procedure is reviewed annually at the formal hazard assessment."]],
     [], ["Every procedure is reviewed annually at the formal hazard assessment."]),
    ("table cell edited", "roles",
     [["replace", "Anyone not working for Brightline Roofing Ltd.", "Anyone not on the Brightline payroll"]],
     ["Anyone not on the Brightline payroll"], ["Anyone not working for Brightline Roofing Ltd."]),
    ("list item edited", "emergency",
     [["replace", "the muster point, and who takes the head count",
       "the muster point, and who takes the head count and reports it"]],
     ["the muster point, and who takes the head count and reports it"], []),
    ("heading retitled", "maintenance", [["retitle", "Preventive Maintenance", "Equipment Maintenance"]],
     ["Equipment Maintenance"], ["Preventive Maintenance"]),
    ("section deleted", "violence_harassment", [["delete_section", "Workplace Violence and Harassment"]],
     [], ["Workplace Violence and Harassment"]),
    ("section added", "contractors",
     [["add_section", "Program Administration, Records, Statistics and Legislation", "Client Site Rules",
       "Brightline follows each client's own site rules as well."]],
     ["Client Site Rules", "Brightline follows each client's own site rules as well."], []),
    ("picture added", "incidents", [["picture", "Every incident at Brightline Roofing Ltd. is reported", "PNG"]],
     ["<picture>"], []),
    ("tracked change", "hazard_control",
     [["track", "Supervisors check daily that the controls", "Supervisors check twice daily that the controls"]],
     ["Supervisors check twice daily that the controls"], []),
    ("comment", "contractors",
     [["comment", "does not hire subcontractors today", "Ask Dana whether this is still true."]], None, None),
    ("cover edited", "cover",
     [["replace", "Program issued from the intake questionnaire", "Program issued after the kickoff meeting"]],
     None, None),
    ("header edited", "header", [["header", "Brightline Roofing Ltd. | Safety Program (client copy)"]], None, None),
    ("form edited", "forms",
     [["replace", "Shows that every worker has read the policy", "Shows that each worker read the policy"]],
     None, None),
]
EDITORS = ["python-docx", "libreoffice-save", "libreoffice", "google-docs"]
# LibreOffice 7.4 headless (the nogui build) crashes opening any DOCX that holds a comment, however the comment
# got there (over UNO, Word, python-docx): the comment cannot go through LibreOffice in these tests.
NO_COMMENTS = {"libreoffice-save", "libreoffice"}
CRASHES = "n/a: LibreOffice crashes"


def full_text(path: Path) -> str:
    document = docx.Document(str(path))
    lines = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in document.element.body.iter(qn("w:p"))]
    return "\n".join(lines)


def headings(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


def pictures(path: Path) -> int:
    return len(docx.Document(str(path)).inline_shapes)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("edits")
    shutil.copytree(REPO / "program_templates", ws / "templates")
    (ws / "intake").mkdir()
    (ws / "intake" / "brightline.yaml").write_text(INTAKE.format(client="brightline"), encoding="utf-8")
    run(ws, "build", "brightline")
    return ws


def copy_ws(built: Path, target: Path) -> Path:
    shutil.copytree(built, target, symlinks=True)
    for path in target.rglob("*"):
        if path.is_file() and not path.is_symlink():
            path.chmod(0o644)
    return target


def change_every_template(ws: Path) -> None:
    for section in SECTIONS:
        template = ws / "templates" / "sections" / f"{section}.md.j2"
        template.write_text(template.read_text(encoding="utf-8") + "\n\n" + template_sentence(section) + "\n",
                            encoding="utf-8")


@pytest.fixture(scope="module")
def matrix(built: Path, libreoffice, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Per editor: every edit made at once, absorbed, every section template changed, rebuilt."""
    results: dict[str, dict] = {}
    for editor in EDITORS:
        ws = copy_ws(built, tmp_path_factory.mktemp(f"m-{editor}") / "ws")
        picture = png(ws / "site-photo.png")
        edits = [[picture if x == "PNG" else x for x in e] for _, _, group, _, _ in EDITS for e in group
                 if not (editor in NO_COMMENTS and e[0] == "comment")]
        edited = edit_with(editor, latest(ws) / "program.docx", ws / "edited.docx", edits, libreoffice, ws)
        absorbed = run(ws, "absorb", "brightline", str(edited), "--confirm-delete", "violence_harassment",
                       check=False)
        change_every_template(ws)
        rebuilt = run(ws, "build", "brightline", check=False)
        results[editor] = {"ws": ws, "absorb": absorbed, "build": rebuilt, "docx": latest(ws) / "program.docx"}
    return results


def judge(editor: str, result: dict, kind: str, section: str, present, absent) -> str:
    """'kept', 'reported' or what went wrong, for one edit kind in one editor's round trip."""
    if kind == "comment" and editor in NO_COMMENTS:
        return CRASHES
    absorb_out = result["absorb"].stdout + result["absorb"].stderr
    if present is None:
        marker = {"comment": "Ask Dana whether this is still true.", "cover edited": "cover and document control",
                  "header edited": "page header and footer", "form edited": "forms appendix"}[kind]
        if marker not in absorb_out:
            return "LOST"
        if kind == "comment":
            changes = (latest(result["ws"]) / "changes.md").read_text(encoding="utf-8")
            return "listed" if marker in changes else "LOST (not in changes.md)"
        return "reported"
    if result["build"].returncode != 0:
        return "BUILD FAILED"
    text = full_text(result["docx"])
    if "<picture>" in present:
        return "kept" if pictures(result["docx"]) >= 1 else "LOST"
    if section in ("maintenance", "violence_harassment"):
        heads = headings(result["docx"])
        ok = all(p in heads for p in present) and not any(a in heads for a in absent)
        return "kept" if ok else "LOST"
    ok = all(p in text for p in present) and not any(a in text for a in absent)
    return "kept" if ok else "LOST"


def template_merged(result: dict, section: str) -> bool:
    return result["build"].returncode == 0 and template_sentence(section) in full_text(result["docx"])


def test_acceptance_matrix(matrix: dict[str, dict]) -> None:
    rows = []
    for kind, section, _, present, absent in EDITS:
        cells = [judge(e, matrix[e], kind, section, present, absent) for e in EDITORS]
        if section in SECTIONS and section != "violence_harassment":
            same = ["merged" if template_merged(matrix[e], section) else "NOT MERGED" for e in EDITORS]
            cells = [f"{c} / {s}" for c, s in zip(cells, same, strict=True)]
        rows.append((kind, section, cells))
    other = [all(template_merged(matrix[e], s) for s in SECTIONS if s != "violence_harassment")
             for e in EDITORS]
    lines = ["edit".ljust(20) + "section".ljust(22) + "".join(e.ljust(36) for e in EDITORS)]
    for kind, section, cells in rows:
        lines.append(kind.ljust(20) + section.ljust(22) + "".join(c.ljust(36) for c in cells))
    lines.append("template changed in every other section: merged".ljust(42)
                 + "".join(("yes" if o else "NO").ljust(36) for o in other))
    lines.append("cells: the edit in the rebuilt DOCX (kept), or reported by absorb / the template's own change to "
                 "that section in the rebuilt DOCX too (merged)")
    print("\n" + "\n".join(lines))
    for editor in EDITORS:
        result = matrix[editor]
        assert result["build"].returncode == 0, (editor, result["build"].stderr, result["absorb"].stdout)
        assert "conflict" not in result["build"].stdout.lower()
    assert all(other)
    bad = [(kind, cells) for kind, _, cells in rows if any("LOST" in c or "NOT" in c or "FAILED" in c
                                                           for c in cells)]
    assert not bad, "\n".join(lines)


def test_absorb_reports_what_it_could_not_keep_and_exits_1(matrix: dict[str, dict]) -> None:
    for editor in EDITORS:
        absorbed = matrix[editor]["absorb"]
        assert absorbed.returncode == 1, (editor, absorbed.stdout, absorbed.stderr)
        assert "not kept:" in absorbed.stderr
        assert "--accept-loss" in absorbed.stderr
        out = absorbed.stdout
        for section, status in [("policy", "kept"), ("maintenance", "retitled"), ("violence_harassment", "deleted"),
                                ("(new) Client Site Rules", "added"), ("management_review", "unchanged"),
                                ("forms", "reported")]:
            assert any(line.startswith(section) and status in line for line in out.splitlines()), (editor, out)
    google = matrix["google-docs"]["absorb"].stdout
    assert "by likeness (the file has no build id)" in google
    assert "by the build id" in matrix["python-docx"]["absorb"].stdout
    assert re.search(r"\b\d+ tracked changes? read as accepted", matrix["libreoffice"]["absorb"].stdout)
    overrides = matrix["python-docx"]["ws"] / "intake" / "brightline.overrides"
    assert list((overrides / "media").glob("*.png"))
    assert list((overrides / ".reported").glob("cover-*.md"))


@pytest.mark.parametrize("editor", EDITORS)
def test_an_unedited_round_trip_absorbs_nothing(editor: str, built: Path, libreoffice, tmp_path: Path) -> None:
    ws = copy_ws(built, tmp_path / "ws")
    edited = edit_with(editor, latest(ws) / "program.docx", ws / "same.docx", [], libreoffice, ws)
    result = run(ws, "absorb", "brightline", str(edited), check=False)
    assert result.returncode == 0, result.stderr
    assert "no edited section found" in result.stdout
    assert not (ws / "intake" / "brightline.overrides").exists() or not list(
        (ws / "intake" / "brightline.overrides").glob("*.md"))


def test_bookmarks_sit_inside_the_headings_and_libreoffice_keeps_them(built: Path, libreoffice,
                                                                      tmp_path: Path) -> None:
    source = latest(built) / "program.docx"
    saved = libreoffice.edit(source, tmp_path / "saved.docx", [])
    for path in (source, saved):
        body = docx.Document(str(path)).element.body
        inside = {b.get(qn("w:name")) for p in body.iter(qn("w:p")) for b in p.iter(qn("w:bookmarkStart"))
                  if b.get(qn("w:name"), "").startswith("sec-")}
        assert len(inside) == 20, (path.name, sorted(inside))


def _overlap(ws: Path) -> Path:
    """The client and the template change the same paragraph of the policy; the client also adds one."""
    edited = python_docx_edit(latest(ws) / "program.docx", ws / "edited.docx", [
        ["replace", "starting with management, to that standard.", "starting with the owner, to that standard."],
        ["append", "The right to refuse work", "Workers may also stop work when the wind picks up."]])
    run(ws, "absorb", "brightline", str(edited))
    template = ws / "templates" / "sections" / "policy.md.j2"
    text = template.read_text(encoding="utf-8")
    assert "starting with management, to that standard." in text
    template.write_text(text.replace("starting with management, to that standard.",
                                     "starting with management, to the same standard.")
                        + "\n\nPosted at every site.\n", encoding="utf-8")
    return edited


def test_an_overlap_is_a_conflict_and_keep_client_keeps_both_sides_elsewhere(built: Path, tmp_path: Path) -> None:
    ws = copy_ws(built, tmp_path / "ws")
    _overlap(ws)
    failed = run(ws, "build", "brightline", check=False)
    assert failed.returncode == 1
    assert "section 'policy': the client and the template changed the same text" in failed.stderr
    assert "starting with the owner, to that standard." in failed.stderr and "to the same standard" in failed.stderr
    result = run(ws, "build", "brightline", "--keep-client", "policy")
    text = full_text(latest(ws) / "program.docx")
    assert "starting with the owner, to that standard." in text  # the client's side of the overlap
    assert "to the same standard" not in text
    assert "Posted at every site." in text  # the template's change elsewhere in the section
    assert "Workers may also stop work when the wind picks up." in text  # the client's other change
    assert "policy: kept the client's side of the overlaps" in result.stdout
    assert "unchanged" in run(ws, "build", "brightline").stdout


def test_take_template_retires_the_client_text(built: Path, tmp_path: Path) -> None:
    ws = copy_ws(built, tmp_path / "ws")
    _overlap(ws)
    run(ws, "build", "brightline", "--take-template", "policy")
    text = full_text(latest(ws) / "program.docx")
    assert "to the same standard." in text and "starting with the owner" not in text
    (retired,) = (ws / "intake" / "brightline.overrides" / ".retired").glob("policy-*.md")
    assert "starting with the owner, to that standard." in retired.read_text(encoding="utf-8")


def test_a_rebuild_the_next_day_makes_no_conflict(built: Path, tmp_path: Path) -> None:
    ws = copy_ws(built, tmp_path / "ws")
    edited = python_docx_edit(latest(ws) / "program.docx", ws / "edited.docx", [
        ["replace", "The workers choose a health and safety representative",
         "The workers elect, by secret ballot, a health and safety representative"]])
    run(ws, "absorb", "brightline", str(edited))
    manifest = json.loads((latest(ws) / "manifest.json").read_text(encoding="utf-8"))
    built_on = date.fromisoformat(manifest["created"][:10])
    tomorrow = built_on + timedelta(days=1)
    # the workspace's templates are a copy of the repository's, which this process reads
    result = build_client(ws / "intake" / "brightline.yaml", output_root=ws / "output", force=True, today=tomorrow)
    assert result.status == "built"
    text = full_text(result.delivery.path / "program.docx")
    day = f"{tomorrow:%B} {tomorrow.day}, {tomorrow.year}"
    assert f"The workers elect, by secret ballot, a health and safety representative, a worker who does not " \
           f"manage work, within 30 days of {day}" in text
    assert any(re.search(r"\b\d+ dates? and counts? brought up to date", note) for note in result.notes), result.notes


def test_from_names_the_source_delivery_and_a_wrong_name_is_a_clear_error(built: Path, tmp_path: Path) -> None:
    ws = copy_ws(built, tmp_path / "ws")
    exported = google_docs_like(latest(ws) / "program.docx", ws / "export.docx")
    wrong = run(ws, "absorb", "brightline", str(exported), "--from", "2020-01-01_000000", check=False)
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    assert "--from: no delivery of 'brightline' is called that; there are: " + latest(ws).name in wrong.stderr
    result = run(ws, "absorb", "brightline", str(exported), "--from", latest(ws).name)
    assert f"delivery {latest(ws).name}, as given with --from" in result.stdout
    assert "no edited section found" in result.stdout


def test_a_section_the_client_added_is_edited_again_in_the_next_round(matrix: dict[str, dict]) -> None:
    ws = matrix["python-docx"]["ws"]
    edited = python_docx_edit(latest(ws) / "program.docx", ws / "round2.docx", [
        ["retitle", "Client Site Rules", "Client and Site Rules"],
        ["replace", "Brightline follows each client's own site rules as well.",
         "Brightline follows each client's own site rules, in writing."]])
    result = run(ws, "absorb", "brightline", str(edited))
    assert any(line.startswith("client_client_site_rules") and "kept, retitled" in line
               for line in result.stdout.splitlines()), result.stdout
    (added,) = (ws / "intake" / "brightline.overrides" / "added").glob("*.md")
    text = added.read_text(encoding="utf-8")
    assert "title: Client and Site Rules" in text and "in writing." in text
    assert list((ws / "intake" / "brightline.overrides" / "added" / ".retired").glob("*.md"))
