"""A Word file given to `corpath absorb` is bounded before anything parses it: exit 1 with a clear message."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.word.docx_guard import MAX_PARTS, check_docx

MINIMAL = """\
client: acme
company: {legal_name: Test Roofing Ltd., province: AB, industry: construction, trades: [roofing]}
people: {workers: 6, owner: {name: Dan Kowalski, title: Owner}}
operations: {activities: [work_at_heights]}
"""


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "intake").mkdir()
    (tmp_path / "intake" / "acme.yaml").write_text(MINIMAL, encoding="utf-8")
    return tmp_path


def real_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Hello")
    document.save(str(path))
    return path


def rewrite(source: Path, target: Path, replace: dict[str, bytes], extra: dict[str, bytes] | None = None) -> Path:
    """A copy of a DOCX with some parts replaced or added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, replace.get(item.filename, old.read(item.filename)))
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return target


def absorb(path: Path):
    return CliRunner().invoke(main, ["absorb", "acme", str(path)])


def test_xxe_is_refused_as_bad_input(in_tmp: Path) -> None:
    secret = in_tmp / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    base = real_docx(in_tmp / "base.docx")
    with zipfile.ZipFile(base) as package:
        xml = package.read("word/document.xml").decode()
    head, rest = xml.split("?>", 1)
    hostile = (head + f'?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
               + rest.replace("Hello", "&xxe;"))
    edited = rewrite(base, in_tmp / "edited.docx", {"word/document.xml": hostile.encode()})
    result = absorb(edited)
    assert result.exit_code == 1
    assert "edited.docx (word/document.xml): declares a DOCTYPE or entities, which Word never writes" in result.stderr
    assert "TOP SECRET" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_zip_bomb_is_refused_from_the_directory(in_tmp: Path) -> None:
    base = real_docx(in_tmp / "base.docx")
    block = b"\0" * 1_000_000
    edited = rewrite(base, in_tmp / "bomb.docx", {}, {f"word/media/pad{i}.bin": block for i in range(201)})
    assert edited.stat().st_size < 1_000_000  # a small file that expands past 200 MB
    result = absorb(edited)
    assert result.exit_code == 1
    assert "bomb.docx: expands to 20" in result.stderr and "(a zip bomb?); the limit is 200,000,000 bytes" \
        in result.stderr


def test_too_many_parts(in_tmp: Path) -> None:
    base = real_docx(in_tmp / "base.docx")
    edited = rewrite(base, in_tmp / "many.docx", {}, {f"customXml/item{i}.bin": b"x" for i in range(MAX_PARTS)})
    with pytest.raises(InputError) as info:
        check_docx(edited, "many.docx")
    assert str(info.value.problems[0]).startswith("many.docx: holds 2,0")
    assert "(the limit is 2,000)" in str(info.value.problems[0])


def test_deep_xml_is_refused_before_parsing(in_tmp: Path) -> None:
    base = real_docx(in_tmp / "base.docx")
    deep = b"<?xml version='1.0'?><a>" + b"<b>" * 300 + b"</b>" * 300 + b"</a>"
    edited = rewrite(base, in_tmp / "deep.docx", {}, {"word/deep.xml": deep})
    result = absorb(edited)
    assert result.exit_code == 1
    assert "deep.docx (word/deep.xml): nests XML more than 256 levels deep" in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"Dear client, here is the program.", "is not a Word document (.docx): a .docx is a zip package"),
        (b"PK\x03\x04 broken", "is not a readable Word document (broken zip package"),
    ],
)
def test_not_a_zip_says_so(in_tmp: Path, content: bytes, expected: str) -> None:
    edited = in_tmp / "program.docx"
    edited.write_bytes(content)
    result = absorb(edited)
    assert result.exit_code == 1
    assert f"program.docx: {expected}" in result.stderr


def test_zip_that_is_not_a_word_document(in_tmp: Path) -> None:
    edited = in_tmp / "photos.docx"
    with zipfile.ZipFile(edited, "w") as package:
        package.writestr("photo.jpg", b"\xff\xd8")
    result = absorb(edited)
    assert result.exit_code == 1
    assert "photos.docx: is a zip package but not a Word document (it has no word/document.xml)" in result.stderr


def test_fifo_is_refused(in_tmp: Path) -> None:
    fifo = in_tmp / "edited.docx"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as info:
        check_docx(fifo, "edited.docx")
    assert str(info.value.problems[0]) == "edited.docx: is a FIFO (named pipe), not a regular file"


def test_a_real_word_document_passes(in_tmp: Path) -> None:
    check_docx(real_docx(in_tmp / "fine.docx"))
