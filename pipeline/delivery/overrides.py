"""A client's own edits to its Word program, absorbed as per-section overrides beside the intake.

`corpath absorb CLIENT EDITED.docx` finds the delivery the edited file came from (its `corpath.build_id`
property), compares the edited file with that delivery's pristine program.docx section by section (each
section starts at its heading's stable bookmark, `sec-<id>`), and stores every edited section as Markdown in
`intake/<client>.overrides/<section>.md` — reviewable in git — with the template text it was edited from.

Later builds use the override in place of the template's text. When the template's text under an override
changes (a template, protocol or intake change), the build stops and reports a conflict for that section,
with both texts and what changed in the template; `--keep-client` or `--take-template` resolves it. A client's
text is never deleted: an override that is replaced or dropped moves to `.retired/`.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
import pypandoc
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from ruamel.yaml import YAML

from ..errors import ConflictError, InputError, Problem, ToolError
from ..intake.yamlfile import display_path
from ..safefs import UnsafePath, mkdirs_inside, no_links_below, read_inside, write_inside
from ..word.assemble import PANDOC_RTS
from ..word.docx_guard import check_docx
from .deliveries import Delivery, deliveries, latest_delivery

SECTION_PREFIX = "sec-"
NOT_ABSORBED = {"forms"}  # the forms appendix: edit forms/*.docx instead
MARKER = "CORPATHSECTIONMARKER"
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def overrides_dir(intake_path: Path) -> Path:
    return intake_path.parent / f"{intake_path.stem}.overrides"


def text_sha(text: str) -> str:
    return hashlib.sha256(normalize(text).encode()).hexdigest()


def normalize(markdown: str) -> str:
    """Trailing spaces and blank-line runs do not make a different text."""
    lines = [line.rstrip() for line in markdown.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


@dataclass(frozen=True)
class Override:
    section: str
    text: str  # the client's Markdown for the section body
    base: str  # the template's text the client edited
    path: Path
    delivery: str | None = None
    absorbed_on: str | None = None

    @property
    def base_sha256(self) -> str:
        return text_sha(self.base)


def _yaml() -> YAML:
    yaml = YAML()
    yaml.default_flow_style = False
    return yaml


def load_overrides(intake_path: Path) -> dict[str, Override]:
    """Every override of a client, by section id (none when the folder does not exist)."""
    folder = overrides_dir(intake_path)
    found: dict[str, Override] = {}
    no_links_below(intake_path.parent, folder)  # nothing is read through a link (git carries links)
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.md")):
        raw = _read(intake_path, path)
        match = _FRONT.match(raw)
        if not match:
            raise InputError([Problem(display_path(path), 1, 1, "", "an override starts with a front matter block "
                                      "between two --- lines")])
        meta = _yaml().load(match.group(1)) or {}
        base_path = folder / ".base" / path.name
        if not (base_path.exists() or base_path.is_symlink()):
            raise InputError([Problem(display_path(base_path), None, None, "", "the template text this override was "
                                      "edited from is missing; absorb the edited file again")])
        section = str(meta.get("section", path.stem))
        found[section] = Override(
            section=section,
            text=normalize(raw[match.end():]),
            base=normalize(_read(intake_path, base_path)),
            path=path,
            delivery=meta.get("delivery"),
            absorbed_on=str(meta.get("absorbed_on")) if meta.get("absorbed_on") else None,
        )
    return found


def _read(intake_path: Path, path: Path) -> str:
    """An override file's text, never through a link; a link or a non-UTF-8 file is the client's problem."""
    try:
        return read_inside(intake_path.parent, path, limit=1_000_000).decode("utf-8")
    except UnsafePath as exc:
        raise InputError([Problem(display_path(Path(exc.path)), None, None, "", exc.reason)]) from None
    except UnicodeDecodeError as exc:
        raise InputError([Problem(display_path(path), None, None, "", f"not UTF-8 text ({exc.reason})")]) from None


def overrides_fingerprint(overrides: dict[str, Override]) -> str:
    digest = hashlib.sha256()
    for section in sorted(overrides):
        digest.update(section.encode())
        digest.update(text_sha(overrides[section].text).encode())
        digest.update(overrides[section].base_sha256.encode())
    return digest.hexdigest()


def _retire(path: Path, today: date) -> None:
    retired = path.parent / ".retired"
    mkdirs_inside(path.parent, retired)  # a .retired link to another folder is refused
    target = retired / f"{path.stem}-{today.isoformat()}.md"
    n = 1
    while target.exists() or target.is_symlink():
        n += 1
        target = retired / f"{path.stem}-{today.isoformat()}-{n}.md"
    path.rename(target)


def save_override(intake_path: Path, section: str, text: str, base: str, *, delivery: str | None,
                  today: date) -> Path:
    """Write one override (and the template text it was edited from); an older one moves to .retired/."""
    folder = overrides_dir(intake_path)
    mkdirs_inside(intake_path.parent, folder / ".base")
    path = folder / f"{section}.md"
    no_links_below(intake_path.parent, path)
    if path.exists():
        _retire(path, today)
    meta = (f"---\nsection: {section}\ndelivery: {delivery or ''}\nabsorbed_on: {today.isoformat()}\n"
            f"base_sha256: {text_sha(base)}\n---\n")
    write_inside(intake_path.parent, path, meta + normalize(text))
    write_inside(intake_path.parent, folder / ".base" / f"{section}.md", normalize(base))
    return path


def retire_override(override: Override, today: date) -> None:
    """Drop an override from future builds, keeping the client's text in .retired/."""
    _retire(override.path, today)
    base = override.path.parent / ".base" / override.path.name
    base.unlink(missing_ok=True)


