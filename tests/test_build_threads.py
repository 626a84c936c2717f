"""A build's XML work stays in one thread.

lxml's per-thread dictionaries are sub-dictionaries of the main thread's, and libxml2's dictionaries are not
safe to grow in one thread while another reads them. When the program's python-docx pass (forms appended,
saved, the layout copy) ran in a worker thread while the main thread made the gap report, a clean-machine run
once saved a program.docx whose `w:` prefix was undeclared on a `w:tcW` ("Namespace prefix w on tcW is not
defined"). Since then only the waits on pandoc and LibreOffice leave the calling thread; this test records
the thread of every parse and serialization during a real build and fails on any other thread.
"""

from __future__ import annotations

import shutil
import threading
from collections import Counter
from pathlib import Path

import docx
import pytest
from lxml import etree

from pipeline.delivery.build import build_client

EXAMPLE = Path(__file__).resolve().parent.parent / "intake" / "acme.yaml"


def test_every_parse_and_serialization_of_a_build_happens_in_the_calling_thread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: Counter[str] = Counter()
    fromstring, tostring = etree.fromstring, etree.tostring

    def recorded(function):
        def call(*args, **kwargs):
            threads[threading.current_thread().name] += 1
            return function(*args, **kwargs)
        return call

    # python-docx, docxtpl and corpath's own lxml code all look these up on the module when they call them
    monkeypatch.setattr(etree, "fromstring", recorded(fromstring))
    monkeypatch.setattr(etree, "tostring", recorded(tostring))
    intake = tmp_path / "acme.yaml"
    shutil.copy(EXAMPLE, intake)
    result = build_client(intake, output_root=tmp_path / "output", force=True)
    monkeypatch.undo()

    assert result.status == "built"
    caller = threading.current_thread().name
    assert set(threads) == {caller}, threads
    assert threads[caller] > 20  # the recording saw the build's XML work (forms, program, gap report)
    program = docx.Document(str(result.delivery.path / "program.docx"))  # and the program opens back
    assert program.paragraphs
