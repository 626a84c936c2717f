"""A client's own edits to its Word program, kept beside the intake as per-section overrides.

`intake/<client>.overrides/` holds plain files to review and keep in git:

- `<section>.md`: the client's Markdown for a section, with front matter (`section`, `delivery`,
  `absorbed_on`, `base_sha256`, and `title` when the client renamed the heading, or `deleted: true` when the
  consultant confirmed that the client deleted the section); `.base/<section>.md` is the template's text the
  client edited from, as read back from the delivered DOCX (the base of the three-way merge).
- `added/<nn>-<slug>.md`: a section the client added, with its `title` and the section it follows (`after`).
- `media/<hash>.<ext>`: the pictures the client put in (named by content; the Markdown points at them).
- `comments.yaml`: the comments found in edited files, listed again in the next delivery's changes.md.
- `.retired/`: a client's text an override no longer uses. Nothing here is ever deleted.

Every read and write of this folder goes through `read_text`, `read_binary`, `write_text` and `write_bytes`
below (and `_retire`'s unlink), so a check on what may be read or written sits in one place.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML

from ..errors import InputError, Problem
from ..intake.yamlfile import display_path
from ..safefs import UnsafePath, read_inside, write_inside
from .docx_read import SECTION_PREFIX, canonical, normalize

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
ADDED = "added"
MEDIA = "media"
COMMENTS = "comments.yaml"


def overrides_dir(intake_path: Path) -> Path:
    return intake_path.parent / f"{intake_path.stem}.overrides"


# -- the only file access of the overrides folder ------------------------------------------------------------
# Overrides live in git, and git carries symbolic links: nothing here is read or written through one, and a
# link anywhere below the intake folder is refused (safefs).

def _root(path: Path) -> Path:
    """The intake folder: the parent of the `<client>.overrides` folder `path` is in."""
    for parent in path.parents:
        if parent.name.endswith(".overrides"):
            return parent.parent
    return path.parent


def read_text(path: Path) -> str:
    """A file of the overrides folder, as text; a link or a file that is not UTF-8 is an InputError."""
    try:
        return read_inside(_root(path), path, limit=1_000_000).decode("utf-8")
    except UnsafePath as exc:
        raise InputError([Problem(display_path(Path(exc.path)), None, None, "", exc.reason)]) from None
    except UnicodeDecodeError as exc:
        raise InputError([Problem(display_path(path), None, None, "", f"not UTF-8 text ({exc.reason})")]) from None


def read_binary(path: Path) -> bytes:
    """A file of the overrides folder, as bytes (for hashing), never through a link."""
    return read_inside(_root(path), path)


def write_text(path: Path, text: str) -> None:
    """Write a file of the overrides folder (its folder made if needed), never through a link."""
    write_inside(_root(path), path, text)


def write_bytes(path: Path, data: bytes) -> None:
    """Write a binary file (a picture) of the overrides folder, never through a link."""
    write_inside(_root(path), path, data)


# ------------------------------------------------------------------------------------------------------------

def text_sha(text: str) -> str:
    return hashlib.sha256(canonical(text).encode()).hexdigest()


@dataclass(frozen=True)
class Override:
    section: str
    text: str  # the client's Markdown for the section body
    base: str  # the template's text the client edited from
    path: Path
    delivery: str | None = None
    absorbed_on: str | None = None
    title: str | None = None  # the client's heading, when renamed
    deleted: bool = False  # the client deleted the section and the consultant confirmed it

    @property
    def base_sha256(self) -> str:
        return text_sha(self.base)


@dataclass(frozen=True)
class Added:
    """A section the client wrote, placed after section `after` (None: before the first section)."""

    title: str
    after: str | None
    text: str
    path: Path


def _yaml() -> YAML:
    yaml = YAML()
    yaml.default_flow_style = False
    return yaml


def _front(path: Path) -> tuple[dict, str]:
    raw = read_text(path)
    match = _FRONT.match(raw)
    if not match:
        raise InputError([Problem(display_path(path), 1, 1, "", "an override starts with a front matter block "
                                  "between two --- lines")])
    return dict(_yaml().load(match.group(1)) or {}), normalize(raw[match.end():])


def load_overrides(intake_path: Path) -> dict[str, Override]:
    """Every section override of a client, by section id (none when the folder does not exist)."""
    folder = overrides_dir(intake_path)
    found: dict[str, Override] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.md")):
        meta, text = _front(path)
        base_path = folder / ".base" / path.name
        deleted = bool(meta.get("deleted"))
        if not deleted and not base_path.exists():
            raise InputError([Problem(display_path(base_path), None, None, "", "the template text this override was "
                                      "edited from is missing; absorb the edited file again")])
        section = str(meta.get("section", path.stem))
        found[section] = Override(
            section=section, text=text, base=normalize(read_text(base_path)) if base_path.exists() else "",
            path=path, delivery=meta.get("delivery") or None,
            absorbed_on=str(meta.get("absorbed_on")) if meta.get("absorbed_on") else None,
            title=str(meta["title"]) if meta.get("title") else None, deleted=deleted,
        )
    return found


def load_added(intake_path: Path) -> list[Added]:
    """The sections the client added, in file order."""
    folder = overrides_dir(intake_path) / ADDED
    if not folder.is_dir():
        return []
    added = []
    for path in sorted(folder.glob("*.md")):
        meta, text = _front(path)
        if not meta.get("title"):
            raise InputError([Problem(display_path(path), 1, 1, "title", "an added section needs a title")])
        added.append(Added(str(meta["title"]), meta.get("after") or None, text, path))
    return added


def overrides_fingerprint(intake_path: Path) -> str:
    """Hash of everything in the overrides folder a build uses (texts, bases, titles, added sections, pictures)."""
    digest = hashlib.sha256()
    folder = overrides_dir(intake_path)
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(folder)
            if rel.parts[0] in (".retired", ".reported", COMMENTS):
                continue
            digest.update(str(rel).encode())
            digest.update(hashlib.sha256(read_binary(path)).hexdigest().encode())
    return digest.hexdigest()


def _retire(path: Path, today: date) -> None:
    retired = path.parent / ".retired"
    target = retired / f"{path.stem}-{today.isoformat()}.md"
    n = 1
    while target.exists():
        n += 1
        target = retired / f"{path.stem}-{today.isoformat()}-{n}.md"
    write_text(target, read_text(path))
    path.unlink()


def _meta(fields: dict) -> str:
    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        lines.append(f"{key}: {_quote(value)}")
    return "\n".join(lines + ["---", ""])


def _quote(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return text if re.fullmatch(r"[\w.\- ]+", text) and not text[:1].isdigit() else '"' + text.replace(
        "\\", "\\\\").replace('"', '\\"') + '"'


def save_override(intake_path: Path, section: str, text: str, base: str, *, delivery: str | None, today: date,
                  title: str | None = None, deleted: bool = False, retire_old: bool = True) -> Path:
    """Write one override (and the template text it was edited from); an older one moves to .retired/ unless
    `retire_old` is False (a merge that kept every word of it)."""
    folder = overrides_dir(intake_path)
    path = folder / f"{section}.md"
    if path.exists() and retire_old:
        _retire(path, today)
    meta = _meta({"section": section, "delivery": delivery or "", "absorbed_on": today.isoformat(),
                  "base_sha256": text_sha(base), "title": title, "deleted": deleted or None})
    write_text(path, meta + normalize(text))
    write_text(folder / ".base" / f"{section}.md", normalize(base))
    return path


def save_added(intake_path: Path, title: str, after: str | None, text: str, *, delivery: str | None,
               today: date) -> Path:
    """Write a section the client added; numbered so that the files list in document order."""
    folder = overrides_dir(intake_path) / ADDED
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "section"
    existing = sorted(folder.glob("*.md")) if folder.is_dir() else []
    for old in existing:
        if old.stem.split("-", 1)[-1] == slug:
            _retire(old, today)
    path = folder / f"{len(existing) + 1:02d}-{slug}.md"
    meta = _meta({"title": title, "after": after, "delivery": delivery or "", "absorbed_on": today.isoformat()})
    write_text(path, meta + normalize(text))
    return path


def replace_added(added: Added, title: str, text: str, *, delivery: str | None, today: date) -> Path:
    """Rewrite a section the client added earlier (edited or renamed since); the old text moves to .retired/."""
    number = added.path.stem.split("-", 1)[0]
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "section"
    _retire(added.path, today)
    path = added.path.parent / f"{number}-{slug}.md"
    meta = _meta({"title": title, "after": added.after, "delivery": delivery or "", "absorbed_on": today.isoformat()})
    write_text(path, meta + normalize(text))
    return path


def retire_added(added: Added, today: date) -> None:
    """Drop a section the client added from future builds (the client deleted it); its text goes to .retired/."""
    _retire(added.path, today)


def save_media(intake_path: Path, name: str, data: bytes) -> Path:
    """Store a picture the client put in, under the name the override's Markdown uses (`media/<hash>.<ext>`)."""
    path = overrides_dir(intake_path) / name
    if not path.exists():
        write_bytes(path, data)
    return path


