"""A disk cache of the work a shipped form template costs once per process: docxtpl's patched XML, and Jinja's
compiled code for it.

Before its first render in a process, a form template's body XML goes through docxtpl's `patch_xml` (a score
of regular expressions over 20-140 KB: about 9 ms a template) and Jinja compiles the result (about 4 ms): some
150 ms for the dozen forms of a `corpath build`. Both depend only on the template, so for the templates corpath
ships (`program_templates/forms/`) they are kept under the user cache folder (`usercache.user_cache`):
the patched XML under the SHA-256 of the XML and of docxtpl (its version and the source of its
`template.py`), the compiled code in Jinja's own bytecode cache, which checks the source and Jinja's and
Python's versions before using an entry. A client's own template is never cached on disk (its words stay in
the client's folders). A folder that cannot be written, or an entry that cannot be read, only means the work
is done again: the cache never changes a form.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from .. import usercache
from ..usercache import code_fingerprint, keep, user_cache, within
from .form_content import FORMS_DIR


def shipped(path: Path) -> bool:
    """True for a template inside the shipped `program_templates/forms/` folder (never a client's own)."""
    return within(path, Path(os.path.abspath(FORMS_DIR)))


@cache
def _docxtpl_fingerprint() -> bytes:
    import docxtpl
    import docxtpl.template

    return code_fingerprint(docxtpl.__version__, Path(docxtpl.template.__file__))


def _entry(xml: str) -> Path:
    digest = hashlib.sha256(_docxtpl_fingerprint())
    digest.update(xml.encode("utf-8", "surrogatepass"))
    return user_cache("docxtpl-patched") / f"{digest.hexdigest()}.xml"


def recall_patched(xml: str) -> str | None:
    """docxtpl's `patch_xml` of `xml` as it was kept before by this docxtpl, or None."""
    try:
        return _entry(xml).read_bytes().decode("utf-8")
    except (OSError, UnicodeError):
        return None


def remember_patched(xml: str, patched: str) -> None:
    """Keep docxtpl's `patch_xml` of `xml` (`usercache.keep`: whole or absent); text UTF-8 cannot hold is left
    alone."""
    try:
        data = patched.encode("utf-8")
    except UnicodeError:
        return
    keep(_entry(xml), data)


def bytecode_cache() -> FileSystemBytecodeCache | None:
    """Jinja's bytecode cache for the shipped forms' environment, in a folder of its own; None if it cannot be
    made."""
    return usercache.bytecode_cache("jinja-forms")