# -- reading sections back out of a Word file ---------------------------------------------------------------

def _section_starts(document) -> list[tuple[int, str]]:
    """(index in the body, section id) for every top-level element that opens a section."""
    starts = []
    body = list(document.element.body.iterchildren())
    for i, child in enumerate(body):
        names = []
        if child.tag == qn("w:bookmarkStart"):
            names.append(child.get(qn("w:name")) or "")
        elif child.tag == qn("w:p"):
            names.extend(b.get(qn("w:name")) or "" for b in child.iter(qn("w:bookmarkStart")))
        for name in names:
            if name.startswith(SECTION_PREFIX):
                starts.append((i, name[len(SECTION_PREFIX):].replace("-", "_")))
    return starts


def docx_sections(path: Path) -> dict[str, str]:
    """Each section's body as Markdown (one pandoc call for the whole document), by section id."""
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a Word document
        raise InputError([Problem(display_path(path), None, None, "", f"not a Word document: {exc}")]) from None
    body = document.element.body
    children = list(body.iterchildren())
    starts = _section_starts(document)
    for index, section in starts:
        marker = OxmlElement("w:p")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = f"{MARKER}{section}{MARKER}"
        run.append(text)
        marker.append(run)
        children[index].addprevious(marker)
    with tempfile.TemporaryDirectory() as tmp:
        marked = Path(tmp) / "marked.docx"
        document.save(str(marked))
        try:
            markdown = pypandoc.convert_file(str(marked), "markdown-smart", format="docx",
                                             extra_args=[*PANDOC_RTS, "--wrap=none"])
        except (RuntimeError, OSError) as exc:
            raise ToolError(f"pandoc could not read {path.name}: {exc}") from None
    sections: dict[str, str] = {}
    parts = re.split(rf"^{MARKER}(\w+){MARKER}\s*$", markdown, flags=re.M)
    for section, chunk in zip(parts[1::2], parts[2::2], strict=True):
        lines = chunk.strip("\n").splitlines()
        if lines and lines[0].startswith("# "):
            lines = lines[1:]  # the heading is written by the assembler from the catalogue
        sections[section] = normalize("\n".join(lines))
    return sections


def source_sections(markdown: str) -> dict[str, str]:
    """Section bodies from a delivery's program.md (the Markdown corpath generated)."""
    parts = re.split(r"^# .*\{#" + SECTION_PREFIX + r"([a-z0-9-]+)\}\s*$", markdown, flags=re.M)
    return {sid.replace("-", "_"): normalize(body) for sid, body in zip(parts[1::2], parts[2::2], strict=True)}


def _build_id(path: Path) -> str | None:
    from docxcompose.properties import CustomProperties

    try:
        return str(CustomProperties(docx.Document(str(path)))["corpath.build_id"])
    except Exception:
        return None