def save_comments(intake_path: Path, comments: list[tuple[str, str]], *, delivery: str, today: date) -> None:
    """Append the comments found in an edited file: (section title, "author: text")."""
    if not comments:
        return
    path = overrides_dir(intake_path) / COMMENTS
    lines = [read_text(path).rstrip("\n")] if path.exists() else []
    for section, note in comments:
        lines += [f"- delivery: {_quote(delivery)}", f"  absorbed_on: {today.isoformat()}",
                  f"  section: {_quote(section)}", f"  comment: {_quote(note)}"]
    write_text(path, "\n".join(lines) + "\n")


def load_comments(intake_path: Path, delivery: str) -> list[tuple[str, str]]:
    """(section, comment) the client made on the file of `delivery`."""
    path = overrides_dir(intake_path) / COMMENTS
    if not path.exists():
        return []
    entries = YAML(typ="safe").load(read_text(path)) or []
    return [(str(e.get("section")), str(e.get("comment"))) for e in entries if str(e.get("delivery")) == delivery]


def retire_override(override: Override, today: date) -> None:
    """Drop an override from future builds, keeping the client's text in .retired/."""
    _retire(override.path, today)
    base = override.path.parent / ".base" / override.path.name
    base.unlink(missing_ok=True)


def source_sections(markdown: str) -> dict[str, str]:
    """Section bodies from a delivery's program.md (the Markdown corpath generated)."""
    parts = re.split(r"^# .*\{#" + SECTION_PREFIX + r"([a-z0-9-]+)\}\s*$", markdown, flags=re.M)
    return {sid.replace("-", "_"): normalize(body) for sid, body in zip(parts[1::2], parts[2::2], strict=True)}
