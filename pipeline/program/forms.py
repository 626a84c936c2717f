"""The forms appendix: real Word forms filled from the plan with docxtpl, appended after the program.

Each form is a docxtpl template, `program_templates/forms/<form-id>.docx`, written by
`python -m pipeline.program.form_templates` from the house reference.docx, so its styles are the program's own.
`form_context` gathers what a form shows as plain Python values (intake text exactly as typed); docxtpl
renders with `autoescape=True`, so `Smith & Sons <Roofing>` is escaped for XML once, by Jinja, and never
by us. The Jinja environment is strict: a typo in a template fails the build instead of printing nothing.
"""

from __future__ import annotations

import copy
import logging
import re
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import ClassVar

import docx
from docx.document import Document as DocxDocument
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, Template, TemplateError

from ..errors import InputError, Problem
from ..intake.yamlfile import display_path
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

log = logging.getLogger(__name__)


# -- rendering -------------------------------------------------------------------------------------------


class _FormEnvironment(Environment):
    """Strict, autoescaping, and compiling each patched template source once per process.

    docxtpl patches a template's XML and calls `from_string` on every render; the source is the same each
    time for the same template, so the compiled template is kept.
    """

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True)
        self._compiled: dict[str, Template] = {}

    def from_string(self, source, globals=None, template_class=None):  # type: ignore[override]
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = self._compiled[source] = super().from_string(source)
        return template


class _FormTemplate(DocxTemplate):
    """docxtpl's template, minus work that gives the same answer on every render.

    `patch_xml` (regex clean-up of a template's XML before Jinja sees it) depends only on the template, so
    its result is kept per process; `resolve_listing` only rewrites tabs, newlines and form feeds inside
    text, so it is skipped when the rendered XML has none. Together they halve the time a form takes.

    Opening the template's package (unzipping and parsing a dozen parts) and serializing its body for Jinja
    (`get_xml`) depend only on the template's bytes too: the package is opened once per process and each
    render works on a deep copy of it (2.4 ms → 0.6 ms a form, the same parts saved), and the body's XML is
    kept. `get_xml` therefore gives the template's body, as docxtpl's `build_xml` reads it before rendering.
    """

    _patched: ClassVar[dict[str, str]] = {}
    _opened: ClassVar[dict[bytes, DocxDocument]] = {}  # template bytes → its package, never rendered into
    _body_xml: ClassVar[dict[bytes, str]] = {}
    _LISTING = re.compile("[\t\n\a\f]")

    def __init__(self, template: bytes) -> None:
        super().__init__(BytesIO(template))
        self._template = template

    def init_docx(self, reload: bool = True) -> None:
        if not self.docx or (self.is_rendered and reload):
            opened = self._opened.get(self._template)
            if opened is None:
                opened = self._opened[self._template] = docx.Document(BytesIO(self._template))
            self.docx = copy.deepcopy(opened)
            self.is_rendered = False

    def get_xml(self) -> str:
        xml = self._body_xml.get(self._template)
        if xml is None:
            xml = self._body_xml[self._template] = super().get_xml()
        return xml

    def patch_xml(self, src_xml: str) -> str:
        patched = self._patched.get(src_xml)
        if patched is None:
            patched = self._patched[src_xml] = super().patch_xml(src_xml)
        return patched

    def resolve_listing(self, xml: str) -> str:
        return super().resolve_listing(xml) if self._LISTING.search(xml) else xml



@cache
def form_environment() -> Environment:
    return _FormEnvironment()


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
    the program need not open the file again."""
    path = form_path(form_id, root)
    template = _FormTemplate(template_bytes(path))
    try:
        template.render(form_context(plan, form_id), jinja_env=form_environment(), autoescape=True)
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


def render_forms(plan: Plan, folder: Path, *, root: Path = FORMS_DIR, own: Path | None = None) -> list[Path]:
    """Every form this program includes (forms_for), in appendix order, as `<folder>/<nn>-<form-id>.docx`. A
    client's own copy of a form's template, `<own>/<form-id>.docx` (the overrides folder's `forms/`), is used in
    place of the shared one."""
    return [path for path, _ in rendered_forms(plan, folder, root=root, own=own)]
