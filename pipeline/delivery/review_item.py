"""One item of the consultant's review list (`review.md`) and how it names places: shared by the list's parts
(`review` and `review_law`)."""

from __future__ import annotations

from dataclasses import dataclass

from ..program.plan import Plan
from ..protocols.packs import Sourced


@dataclass(frozen=True)
class ReviewItem:
    """One unverified fact the delivery relied on."""

    what: str  # the fact, in a few words, with its value
    where: tuple[str, ...]  # files and sections it appears in
    source: str | None
    confidence: str
    confirm: str  # what to check, and with whom

    def markdown(self, number: int) -> str:
        """The item as plain Markdown for a person to read (never converted, so nothing is escaped)."""
        lines = [f"## {number}. {self.what}", "",
                 f"- Where: {'; '.join(self.where)}",
                 f"- Source: {self.source or 'none found'} ({self.confidence} confidence)",
                 f"- Confirm: {self.confirm}"]
        return "\n".join(lines)


def where_in(plan: Plan, places: tuple[str, ...]) -> tuple[str, ...]:
    """Places as review.md names them: `program.docx §training` → `program.docx, section "Training"` (the
    section's title in this plan); other places as they are."""
    titles = {s.id: s.title for s in plan.sections}

    def name(place: str) -> str:
        head, sep, section = place.partition(" §")
        return f"{head}, section \"{titles.get(section, section)}\"" if sep else place

    return tuple(name(p) for p in places)


def confirm_or(fact: Sourced, default: str) -> str:
    """What to confirm: the fact's own note when it has one, else `default`."""
    return fact.note.strip() if fact.note else default
