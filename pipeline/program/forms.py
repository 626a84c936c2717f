"""The forms appendix: real Word forms filled from the plan with docxtpl, appended after the program.

Each form is a docxtpl template, `program_templates/forms/<form-id>.docx`, written by
`python -m pipeline.program.form_templates` from the house reference.docx, so its styles are the program's own.
`form_context` gathers what a form shows as plain Python values (intake text exactly as typed); docxtpl
renders with `autoescape=True`, so `Smith & Sons <Roofing>` is escaped for XML once, by Jinja, and never
by us. The Jinja environment is strict: a typo in a template fails the build instead of printing nothing.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import re
from functools import cache
from io import BytesIO
from os import PathLike
from pathlib import Path
from typing import Any, ClassVar

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.part import Part
from docxtpl import DocxTemplate
from jinja2 import BytecodeCache, Environment, StrictUndefined, Template, TemplateError

from ..errors import InputError, Problem
from ..intake.yamlfile import display_path
from .form_cache import bytecode_cache, recall_patched, remember_patched, shipped
from .form_content import (  # noqa: F401  (re-exported: `from pipeline.program.forms import forms_for` keeps working)
    ALL_TITLES,
    BASE_PPE,
    FORM_IDS,
    FORM_TITLES,
    FORMS_DIR,
    GENERAL_INSPECTION_ITEMS,
    GENERAL_TOPICS,
    OTHER_EQUIPMENT_CHECKS,
    PLAN_TITLED,
    form_context,
    form_path,
    form_title,
    form_titles,
    forms_for,
)
from .permit_context import FORM_MODULES, FORM_ONLY_IF  # noqa: F401  (re-exported, as before the split)
from .plan import Plan

try:  # python-docx 1.2's package writer, the one `Document.save` uses (`_FormDocument.save`)
    from docx.opc.pkgwriter import PackageWriter
except ImportError:  # pragma: no cover  (a later python-docx: forms are saved by its own `save`, the same parts)
    PackageWriter = None

log = logging.getLogger(__name__)


# -- rendering -------------------------------------------------------------------------------------------


class _FormEnvironment(Environment):
    """Strict, autoescaping, and compiling each patched template source once per process.

    docxtpl patches a template's XML and calls `from_string` on every render; the source is the same each
    time for the same template, so the compiled template is kept. With a `bytecode_cache` (the shipped forms',
    `form_cache.bytecode_cache`), the compiled code is also kept there, and a new process reads it back
    instead of compiling again (`from_string` itself does not use Jinja's bytecode cache; loaders do).
    """

    def __init__(self, bytecode_cache: BytecodeCache | None = None) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True, bytecode_cache=bytecode_cache)
        self._compiled: dict[str, Template] = {}

    def from_string(self, source, globals=None, template_class=None):  # type: ignore[override]
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = self._compiled[source] = self._from_cache(source) or super().from_string(source)
        return template

    def _from_cache(self, source: str) -> Template | None:
        """`from_string(source)` with its code from the bytecode cache (compiled and kept there on a miss), or
        None without a cache or when its folder cannot be read or written."""
        if self.bytecode_cache is None:
            return None
        try:
            bucket = self.bytecode_cache.get_bucket(self, hashlib.sha256(source.encode("utf-8", "surrogatepass"))
                                                    .hexdigest(), None, source)
            code = bucket.code
            if code is None:
                bucket.code = code = self.compile(source)
                self.bytecode_cache.set_bucket(bucket)
        except OSError:
            return None
        return self.template_class.from_code(self, code, self.make_globals(None))


# The parts of a form's package a render leaves as the template had them: docxtpl replaces the main part's body,
# renders the core properties, the footnotes and any header or footer, and our callers only read a rendered form
# (docxcompose, appending a form that points into other parts, edits the body and the headers and footers of
# the form it appends). Every render shares these with the template opened once, and their XML is serialized
# once. Any part not named here is copied for each render and serialized at each save, as python-docx does.
_UNCHANGED_PARTS = frozenset({CT.WML_STYLES, CT.WML_NUMBERING, CT.WML_SETTINGS, CT.WML_WEB_SETTINGS,
                              CT.WML_FONT_TABLE, CT.OFC_THEME, CT.OFC_EXTENDED_PROPERTIES})


class _Written:
    """An unchanged part as python-docx's `PackageWriter` reads it (name, content type, bytes, relationships),
    serialized once: the same `blob` and `rels.xml` the part gives each time it is asked."""

    __slots__ = ("part", "partname", "content_type", "blob", "rels")

    def __init__(self, part: Part) -> None:
        self.part = part  # kept alive, so that no other part takes its id
        self.partname = part.partname
        self.content_type = part.content_type
        self.blob = part.blob
        self.rels = _WrittenRels(part.rels)


class _WrittenRels:
    """A part's relationships as `PackageWriter` reads them: how many, and their XML (serialized once)."""

    __slots__ = ("count", "xml")

    def __init__(self, rels) -> None:
        self.count = len(rels)
        self.xml = rels.xml if self.count else b""

    def __len__(self) -> int:
        return self.count


class _FormDocument(DocxDocument):
    """A rendered form's python-docx Document, sharing the parts a render leaves unchanged (`_UNCHANGED_PARTS`)
    with its template, which save as they were serialized once (`_Written`).

    `save` writes what python-docx's `Document.save` writes, member for member and byte for byte, through
    the same `PackageWriter` (`OpcPackage.save`'s steps); to a path it writes the package in memory and the
    file in one piece (one write, not several for each part). Should a later python-docx move its writer, the
    form is saved by python-docx's own `save`, which serializes the shared parts again: the same file."""

    written: ClassVar[dict[int, _Written]] = {}  # id of a shared part → it serialized, once per process

    def save(self, path_or_stream) -> None:  # type: ignore[override]
        if PackageWriter is None:  # pragma: no cover
            super().save(path_or_stream)
            return
        package = self.part.package
        for part in package.parts:
            part.before_marshal()
        written = [self._written(part) for part in package.parts]
        if not isinstance(path_or_stream, (str, PathLike)):
            PackageWriter.write(path_or_stream, package.rels, written)
            return
        buffer = BytesIO()
        PackageWriter.write(buffer, package.rels, written)
        Path(path_or_stream).write_bytes(buffer.getbuffer())

    def _written(self, part: Part) -> Part | _Written:
        """`part` as serialized once, if it is a shared part, else `part` itself (serialized as it is saved)."""
        written = self.written.get(id(part))
        return written if written is not None and written.part is part else part


class _FormTemplate(DocxTemplate):
    """docxtpl's template, minus work that gives the same answer on every render.

    `patch_xml` (regex clean-up of a template's XML before Jinja sees it) depends only on the template, so
    its result is kept per process, and for a shipped template also on disk (`form_cache`: a new process reads
    it back instead of spending 9 ms a template); `resolve_listing` only rewrites tabs, newlines and form feeds inside
    text, so it is skipped when the rendered XML has none. Together they halve the time a form takes.

    Opening the template's package (unzipping and parsing a dozen parts) and serializing its body for Jinja
    (`get_xml`) depend only on the template's bytes too: the package is opened once per process, its body's
    XML kept and its body emptied (docxtpl replaces the body with the rendered one), and each render works on
    a deep copy of it that shares the parts no render changes (`_FormDocument`): 2.7 ms → 0.5 ms a form, the
    same parts saved. `get_xml` therefore gives the template's body, as docxtpl's `build_xml` reads it before
    rendering.
    """

    _patched: ClassVar[dict[str, str]] = {}
    _opened: ClassVar[dict[bytes, tuple[_FormDocument, dict[int, Any]]]] = {}  # bytes → package, shared parts
    _body_xml: ClassVar[dict[bytes, str]] = {}
    _LISTING = "\t\n\a\f"  # what `resolve_listing` rewrites

    def __init__(self, template: bytes, *, shipped: bool = False) -> None:
        super().__init__(BytesIO(template))
        self._template = template
        self._shipped = shipped  # a template corpath ships: its patched XML is kept on disk (`form_cache`)

    def init_docx(self, reload: bool = True) -> None:
        if not self.docx or (self.is_rendered and reload):
            opened = self._opened.get(self._template)
            if opened is None:
                opened = self._opened[self._template] = self._open()
            document, shared = opened
            self.docx = copy.deepcopy(document, dict(shared))
            self.is_rendered = False

    def _open(self) -> tuple[_FormDocument, dict[int, Any]]:
        """The template's package opened, its body's XML kept (`get_xml`) and the body emptied, and the deepcopy
        memo that makes a copy share its unchanged parts (serialized now, for `_FormDocument.save`)."""
        opened = docx.Document(BytesIO(self._template))
        body = opened.element.body
        self._body_xml[self._template] = self.xml_to_string(body)  # docxtpl's `get_xml` of the template
        for child in list(body):
            body.remove(child)
        shared = {id(part): part for part in opened.part.package.iter_parts() if part.content_type in _UNCHANGED_PARTS}
        _FormDocument.written.update({key: _Written(part) for key, part in shared.items()})
        return _FormDocument(opened.element, opened.part), shared

    def get_xml(self) -> str:
        return self._body_xml[self._template]

    def patch_xml(self, src_xml: str) -> str:
        patched = self._patched.get(src_xml)
        if patched is None:
            patched = recall_patched(src_xml) if self._shipped else None
            if patched is None:
                patched = super().patch_xml(src_xml)
                if self._shipped:
                    remember_patched(src_xml, patched)
            self._patched[src_xml] = patched
        return patched

    def resolve_listing(self, xml: str) -> str:
        # four substring tests, not one regular expression: a form's body (20-140 KB) is scanned in 5 µs, not 360
        return super().resolve_listing(xml) if any(c in xml for c in self._LISTING) else xml


@cache
def form_environment(shipped: bool = False) -> Environment:
    """The forms' Jinja environment, one per process; for the shipped templates (`shipped`), with the compiled
    code kept in the user cache folder (`form_cache.bytecode_cache`)."""
    return _FormEnvironment(bytecode_cache() if shipped else None)


@cache
def template_bytes(path: Path) -> bytes:
    """A form template's bytes, read once per process."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(display_path(path), None, None, "", "form template not found; "
                                  "run `python -m pipeline.program.form_templates`")]) from None


def render_form(plan: Plan, form_id: str, target: Path, *, root: Path = FORMS_DIR) -> Path:
    """Render one form to `target`; a template error is reported with the template's file."""
    render_form_document(plan, form_id, target, root=root)
    return target


def render_form_document(plan: Plan, form_id: str, target: Path, *, root: Path = FORMS_DIR) -> DocxDocument:
    """`render_form`, returning the rendered form as the open python-docx Document that was saved to `target`
    (the same XML: docxtpl parses its rendered body with python-docx's own parser), so a caller appending it to
    the program need not open the file again. The Document is for reading and appending: its styles,
    numbering, settings, fonts and theme parts are the template's, shared by every render of it in this
    process (`_UNCHANGED_PARTS`), and must not be changed; its body, core properties, notes, headers and
    footers are its own."""
    path = form_path(form_id, root)
    ours = shipped(path)
    template = _FormTemplate(template_bytes(path), shipped=ours)
    try:
        template.render(form_context(plan, form_id), jinja_env=form_environment(ours), autoescape=True)
    except TemplateError as exc:
        raise InputError([Problem(display_path(path), None, None, "", f"template error: {exc}")]) from None
    template.save(str(target))
    return template.docx


def rendered_forms(plan: Plan, folder: Path, *, root: Path = FORMS_DIR, own: Path | None = None
                   ) -> list[tuple[Path, DocxDocument]]:
    """`render_forms`, each form's file with its open Document (`render_form_document`), in appendix order."""
    folder.mkdir(parents=True, exist_ok=True)
    forms = []
    for n, form_id in enumerate(forms_for(plan), start=1):
        target = folder / f"{n:02d}-{form_id}.docx"
        form_root = own if own is not None and form_path(form_id, own).is_file() else root
        forms.append((target, render_form_document(plan, form_id, target, root=form_root)))
    log.debug("rendered %d forms into %s", len(forms), folder)
    return forms


def own_form_warnings(plan: Plan, own: Path) -> list[str]:
    """Check the client's own form templates, `<own>/<form-id>.docx` (the overrides folder's `forms/`), before
    a build uses them: a template this program has no form for is not used, and is reported instead of being
    dropped silently. Returns one warning per template of a form this program does not include (a permit for
    work the intake does not name). Raises InputError naming every file whose name is no form's id (e.g.
    `02-flha.docx`, a delivered form's file name, for `flha.docx`). Word's lock files (`~$…`) and hidden files
    are not templates and are passed over."""
    if not own.is_dir():
        return []
    templates = sorted(p for p in own.glob("*.docx") if not p.name.startswith(("~$", ".")))
    unknown = [p for p in templates if p.stem not in FORM_IDS]
    if unknown:
        named = ", ".join(f"{form_id}.docx" for form_id in forms_for(plan))
        raise InputError([Problem(display_path(p), None, None, "", _misnamed(p.stem, named)) for p in unknown])
    included = set(forms_for(plan))
    return [f"{display_path(p)}: this program has no {form_title(plan, p.stem)} form (the intake names no work that "
            "needs it), so the client's template is not used" for p in templates if p.stem not in included]


def _misnamed(stem: str, named: str) -> str:
    """What to say of a client's form template named `stem`, which is no form's id."""
    delivered = re.fullmatch(r"\d+-(.+)", stem)  # the delivered file's name, `<nn>-<form-id>`
    if delivered and delivered.group(1) in FORM_IDS:
        return (f"named as the delivered form; a client's own form template is named after its form alone: "
                f"rename it {delivered.group(1)}.docx")
    return f"no form is called '{stem}', so this template would not be used; this program's forms: {named}"


def render_forms(plan: Plan, folder: Path, *, root: Path = FORMS_DIR, own: Path | None = None) -> list[Path]:
    """Every form this program includes (forms_for), in appendix order, as `<folder>/<nn>-<form-id>.docx`. A
    client's own copy of a form's template, `<own>/<form-id>.docx` (the overrides folder's `forms/`), is used in
    place of the shared one."""
    return [path for path, _ in rendered_forms(plan, folder, root=root, own=own)]
