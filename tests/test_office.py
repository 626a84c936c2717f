"""The warm LibreOffice: one process per Office with its own profile, timeouts, one restart, no orphans."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pypandoc
import pytest

from pipeline.errors import ToolError
from pipeline.word.assemble import PAGE_BREAK, TOC_FIELD
from pipeline.word.office import Office


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("office")
    markdown = "Cover\n\n" + PAGE_BREAK + TOC_FIELD + "".join(
        f"# Section {i}\n\n{'Words to fill the page. ' * 300}\n\n" for i in range(1, 4))
    target = folder / "doc.docx"
    pypandoc.convert_text(markdown, "docx", format="markdown-smart", outputfile=str(target))
    return target


def soffice_pids(office: Office) -> list[int]:
    """The LibreOffice process started for this Office (found by its private profile folder); not the bridge."""
    assert office._profile is not None
    out = subprocess.run(["pgrep", "-f", f"soffice.bin.*{office._profile}"], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def test_conversion_fills_the_table_of_contents(document: Path, tmp_path: Path) -> None:
    with Office() as office:
        converted = office.to_pdf(document, tmp_path / "doc.pdf")
    assert [(e.level, e.text) for e in converted.toc] == [(1, "Section 1"), (1, "Section 2"), (1, "Section 3")]
    assert all(isinstance(e.page, int) and e.page >= 2 for e in converted.toc)
    assert converted.pages and converted.pages >= 4


def test_a_crashed_libreoffice_is_restarted_once(document: Path, tmp_path: Path) -> None:
    with Office() as office:
        office.to_pdf(document, tmp_path / "first.pdf")
        crashed = soffice_pids(office)
        assert crashed
        for pid in crashed:
            os.kill(pid, signal.SIGKILL)
        converted = office.to_pdf(document, tmp_path / "second.pdf")  # no error: restarted and retried
        assert converted.pdf.stat().st_size > 0


def test_a_hang_times_out_restarts_once_then_fails_cleanly(document: Path, tmp_path: Path) -> None:
    office = Office(timeout=0.001)  # no real conversion answers in a millisecond: both attempts "hang"
    with pytest.raises(ToolError, match=r"LibreOffice hung or crashed converting doc.docx \(timeout 0 s\)"):
        office.to_pdf(document, tmp_path / "never.pdf")
    assert office._proc is None and office._profile is None  # killed, profile removed: nothing left behind
    office.close()


def test_each_office_has_its_own_profile(document: Path, tmp_path: Path) -> None:
    with Office() as first, Office() as second:
        first.to_pdf(document, tmp_path / "a.pdf")
        second.to_pdf(document, tmp_path / "b.pdf")
        assert first._profile != second._profile
        profiles = [first._profile, second._profile]
    assert all(not p.exists() for p in profiles)  # removed on close
    assert (tmp_path / "a.pdf").stat().st_size > 0 and (tmp_path / "b.pdf").stat().st_size > 0


def test_an_office_started_early_is_the_one_that_converts(document: Path, tmp_path: Path) -> None:
    """`start()` spawns LibreOffice and returns before it is ready (a build plans and renders meanwhile);
    the first conversion waits for that same process rather than starting another."""
    with Office() as office:
        office.start()
        assert office._proc is not None and not office._ready
        pid = office._proc.pid
        office.start()  # a second call starts nothing more
        assert office._proc.pid == pid
        converted = office.to_pdf(document, tmp_path / "early.pdf")
        assert office._proc.pid == pid and office._ready
    assert converted.pages and converted.toc
