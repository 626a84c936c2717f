"""The three-way merge by paragraph, the volatile values it refreshes, and section alignment (no Word files)."""

from __future__ import annotations

from pipeline.delivery.align import Section, align
from pipeline.delivery.docx_read import Chunk, canonical, split_chunks
from pipeline.delivery.merge import merge3, units

BASE = """\
Acme keeps this program.

The representative is chosen within 30 days of November 30, 2026.

- inspect weekly
- report hazards

| Record | Kept by |
|---|---|
| Inspections | Dan |

With 6 workers, a committee is not required.
"""


def test_changes_on_both_sides_in_different_paragraphs_merge_cleanly() -> None:
    ours = BASE.replace("Acme keeps this program.", "Acme keeps and posts this program.").replace(
        "- report hazards", "- report hazards\n- stop work when in doubt")
    theirs = BASE + "\nReviewed annually by the owner.\n"
    merged = merge3(BASE, ours, theirs)
    assert merged.clean
    assert "Acme keeps and posts this program." in merged.text
    assert "- stop work when in doubt" in merged.text
    assert "Reviewed annually by the owner." in merged.text
    assert merged.client_changes == 2 and merged.template_changes == 1


def test_the_same_paragraph_changed_on_both_sides_is_a_conflict() -> None:
    ours = BASE.replace("Acme keeps this program.", "Acme keeps and posts this program.")
    theirs = BASE.replace("Acme keeps this program.", "Acme maintains this program.")
    merged = merge3(BASE, ours, theirs)
    assert not merged.clean
    (base, client, template), = merged.conflicts
    assert "keeps this" in base and "posts" in client and "maintains" in template
    assert "Acme maintains this program." in merged.text  # without a choice the template's side is shown
    kept = merge3(BASE, ours, theirs + "\nNew closing line.\n", keep_client=True)
    assert "Acme keeps and posts this program." in kept.text and "New closing line." in kept.text


def test_dates_and_counts_are_refreshed_in_the_clients_own_paragraph() -> None:
    ours = BASE.replace("The representative is chosen", "The representative is elected by secret ballot")
    theirs = BASE.replace("November 30, 2026", "December 1, 2026").replace("With 6 workers", "With 7 workers")
    merged = merge3(BASE, ours, theirs)
    assert merged.clean and merged.template_changes == 0
    assert "elected by secret ballot within 30 days of December 1, 2026." in merged.text
    assert "With 7 workers" in merged.text
    assert merged.refreshed == 1


def test_a_value_the_client_changed_is_kept() -> None:
    ours = BASE.replace("within 30 days", "within 14 days")
    theirs = BASE.replace("November 30, 2026", "December 1, 2026")
    merged = merge3(BASE, ours, theirs)
    assert "within 14 days of December 1, 2026." in merged.text


def test_units_are_paragraphs_tables_and_list_items() -> None:
    found = [u.text for u in units(BASE)]
    assert found[2:4] == ["- inspect weekly", "- report hazards"]
    assert found[4].startswith("| Record") and found[4].endswith("| Inspections | Dan |")
    assert len(found) == 6


def test_canonical_ignores_what_editors_change_by_themselves() -> None:
    pandoc = "  ------ ------\n  Name   Role\n  ------ ------\n  Dan    Owner\n  ------ ------\n"
    office = "  ---------- ----------\n  **Name**   **Role**\n  ---------- ----------\n  Dan        Owner\n" \
             "  ---------- ----------\n"
    assert canonical(pandoc) == canonical(office)
    assert canonical("1. one\n2. two") == canonical("1. one\n1. two")
    assert canonical("[]{#x .anchor}Text") == canonical("Text")


def _sections(*items: tuple[str, str, str]) -> list[Section]:
    return [Section(sid, Chunk(title, None, body)) for sid, title, body in items]


def test_alignment_finds_retitled_deleted_and_added_sections_without_bookmarks() -> None:
    pristine = _sections(("policy", "Policy", "We plan every job.\n\nWe review it yearly.\n"),
                         ("roles", "Roles", "The owner leads.\n\nSupervisors check.\n"),
                         ("ppe", "PPE", "Hard hats on site.\n\nBoots always.\n"))
    _, edited = split_chunks("# Our Policy\n\nWe plan every job.\n\nWe review it yearly.\n\n"
                             "# A new section\n\nOur own words.\n\n# PPE\n\nHard hats on site.\n")
    result = align(pristine, edited)
    assert [(s.id, c.title) for s, c in result.matched] == [("policy", "Our Policy"), ("ppe", "PPE")]
    assert [s.id for s in result.deleted] == ["roles"]
    assert [(after, c.title) for after, c in result.added] == [("policy", "A new section")]
