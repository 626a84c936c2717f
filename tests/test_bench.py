"""The benchmark's own measurements: what they convert is what they say they convert."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.bench import office_at_width
from pipeline.delivery.build import build_client

REPO = Path(__file__).resolve().parent.parent


def test_libreoffice_at_width_converts_every_document_once_on_each_office(tmp_path: Path) -> None:
    (tmp_path / "intake").mkdir()
    shutil.copy(REPO / "intake" / "acme.yaml", tmp_path / "intake")
    delivery = build_client(tmp_path / "intake" / "acme.yaml", output_root=tmp_path / "output").delivery.path

    wall, cpu = office_at_width([delivery], tmp_path / "width", 2)

    made = {pdf.parent.name: pdf.name for pdf in (tmp_path / "width").glob("pdf-*/*.pdf") if pdf.name != "warm.pdf"}
    # two documents, two LibreOffices: the program (the largest) goes first, to one, the gap report to the other
    assert sorted(made.values()) == ["gap-report.pdf", "program.pdf"] and len(made) == 2
    assert wall > 0 and cpu > 0
