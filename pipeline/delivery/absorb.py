"""`corpath absorb CLIENT EDITED.docx`: keep what a client wrote in the Word program it was sent.

1. The delivery the file came from: `--from DELIVERY`, else the build id in its document properties, else
   (Google Docs drops custom properties) the delivery whose program it is most like; the choice and how sure
   are said.
2. The sections: the edited file's level-1 headings aligned with the delivery's pristine program.docx
   (`align`), so a section is found whether or not an editor kept its bookmark.
3. Every kind of change, per section: an edited body (paragraphs, tables, lists, pictures) becomes an override;
   a renamed heading a title override; a section the client added is kept after the one it follows; a deleted
   section is reported and left out of later builds only after `--confirm-delete SECTION`; tracked changes are
   read accepted (and said so); comments are listed, here and in the next delivery's changes.md. The cover,
   document control, page header and footer are made from the intake on every build: edits there are reported
   and their text saved in `.reported/`. The forms appendix is made from the form templates: an edited form is
   reported with the client's text saved and the way to keep it (a per-client copy of the form's template in
   the overrides folder's `forms/`).
4. A table per section of what happened, and anything not kept with its reason. `lost` is empty only when
   everything the client wrote is kept.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import language
from ..errors import InputError, Problem
from ..intake.yamlfile import display_path
from ..program.compose import CLIENT_PREFIX
from ..word.docx_guard import check_docx
from .align import align, document_similarity, pristine_sections
from .deliveries import Delivery, deliveries
from .docx_read import DocView, canonical, read_bytes, read_docx, split_chunks
from .overrides import (
    Added,
    load_added,
    load_overrides,
    overrides_dir,
    replace_added,
    retire_added,
    save_added,
    save_comments,
    save_media,
    save_override,
    write_text,
)

FORMS = "forms"  # the forms appendix: made from the form templates, not from a section template
_PICTURE = re.compile(r"\]\((media/[^)\s]+)\)")


@dataclass
class Row:
    section: str
    status: str  # kept | retitled | kept, retitled | added | deleted | unchanged | reported
    detail: str = ""


@dataclass
class Absorbed:
    delivery: str
    how_found: str  # how the source delivery was chosen, and how sure
    rows: list[Row] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # what the client wrote that is not kept, with the reason
    comments: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def sections(self) -> list[str]:
        """Sections whose text or title is now an override."""
        return [r.section for r in self.rows if r.status.startswith(("kept", "retitled"))]


def _program_md(delivery: Delivery) -> str:
    return read_bytes(delivery.path / "program.md").decode("utf-8")


def find_source(output_root: Path, client: str, view: DocView, chosen: str | None) -> tuple[Delivery, str]:
    """The delivery an edited file came from, and a sentence on how it was found and how sure."""
    every = deliveries(output_root, client)
    if not every:
        raise InputError([Problem(display_path(view.path), None, None, "", f"'{client}' has no delivery to compare "
                                  "with")])
    if chosen:
        for delivery in every:
            if chosen in (delivery.name, str(delivery.path)) or Path(chosen).resolve() == delivery.path.resolve():
                return delivery, f"delivery {delivery.name}, as given with --from"
        raise InputError([Problem(chosen, None, None, "--from", f"no delivery of '{client}' is called that; "
                                  f"there are: {', '.join(d.name for d in every)}")])
    if view.build_id:
        for delivery in every:
            if delivery.manifest.get("build_id") == view.build_id:
                return delivery, f"delivery {delivery.name}, by the build id in the file's properties (certain)"
        raise InputError([Problem(display_path(view.path), None, None, "corpath.build_id",
                                  f"came from build {view.build_id}, which no delivery of '{client}' has; "
                                  "name the delivery with --from")])
    scored = []
    for delivery in every:
        _, chunks = split_chunks(_program_md(delivery))
        scored.append((document_similarity(view, DocView(delivery.path, chunks[0], chunks, [], None, {})), delivery))
    scored.sort(key=lambda pair: (pair[0], pair[1].name), reverse=True)
    best, delivery = scored[0]
    runner = f"; next {scored[1][1].name} at {scored[1][0]:.0%}" if len(scored) > 1 else ""
    return delivery, (f"delivery {delivery.name}, by likeness (the file has no build id): {best:.0%} of its "
                      f"paragraphs are that delivery's{runner}")


def _store_pictures(intake_path: Path, text: str, view: DocView) -> tuple[str, list[str]]:
    """Store the pictures `text` points at beside the overrides; returns the text and any picture not found."""
    missing = []
    for name in _PICTURE.findall(text):
        if name in view.media:
            save_media(intake_path, name, view.media[name])
        else:
            missing.append(name)
    return text, missing


def _report(intake_path: Path, what: str, text: str, today: date) -> Path:
    path = overrides_dir(intake_path) / ".reported" / f"{what}-{today.isoformat()}.md"
    write_text(path, text)
    return path


def _changed_forms(pristine: str, edited: str) -> list[str]:
    """Titles of the forms whose text differs (the appendix is cut at its level-2 headings)."""
    def forms(markdown: str) -> dict[str, str]:
        parts = re.split(r"^## (.*)$", markdown, flags=re.M)
        return {t.strip(): canonical(b) for t, b in zip(parts[1::2], parts[2::2], strict=True)}
    before, after = forms(pristine), forms(edited)
    names = [t for t in after if before.get(t) != after[t]] + [t for t in before if t not in after]
    return names or ["the appendix's introduction"]


_TOC_LINE = re.compile(r"^\[.*\s\d+\]\(#[^)]*\)$")


def _front_changed(pristine: DocView, edited: DocView) -> bool:
    """Whether the cover or document control differ, paragraph by paragraph. The title block and a table of
    contents that an editor turned into plain paragraphs (Google Docs drops their styles) are no edit."""
    def paragraphs(view: DocView) -> Counter[str]:
        found = Counter(canonical(p) for p in re.split(r"\n[ \t]*\n", view.front.body) if p.strip())
        return Counter({p: n for p, n in found.items()
                        if p not in pristine.furniture | edited.furniture and p != "Contents"
                        and not _TOC_LINE.match(p)})
    return paragraphs(pristine) != paragraphs(edited)


def absorb(intake_path: Path, edited: Path, *, output_root: Path, today: date, source: str | None = None,
           confirm_delete: frozenset[str] = frozenset()) -> Absorbed:
    """Keep every change the client made (see the module's docstring); return what happened to each section.

    Raises InputError for a file that is not a Word document or whose source delivery cannot be found.
    """
    client = intake_path.stem
    check_docx(edited, display_path(edited))  # it came from outside: bounded before anything parses it
    view = read_docx(edited)
    delivery, how = find_source(output_root, client, view, source)
    program_md = _program_md(delivery)
    pristine_view = read_docx(delivery.path / "program.docx")
    pristine = pristine_sections(pristine_view, program_md)
    aligned = align(pristine, view.chunks)
    existing = load_overrides(intake_path)
    own: dict[str, Added] = {a.title: a for a in load_added(intake_path)}  # the client's sections, by title
    was_override = set(delivery.manifest.get("overrides") or [])
    result = Absorbed(delivery.name, how)
    rel = display_path(overrides_dir(intake_path))

    for section, chunk in aligned.matched:
        sid, before = section.id, section.chunk
        if chunk.tracked:
            result.notes.append(f"{sid}: {language.tally(chunk.tracked, 'tracked change')} read as accepted (the text "
                                "with them accepted is what is kept)")
        result.comments += [(sid, note) for note in chunk.comments]
        body_changed = canonical(chunk.body) != canonical(before.body)
        retitled = chunk.title != before.title
        if not (body_changed or retitled):
            result.rows.append(Row(sid, "unchanged"))
            continue
        if sid.startswith(CLIENT_PREFIX) and before.title in own:  # a section the client added earlier
            text, missing = _store_pictures(intake_path, chunk.body, view)
            path = replace_added(own[before.title], chunk.title, text, delivery=delivery.name, today=today)
            status = "kept, retitled" if body_changed and retitled else "retitled" if retitled else "kept"
            result.rows.append(Row(sid, status, f"the client's own section, {path.name}"))
            result.lost += [f"{sid}: picture {m} is not in the file" for m in missing]
            continue
        if sid == FORMS:
            names = _changed_forms(before.body, chunk.body)
            saved = _report(intake_path, "forms", f"# {chunk.title}\n\n{chunk.body}", today)
            why = (f"the forms are made from their templates on every build; the client's text is saved in "
                   f"{display_path(saved)}; to keep it, copy program_templates/forms/<form>.docx to "
                   f"{rel}/forms/ and make the change there (later builds of this client use that copy)")
            result.rows.append(Row(sid, "reported", f"edited: {', '.join(names)}"))
            result.lost.append(f"forms appendix ({', '.join(names)}): {why}")
            continue
        base = existing[sid].base if sid in existing and sid in was_override else before.body
        text, missing = _store_pictures(intake_path, chunk.body, view)
        title = chunk.title if retitled else (existing[sid].title if sid in existing else None)
        save_override(intake_path, sid, text, base, delivery=delivery.name, today=today, title=title)
        status = "kept, retitled" if body_changed and retitled else "retitled" if retitled else "kept"
        detail = f"heading now '{chunk.title}'" if retitled else ""
        result.rows.append(Row(sid, status, detail))
        result.lost += [f"{sid}: picture {m} is not in the file" for m in missing]

    for section in aligned.deleted:
        if section.id.startswith(CLIENT_PREFIX) and section.chunk.title in own and section.id in confirm_delete:
            retire_added(own[section.chunk.title], today)
            result.rows.append(Row(section.id, "deleted", "the client's own section, moved to .retired/"))
        elif section.id in confirm_delete:
            save_override(intake_path, section.id, "", section.chunk.body, delivery=delivery.name, today=today,
                          deleted=True)
            result.rows.append(Row(section.id, "deleted", "left out of later builds (--confirm-delete)"))
        else:
            result.rows.append(Row(section.id, "reported", "deleted by the client"))
            result.lost.append(f"{section.id}: the client deleted this section; it stays in the program until "
                               f"absorb is run with --confirm-delete {section.id}")
    for after, chunk in aligned.added:
        text, missing = _store_pictures(intake_path, chunk.body, view)
        path = save_added(intake_path, chunk.title, after, text, delivery=delivery.name, today=today)
        result.rows.append(Row(f"(new) {chunk.title}", "added", f"after {after or 'the contents'}; {path.name}"))
        result.comments += [(chunk.title, note) for note in chunk.comments]
        result.lost += [f"{chunk.title}: picture {m} is not in the file" for m in missing]

    if _front_changed(pristine_view, view):
        saved = _report(intake_path, "cover", view.front.body, today)
        result.rows.append(Row("cover and document control", "reported", "edited"))
        result.lost.append(f"cover and document control: made from the intake on every build (company, "
                           f"address, approver, revision); the client's text is saved in {display_path(saved)}; "
                           "change the intake to keep it")
    result.comments += [("cover", note) for note in view.front.comments]
    if view.header_footer != pristine_view.header_footer:
        saved = _report(intake_path, "header-footer", "\n".join(view.header_footer) + "\n", today)
        result.rows.append(Row("page header and footer", "reported", "edited"))
        result.lost.append(f"page header and footer: made from the intake on every build (company, revision, "
                           f"date); the client's text is saved in {display_path(saved)}")
    save_comments(intake_path, result.comments, delivery=delivery.name, today=today)
    return result


def report_table(result: Absorbed) -> str:
    """The per-section table absorb ends with."""
    rows = [(r.section, r.status, r.detail) for r in result.rows]
    width = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(("section", "status", "detail"))]
    line = "  ".join("{:<" + str(w) + "}" for w in width)
    out = [line.format("section", "status", "detail").rstrip(), line.format(*("-" * w for w in width))]
    out += [line.format(*r).rstrip() for r in rows]
    return "\n".join(out)
