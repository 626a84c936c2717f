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
from pipeline.word.office import Office, office_allocator, office_environment


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


@pytest.mark.parametrize(
    ("environ", "lc_all"),
    [
        ({"LANG": "C"}, "C.UTF-8"),
        ({"LANG": "en_CA.UTF-8", "LC_ALL": "C"}, "C.UTF-8"),
        ({"LANG": "POSIX"}, "C.UTF-8"),
        ({}, "C.UTF-8"),
        ({"LANG": "fr_CA.ISO-8859-1"}, "C.UTF-8"),
        ({"LANG": "fr_CA.UTF-8"}, None),  # the user's UTF-8 locale (and language) is kept
        ({"LANG": "C", "LC_CTYPE": "en_CA.utf8"}, None),
        ({"LC_ALL": "de_DE.UTF-8@euro"}, "de_DE.UTF-8@euro"),
    ],
)
def test_libreoffice_runs_with_a_utf8_locale(environ: dict[str, str], lc_all: str | None) -> None:
    assert office_environment(environ).get("LC_ALL") == lc_all


def _mapped_libraries(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


@pytest.mark.skipif(office_allocator() is None, reason="this system has no jemalloc (make setup installs it)")
def test_libreoffice_allocates_with_jemalloc_unless_turned_off(document: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The running soffice.bin has jemalloc mapped (LD_PRELOAD reached it through oosplash), the PDF is made,
    and CORPATH_OFFICE_JEMALLOC=0 leaves LibreOffice on the C library's malloc."""
    monkeypatch.setenv("LD_PRELOAD", "")
    with Office() as office:
        office.to_pdf(document, tmp_path / "doc.pdf")
        [pid] = soffice_pids(office)
        assert "libjemalloc" in _mapped_libraries(pid)
    assert (tmp_path / "doc.pdf").stat().st_size > 0
    monkeypatch.setenv("CORPATH_OFFICE_JEMALLOC", "0")
    assert "LD_PRELOAD" not in office_environment({"LANG": "C.UTF-8"})
    with Office() as office:
        office.to_pdf(document, tmp_path / "plain.pdf")
        [pid] = soffice_pids(office)
        assert "libjemalloc" not in _mapped_libraries(pid)


def test_a_callers_own_preload_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CORPATH_OFFICE_JEMALLOC", raising=False)
    preload = office_environment({"LD_PRELOAD": "libmine.so"})["LD_PRELOAD"]
    assert preload.split(":")[-1] == "libmine.so"
    assert preload.split(":")[:-1] == ([office_allocator()] if office_allocator() else [])


def test_a_folder_name_with_accents_under_the_c_locale(document: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """LANG=C used to send the PDF to 'Clients Qu\\xe9bec', a sibling folder, and fail the build."""
    for name in ("LANGUAGE", "LC_CTYPE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("LC_ALL", "C")
    folder = tmp_path / "Clients Québec" / "été"
    folder.mkdir(parents=True)
    source = folder / "doc é.docx"
    source.write_bytes(document.read_bytes())
    with Office() as office:
        converted = office.to_pdf(source, folder / "doc é.pdf")
    assert converted.pdf.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["Clients Québec", "doc é.docx", "doc é.pdf", "été"]


def test_check_loads_tells_a_good_file_from_a_damaged_one(document: Path, tmp_path: Path) -> None:
    """What `make check-office` relies on: LibreOffice's own verdict, with no silent repair."""
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(document.read_bytes()[: len(document.read_bytes()) // 2])
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not really a workbook")
    with Office() as office:
        assert office.check_loads(document) == "writer"
        for damaged in (truncated, garbage):
            with pytest.raises(ToolError, match=f"LibreOffice could not open {damaged}"):
                office.check_loads(damaged)
        assert office.check_loads(document) == "writer"  # still serving after the failures


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
