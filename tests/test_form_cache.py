"""The disk cache of the shipped form templates' patched XML and compiled code (`pipeline.program.form_cache`).

The cache saves a new process docxtpl's `patch_xml` and Jinja's compiling for each shipped template; it never
changes a form, never holds a client's own template, and a folder that cannot be written changes nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docxtpl import DocxTemplate

from pipeline.program.form_cache import bytecode_cache, recall_patched, remember_patched, shipped
from pipeline.program.forms import FORMS_DIR, _FormEnvironment

REPO = Path(__file__).resolve().parent.parent


def template_body(form_id: str) -> str:
    """A shipped template's body XML as docxtpl reads it before patching (`get_xml`)."""
    data = (FORMS_DIR / f"{form_id}.docx").read_bytes()
    return DocxTemplate(BytesIO(data)).xml_to_string(docx.Document(BytesIO(data)).element.body)


def test_patched_xml_is_kept_under_its_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORPATH_CACHE_DIR", str(tmp_path / "cache"))
    body, other = template_body("flha"), template_body("hot_work_permit")
    patched = DocxTemplate(BytesIO((FORMS_DIR / "flha.docx").read_bytes())).patch_xml(body)
    assert recall_patched(body) is None
    remember_patched(body, patched)
    assert recall_patched(body) == patched
    assert recall_patched(other) is None
    assert [p.suffix for p in (tmp_path / "cache" / "docxtpl-patched").iterdir()] == [".xml"]


def test_a_cache_folder_that_cannot_be_written_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CORPATH_CACHE_DIR", str(blocker))
    remember_patched("<w:body/>", "<w:body/>")
    assert recall_patched("<w:body/>") is None
    assert bytecode_cache() is None
    assert _FormEnvironment(None).from_string("{{ a }} & b").render(a="<x>") == "&lt;x&gt; & b"


def test_compiled_code_is_read_back_instead_of_compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORPATH_CACHE_DIR", str(tmp_path / "cache"))
    source = "<w:t>{{ company }}{% for x in items %}, {{ x }}{% endfor %}</w:t>"
    first = _FormEnvironment(bytecode_cache()).from_string(source)
    assert len(list((tmp_path / "cache" / "jinja-forms").iterdir())) == 1

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    again = _FormEnvironment(bytecode_cache())
    monkeypatch.setattr(again, "compile", no_compiling)
    second = again.from_string(source)
    values = {"company": "Smith & Sons <Roofing>", "items": ["a", "b<"]}
    assert second.render(values) == first.render(values)
    assert "Smith &amp; Sons &lt;Roofing&gt;, a, b&lt;" in second.render(values)


def test_only_the_shipped_templates_are_cached(tmp_path: Path) -> None:
    assert shipped(FORMS_DIR / "flha.docx")
    assert not shipped(tmp_path / "acme.overrides" / "forms" / "flha.docx")
    assert not shipped(FORMS_DIR.parent / "flha.docx")


RENDER = """
import sys, zipfile
from pathlib import Path
from pipeline.delivery.prepare import plan_program
from pipeline.intake.load import load_intake
from pipeline.program.forms import render_forms
from pipeline.protocols.certificate import recommend
intake = load_intake(Path(sys.argv[1]))
render_forms(plan_program(intake, recommend(intake)), Path(sys.argv[2]), own=Path(sys.argv[3]))
"""


def members(folder: Path) -> dict[str, list[tuple[str, bytes]]]:
    out = {}
    for path in sorted(folder.iterdir()):
        with zipfile.ZipFile(path) as package:
            out[path.name] = [(name, package.read(name)) for name in package.namelist()]
    return out


def test_new_processes_make_the_same_forms_from_an_empty_and_a_full_cache(tmp_path: Path) -> None:
    """Three processes, one cache folder: the first fills it, the second reads it; the third has none. A
    client's own template (one of the forms) is rendered each time and never kept."""
    own = tmp_path / "own"
    own.mkdir()
    template = docx.Document(str(FORMS_DIR / "flha.docx"))
    template.add_paragraph("Check the wind speed at {{ company }} before going up.")
    template.save(str(own / "flha.docx"))
    cache = tmp_path / "cache"

    def render(out: str, cache_dir: Path) -> dict[str, list[tuple[str, bytes]]]:
        env = {**os.environ, "CORPATH_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(REPO)}
        subprocess.run([sys.executable, "-c", RENDER, str(REPO / "intake" / "acme.yaml"), str(tmp_path / out),
                        str(own)], check=True, env=env, cwd=REPO)
        return members(tmp_path / out)

    filled = render("filling", cache)
    kept = sorted(p.name for p in (cache / "docxtpl-patched").iterdir())
    assert kept and list((cache / "jinja-forms").iterdir())
    assert render("reading", cache) == filled
    assert sorted(p.name for p in (cache / "docxtpl-patched").iterdir()) == kept  # read, not written again
    assert render("without", tmp_path / "other-cache") == filled
    for entry in [*(cache / "docxtpl-patched").iterdir(), *(cache / "jinja-forms").iterdir()]:
        assert b"wind speed" not in entry.read_bytes(), entry.name
