"""Which section of the pristine delivery each part of an edited Word file is, without trusting bookmarks.

Editors keep headings but not always bookmarks (LibreOffice rewrote 19 of 20 of pandoc's section bookmarks;
Google Docs drops them all), so a section is found by aligning the edited file's level-1 headings with the
pristine delivery's, in order: the same heading text, a kept `sec-*` bookmark, or mostly the same text under
the heading each count; a heading that matches nothing is a section the client added, a pristine section
matched by nothing is one the client deleted, and a matched section whose heading reads differently was
retitled. The same similarity picks the delivery an edited file came from when its build id is gone.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from .docx_read import Chunk, DocView, canonical, plain_title

MATCH_FLOOR = 0.5  # below this similarity two section texts are not the same section, unless a heading agrees


def _paragraphs(markdown: str) -> Counter[str]:
    return Counter(canonical(p) for p in re.split(r"\n[ \t]*\n", markdown) if p.strip())


def similarity(a: str, b: str) -> float:
    """0..1: how alike two Markdown texts are. The share of paragraphs they have in common (canonical words);
    when that is low but the lengths are close, difflib's ratio on the words, which sees a paragraph edited
    in place as mostly the same."""
    left, right = _paragraphs(a), _paragraphs(b)
    total = sum(left.values()) + sum(right.values())
    if not total:
        return 1.0
    shared = 2 * sum((left & right).values()) / total
    if shared >= MATCH_FLOOR:
        return shared
    words_a, words_b = canonical(a).split(), canonical(b).split()
    if not words_a or not words_b or not 0.5 <= len(words_a) / len(words_b) <= 2:
        return shared
    return max(shared, difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).ratio())


@dataclass(frozen=True)
class Section:
    """A section of the pristine delivery: its id, its heading and its chunk."""

    id: str
    chunk: Chunk


def source_titles(program_md: str) -> list[tuple[str, str]]:
    """(section id, heading text) of every section in a delivery's program.md, in order."""
    found = re.findall(r"^# (.*?) \{#sec-([a-z0-9-]+)\}[ \t]*$", program_md, flags=re.M)
    return [(sid.replace("-", "_"), plain_title(title)) for title, sid in found]


def pristine_sections(view: DocView, program_md: str) -> list[Section]:
    """The pristine DOCX's chunks named by their section ids (program.md gives ids and headings in order)."""
    titles = source_titles(program_md)
    sections, k = [], 0
    for sid, title in titles:
        while k < len(view.chunks) and view.chunks[k].title != title and view.chunks[k].anchor != sid:
            k += 1
        if k == len(view.chunks):
            break
        sections.append(Section(sid, view.chunks[k]))
        k += 1
    return sections


def _score(section: Section, chunk: Chunk) -> float:
    """How sure we are that `chunk` is `section` (0 = not at all)."""
    same_title = chunk.title.casefold() == section.chunk.title.casefold()
    bookmark = chunk.anchor == section.id
    text = similarity(section.chunk.body, chunk.body) if not (same_title and bookmark) else 1.0
    if not (same_title or bookmark or text >= MATCH_FLOOR):
        return 0.0
    return 2.0 * same_title + 2.0 * bookmark + text


@dataclass(frozen=True)
class Alignment:
    matched: list[tuple[Section, Chunk]]  # in the pristine order
    deleted: list[Section]  # pristine sections the edited file no longer has
    added: list[tuple[str | None, Chunk]]  # (the pristine section it follows, or None at the start; the chunk)


def align(pristine: list[Section], edited: list[Chunk]) -> Alignment:
    """Align the edited file's chunks with the pristine sections, keeping order (best total score)."""
    n, m = len(pristine), len(edited)
    scores = [[_score(s, c) for c in edited] for s in pristine]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = scores[i][j] + best[i + 1][j + 1] if scores[i][j] > 0 else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    matched, deleted, added = [], [], []
    i = j = 0
    last: str | None = None
    while i < n or j < m:
        if i < n and j < m and scores[i][j] > 0 and best[i][j] == scores[i][j] + best[i + 1][j + 1]:
            matched.append((pristine[i], edited[j]))
            last = pristine[i].id
            i, j = i + 1, j + 1
        elif i < n and (j == m or best[i][j] == best[i + 1][j]):
            deleted.append(pristine[i])
            i += 1
        else:
            added.append((last, edited[j]))
            j += 1
    return Alignment(matched, deleted, added)


def document_similarity(a: DocView, b: DocView) -> float:
    """0..1: how alike two programs are, heading by heading and word by word (for finding a source delivery)."""
    left = Counter(c.title for c in a.chunks) + sum((_paragraphs(c.body) for c in a.chunks), Counter())
    right = Counter(c.title for c in b.chunks) + sum((_paragraphs(c.body) for c in b.chunks), Counter())
    total = sum(left.values()) + sum(right.values())
    return 2 * sum((left & right).values()) / total if total else 1.0
