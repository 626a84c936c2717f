"""Bounded reading of a Word file that came from outside (by email) before anything parses it.

`corpath absorb` reads a DOCX the client edited. A DOCX is a zip of XML parts, so a hostile one can be a zip
bomb (a few MB that expand to gigabytes), hold thousands of parts, nest XML thousands of levels deep, or
declare entities (the "billion laughs" expansion, or an external entity that reads a local file). `check_docx`
refuses each of these from the zip's directory and a streaming pass over each XML part, with entity
expansion, DTD loading and network access off, before python-docx or pandoc see the file.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from ..errors import InputError, Problem
from ..safefs import UnsafePath, read_regular

MAX_FILE_BYTES = 50_000_000
"""Largest DOCX accepted: a corpath program is about 0.3 MB; 50 MB leaves room for a client's photos."""
MAX_UNCOMPRESSED = 200_000_000
"""Most bytes all parts may expand to: a program expands to about 2 MB; photos are stored about as they are."""
MAX_PARTS = 2_000
"""Most parts in the package: a program has about 30 (media, headers, footers, styles)."""
MAX_XML_DEPTH = 256
"""Deepest XML nesting: a nested table adds four or five levels; Word's own documents stay under 40."""
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)


def _refuse(shown: str, message: str) -> InputError:
    return InputError([Problem(shown, None, None, "", message)])


def check_docx(path: Path, shown: str | None = None) -> None:
    """Refuse a file that is not a Word package within the limits above; return when it is safe to parse.

    Raises `InputError` (exit 1) naming the file and the limit: not a regular file, too large, not a zip,
    too many parts, expanding past `MAX_UNCOMPRESSED`, an XML part with a DOCTYPE or entity declaration, one
    nested deeper than `MAX_XML_DEPTH`, or one that is not well-formed.
    """
    shown = shown or str(path)
    try:
        head = read_regular(path, limit=MAX_FILE_BYTES)[:4]
    except UnsafePath as exc:
        raise _refuse(shown, exc.reason) from None
    except OSError as exc:
        raise _refuse(shown, f"cannot read: {exc.strerror}") from None
    if head != b"PK\x03\x04":
        raise _refuse(shown, "is not a Word document (.docx): a .docx is a zip package and this file is not one")
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
            if len(members) > MAX_PARTS:
                raise _refuse(shown, f"holds {len(members):,} parts; a Word document has far fewer "
                                     f"(the limit is {MAX_PARTS:,})")
            total = sum(m.file_size for m in members)
            if total > MAX_UNCOMPRESSED:
                raise _refuse(shown, f"expands to {total:,} bytes (a zip bomb?); the limit is "
                                     f"{MAX_UNCOMPRESSED:,} bytes")
            if "word/document.xml" not in package.namelist():
                raise _refuse(shown, "is a zip package but not a Word document (it has no word/document.xml)")
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    _check_xml(package, member, shown)
    except zipfile.BadZipFile as exc:
        raise _refuse(shown, f"is not a readable Word document (broken zip package: {exc})") from None
    except (NotImplementedError, RuntimeError) as exc:  # an unsupported compression method, or encryption
        raise _refuse(shown, f"is not a readable Word document ({exc})") from None


def _check_xml(package: zipfile.ZipFile, member: zipfile.ZipInfo, shown: str) -> None:
    where = f"{shown} ({member.filename})"
    with package.open(member) as stream:
        start = stream.read(4096)
    if _DECLARATION.search(start):
        raise _refuse(where, "declares a DOCTYPE or entities, which Word never writes; refused "
                             "(entity expansion could read local files or exhaust memory)")
    with package.open(member) as stream:
        depth = 0
        try:
            parser = etree.iterparse(stream, events=("start", "end"), resolve_entities=False, load_dtd=False,
                                     no_network=True, huge_tree=False, dtd_validation=False)
            for event, _ in parser:
                if event == "start":
                    depth += 1
                    if depth > MAX_XML_DEPTH:
                        raise _refuse(where, f"nests XML more than {MAX_XML_DEPTH} levels deep")
                else:
                    depth -= 1
            if parser.root is not None and parser.root.getroottree().docinfo.doctype:
                raise _refuse(where, "declares a DOCTYPE, which Word never writes; refused")
        except etree.XMLSyntaxError as exc:
            if "DOCTYPE" in str(exc) or "Entity" in str(exc):
                raise _refuse(where, "declares a DOCTYPE or entities, which Word never writes; refused") from None
            raise _refuse(where, f"is not well-formed XML: {exc}") from None
