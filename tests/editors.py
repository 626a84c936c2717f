"""The word processors a client edits its program in, for the tests: python-docx, the real LibreOffice (over
UNO, `lo_editor.py`), and a Google-Docs-like export.

An edit is a list, as `lo_editor.py` documents: ["replace", OLD, NEW], ["append", AFTER, NEW],
["delete", TEXT], ["retitle", OLD, NEW], ["track", OLD, NEW]; python-docx also does ["comment", TEXT, NOTE],
["header", NEW], ["delete_section", TITLE], ["add_section", BEFORE_TITLE, TITLE, TEXT] and
["picture", AFTER, PNG_PATH].

Google Docs is not scriptable here, so its DOCX export is imitated on a python-docx edit, removing what such
exports are known to drop:
- every bookmark (`w:bookmarkStart`/`w:bookmarkEnd`): Google Docs keeps headings, not Word bookmarks, so the
  `sec-*` section bookmarks are gone;
- the custom document properties (`docProps/custom.xml`, its relationship and content type): so the build id
  is gone too and the source delivery must be found by likeness;
- paragraph and table style ids other than headings and the title: custom styles (pandoc's Body Text,
  First Paragraph, Compact, the house table style) come back as Normal with direct formatting.
"""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from PIL import Image

LO_EDITOR = Path(__file__).resolve().parent / "lo_editor.py"
LO_EDITS = {"replace", "append", "delete", "retitle", "track"}


def paragraphs(document) -> list[Paragraph]:
    """Every paragraph of the body, tables included, in order."""
    return [Paragraph(p, document._body) for p in document.element.body.iter(qn("w:p"))]


def _find(document, text: str) -> Paragraph:
    for paragraph in paragraphs(document):
        if text in paragraph.text:
            return paragraph
    raise AssertionError(f"no paragraph contains {text!r}")


def _set_text(paragraph: Paragraph, text: str) -> None:
    runs = paragraph.runs
    if not runs:
        paragraph.add_run(text)
        return
    runs[0].text = text
    for run in runs[1:]:
        run._r.getparent().remove(run._r)


def _heading(document, title: str) -> Paragraph:
    for paragraph in paragraphs(document):
        if paragraph.style.name == "Heading 1" and paragraph.text.strip() == title:
            return paragraph
    raise AssertionError(f"no heading {title!r}")


def _section_elements(document, title: str) -> list:
    start = _heading(document, title)._p
    found = [start]
    node = start.getnext()
    while node is not None and node.tag != qn("w:sectPr"):
        if node.tag == qn("w:p") and Paragraph(node, document._body).style.name == "Heading 1":
            break
        found.append(node)
        node = node.getnext()
    return found


def _new_paragraph_after(paragraph: Paragraph, text: str) -> Paragraph:
    new = copy.deepcopy(paragraph._p)
    paragraph._p.addnext(new)
    result = Paragraph(new, paragraph._parent)
    _set_text(result, text)
    return result


def _track(paragraph: Paragraph, old: str, new: str) -> None:
    text = paragraph.text
    before, after = text.split(old, 1)
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)

    def run_with(tag: str, value: str):
        run = OxmlElement("w:r")
        t = OxmlElement(tag)
        t.set(qn("xml:space"), "preserve")
        t.text = value
        run.append(t)
        return run

    def revision(tag: str, value: str, rid: str):
        wrapper = OxmlElement(tag)
        wrapper.set(qn("w:id"), rid)
        wrapper.set(qn("w:author"), "Client")
        wrapper.append(run_with("w:delText" if tag == "w:del" else "w:t", value))
        return wrapper

    p = paragraph._p
    p.append(run_with("w:t", before))
    p.append(revision("w:del", old, "901"))
    p.append(revision("w:ins", new, "902"))
    p.append(run_with("w:t", after))


def png(path: Path) -> Path:
    """A small picture to put into a section."""
    Image.new("RGB", (48, 32), (200, 40, 40)).save(path)
    return path


