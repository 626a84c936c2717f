"""A real LibreOffice, driven over UNO, that opens a DOCX, edits it the way a client would, and saves it as DOCX.

Runs under the system Python that has LibreOffice's `uno` module; the tests start it once per test run
(`conftest.libreoffice`) and send it one JSON line per document:

    {"src": "/abs/program.docx", "out": "/abs/edited.docx", "edits": [EDIT, ...]}

Each EDIT is a list: ["replace", OLD, NEW] (every occurrence of OLD, as Find & Replace does),
["append", AFTER, NEW] (a new paragraph after the one containing AFTER, typed with Enter),
["delete", TEXT] (the paragraph containing TEXT), ["retitle", OLD, NEW] (the heading OLD renamed),
["track", OLD, NEW] (a replacement recorded as a tracked change). Comments are not added here: this
LibreOffice (headless) crashes saving a DOCX with an annotation inserted over UNO; python-docx adds them.
Replies {"ok": true} or {"ok": false, "error": "..."}.
The server reuses `start_office` from corpath's own bridge; nothing here imports corpath.
"""

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "pipeline" / "word"))

import uno  # noqa: E402
from uno_bridge import prop, reply, start_office  # noqa: E402

PARAGRAPH_BREAK = 0  # com.sun.star.text.ControlCharacter.PARAGRAPH_BREAK


def find(doc, text):
    descriptor = doc.createSearchDescriptor()
    descriptor.SearchString = text
    found = doc.findFirst(descriptor)
    if found is None:
        raise RuntimeError(f"text not found: {text!r}")
    return found


def paragraph_cursor(doc, text):
    found = find(doc, text)
    cursor = found.getText().createTextCursorByRange(found.getStart())
    cursor.gotoStartOfParagraph(False)
    cursor.gotoEndOfParagraph(True)
    return cursor


def edit(doc, step):
    kind = step[0]
    if kind == "retitle":
        paragraphs = doc.getText().createEnumeration()
        while paragraphs.hasMoreElements():
            paragraph = paragraphs.nextElement()
            if paragraph.supportsService("com.sun.star.text.Paragraph") and \
                    (paragraph.ParaStyleName or "").startswith("Heading") and paragraph.getString() == step[1]:
                paragraph.setString(step[2])
                return
        raise RuntimeError(f"no heading {step[1]!r}")
    if kind in ("replace", "track"):
        if kind == "track":
            doc.RecordChanges = True
        descriptor = doc.createReplaceDescriptor()
        descriptor.SearchString = step[1]
        descriptor.ReplaceString = step[2]
        if doc.replaceAll(descriptor) == 0:
            raise RuntimeError(f"text not found: {step[1]!r}")
        if kind == "track":
            doc.RecordChanges = False
    elif kind == "append":
        cursor = paragraph_cursor(doc, step[1])
        cursor.collapseToEnd()
        text = cursor.getText()
        text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        text.insertString(cursor, step[2], False)
    elif kind == "delete":
        cursor = paragraph_cursor(doc, step[1])
        cursor.setString("")
        cursor.goRight(1, True)  # the paragraph mark joins the next paragraph
        cursor.setString("")
    else:
        raise RuntimeError(f"unknown edit {kind!r}")


def handle(desktop, request):
    with tempfile.TemporaryDirectory(prefix="lo-edit-") as tmp:  # a writable copy, as a client's download is
        copy = os.path.join(tmp, "program.docx")
        shutil.copyfile(request["src"], copy)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(copy), "_blank", 0, (prop("Hidden", True),))
        if doc is None:
            raise RuntimeError(f"LibreOffice could not open {request['src']}")
        try:
            for step in request.get("edits", []):
                edit(doc, step)
            doc.storeToURL(uno.systemPathToFileUrl(request["out"]), (prop("FilterName", "MS Word 2007 XML"),))
        finally:
            doc.close(True)
    return {"ok": True}


def main():
    profile_url, soffice = sys.argv[1], sys.argv[2]
    proc, desktop = start_office(profile_url, soffice)
    reply({"ready": True})
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            if request.get("op") == "quit":
                break
            try:
                reply(handle(desktop, request))
            except Exception as exc:
                reply({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