def find_source_delivery(output_root: Path, client: str, edited: Path) -> Delivery:
    """The delivery an edited Word file came from, by its build id (else the latest, if ids are absent)."""
    build_id = _build_id(edited)
    for delivery in deliveries(output_root, client):
        if build_id and delivery.manifest.get("build_id") == build_id:
            return delivery
    if build_id:
        raise InputError([Problem(display_path(edited), None, None, "corpath.build_id",
                                  f"came from build {build_id}, which no delivery of '{client}' has")])
    latest = latest_delivery(output_root, client)
    if latest is None:
        raise InputError([Problem(display_path(edited), None, None, "", f"'{client}' has no delivery to compare with")])
    return latest


@dataclass(frozen=True)
class Absorbed:
    delivery: str
    sections: list[str]  # edited sections stored as overrides
    ignored: list[str]  # edited sections not absorbed (the forms appendix)


def absorb(intake_path: Path, edited: Path, *, output_root: Path, today: date) -> Absorbed:
    """Store every section the client edited as an override; return which.

    The edited file came from outside: `check_docx` bounds it (size, parts, XML depth, no entities) first.
    """
    check_docx(edited, display_path(edited))
    client = intake_path.stem
    delivery = find_source_delivery(output_root, client, edited)
    pristine = docx_sections(delivery.path / "program.docx")
    changed = docx_sections(edited)
    missing = sorted(set(pristine) - set(changed))
    if missing:
        raise InputError([Problem(display_path(edited), None, None, "", "the section bookmarks of "
                                  f"{', '.join(missing)} are gone, so those sections cannot be matched; "
                                  "edit inside the sections, keeping their headings")])
    generated = source_sections((delivery.path / "program.md").read_text(encoding="utf-8"))
    existing = load_overrides(intake_path)
    absorbed, ignored = [], []
    for section, text in pristine.items():
        if changed[section] == text:
            continue
        if section in NOT_ABSORBED:
            ignored.append(section)
            continue
        # the template's text the client started from: the delivery's own, unless it already was an override
        base = existing[section].base if section in existing else generated.get(section, "")
        save_override(intake_path, section, changed[section], base, delivery=delivery.name, today=today)
        absorbed.append(section)
    return Absorbed(delivery.name, absorbed, ignored)


# -- conflicts ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Conflict:
    section: str
    client_text: str
    template_before: str
    template_now: str
    override_path: Path

    def template_diff(self, context: int = 2) -> str:
        return "".join(difflib.unified_diff(
            self.template_before.splitlines(keepends=True), self.template_now.splitlines(keepends=True),
            "template when the client edited it", "template now", n=context))

    def describe(self) -> str:
        return (f"section '{self.section}': the template's text changed since the client edited it "
                f"(client's text: {display_path(self.override_path)})\n{self.template_diff()}")


def find_conflicts(overrides: dict[str, Override], rendered: dict[str, str]) -> list[Conflict]:
    """Overrides whose template text has changed underneath them."""
    conflicts = []
    for section, override in sorted(overrides.items()):
        now = normalize(rendered.get(section, ""))
        if text_sha(now) != override.base_sha256:
            conflicts.append(Conflict(section, override.text, override.base, now, override.path))
    return conflicts


def resolve(intake_path: Path, conflicts: list[Conflict], *, keep_client: set[str], take_template: set[str],
            today: date) -> list[Conflict]:
    """Apply the consultant's choices; return the conflicts still open.

    keep-client: the override stays and is rebased on the new template text (the client's text wins).
    take-template: the override is retired (kept in .retired/) and the template's new text is used.
    `all` in either set applies to every conflict.
    """
    overlap = (keep_client & take_template) - {"all"}
    if overlap or ("all" in keep_client and "all" in take_template):
        raise ConflictError(f"a section cannot be both kept and taken: {', '.join(sorted(overlap)) or 'all'}")
    overrides = load_overrides(intake_path)
    left = []
    for conflict in conflicts:
        sid = conflict.section
        if sid in keep_client or ("all" in keep_client and sid not in take_template):
            save_override(intake_path, sid, conflict.client_text, conflict.template_now,
                          delivery=overrides[sid].delivery, today=today)
        elif sid in take_template or "all" in take_template:
            retire_override(overrides[sid], today)
        else:
            left.append(conflict)
    return left