def python_docx_edit(src: Path, out: Path, edits: list[list]) -> Path:
    """Apply `edits` with python-docx (standing in for Word) and save to `out`."""
    document = docx.Document(str(src))
    for edit in edits:
        kind = edit[0]
        if kind == "replace":
            paragraph = _find(document, edit[1])
            _set_text(paragraph, paragraph.text.replace(edit[1], edit[2]))
        elif kind == "append":
            _new_paragraph_after(_find(document, edit[1]), edit[2])
        elif kind == "delete":
            paragraph = _find(document, edit[1])._p
            paragraph.getparent().remove(paragraph)
        elif kind == "retitle":
            _set_text(_heading(document, edit[1]), edit[2])
        elif kind == "track":
            _track(_find(document, edit[1]), edit[1], edit[2])
        elif kind == "comment":
            paragraph = _find(document, edit[1])
            document.add_comment(paragraph.runs, text=edit[2], author="Client", initials="C")
        elif kind == "header":
            header = document.sections[0].header.paragraphs[0]
            _set_text(header, edit[1])
        elif kind == "delete_section":
            for element in _section_elements(document, edit[1]):
                element.getparent().remove(element)
        elif kind == "add_section":
            anchor = _heading(document, edit[1])._p
            title = copy.deepcopy(anchor)
            anchor.addprevious(title)
            _set_text(Paragraph(title, document._body), edit[2])
            body = OxmlElement("w:p")
            anchor.addprevious(body)
            Paragraph(body, document._body).add_run(edit[3])
        elif kind == "picture":
            paragraph = _new_paragraph_after(_find(document, edit[1]), "")
            paragraph.add_run().add_picture(str(edit[2]))
        else:
            raise AssertionError(f"unknown edit {kind}")
    document.save(str(out))
    return out


def google_docs_like(src: Path, out: Path) -> Path:
    """Imitate a Google Docs DOCX export of `src` (see the module's docstring for what is removed and why)."""
    keep_style = re.compile(r"^(Heading\d|Title)$")
    with zipfile.ZipFile(src) as archive:
        items = {name: archive.read(name) for name in archive.namelist()}
    items.pop("docProps/custom.xml", None)
    items["_rels/.rels"] = re.sub(rb"<Relationship [^>]*custom-properties[^>]*/>", b"", items["_rels/.rels"])
    items["[Content_Types].xml"] = re.sub(rb'<Override PartName="/docProps/custom.xml"[^>]*/>', b"",
                                          items["[Content_Types].xml"])
    document = items["word/document.xml"].decode("utf-8")
    document = re.sub(r"<w:bookmark(Start|End)\b[^>]*/>", "", document)
    document = re.sub(r'<w:pStyle w:val="([^"]*)"/>',
                      lambda m: m.group(0) if keep_style.match(m.group(1)) else "", document)
    document = re.sub(r'<w:tblStyle w:val="[^"]*"/>', "", document)
    items["word/document.xml"] = document.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in items.items():
            archive.writestr(name, data)
    out.write_bytes(buffer.getvalue())
    return out


class LibreOffice:
    """The real LibreOffice, one process for the whole test run, editing and saving DOCX files."""

    def __init__(self, python: str, soffice: str) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="corpath-test-lo-"))
        # corpath's bridge (start_office) takes the profile as a file URL
        self.args = [python, str(LO_EDITOR), self.profile.as_uri(), soffice]
        self.proc: subprocess.Popen[str] | None = None

    def _start(self) -> None:
        self.proc = subprocess.Popen(self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        hello = json.loads(self.proc.stdout.readline() or "{}")
        assert hello.get("ready"), f"LibreOffice did not start: {hello}"

    def edit(self, src: Path, out: Path, edits: list[list]) -> Path:
        """Open `src` in LibreOffice, apply `edits` (see lo_editor.py) and save it as DOCX to `out`."""
        if self.proc is None or self.proc.poll() is not None:
            if self.proc is not None:  # LibreOffice died on the last document: start a new one
                self.close()
                self.profile = Path(tempfile.mkdtemp(prefix="corpath-test-lo-"))
                self.args[2] = self.profile.as_uri()
            self._start()
        assert self.proc is not None and self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"src": str(src), "out": str(out), "edits": edits}) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline() or '{"ok": false, "error": "LibreOffice exited"}')
        assert answer.get("ok"), answer.get("error")
        return out

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.write('{"op": "quit"}\n')
            self.proc.stdin.flush()
            self.proc.wait(timeout=60)
        if self.proc is not None:
            for stream in (self.proc.stdin, self.proc.stdout):
                if stream is not None:
                    stream.close()
        shutil.rmtree(self.profile, ignore_errors=True)


def edit_with(editor: str, src: Path, out: Path, edits: list[list], office: LibreOffice, scratch: Path) -> Path:
    """Edit `src` as `editor` would: "python-docx", "libreoffice" (LibreOffice does what it can over UNO; the
    rest is done by python-docx first, then LibreOffice opens and saves), "google-docs" (python-docx, then
    the export imitation), or "libreoffice-save" (no edit of its own: open and save)."""
    if editor == "python-docx":
        return python_docx_edit(src, out, edits)
    if editor == "google-docs":
        return google_docs_like(python_docx_edit(src, scratch / "gd-step.docx", edits), out)
    if editor == "libreoffice-save":
        return office.edit(python_docx_edit(src, scratch / "lo-step.docx", edits), out, [])
    native = [e for e in edits if e[0] in LO_EDITS]
    other = [e for e in edits if e[0] not in LO_EDITS]
    first = python_docx_edit(src, scratch / "lo-pre.docx", other) if other else src
    return office.edit(first, out, native)
