"""`corpath build` starts LibreOffice before it loads and plans, and stops it at the end, whatever happened.

LibreOffice's profile folder is made in the temporary folder, so a private TMPDIR per command shows whether a
LibreOffice of that command outlived it: a process whose command line names that folder, or a profile left.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from workspace import run_corpath

from pipeline.launch import BUILD_GC_THRESHOLD, wants_office

REPO = Path(__file__).resolve().parent.parent


def leftovers(tmp: Path) -> tuple[list[str], list[str]]:
    """Processes whose command line names `tmp`, and whatever is left in it: a LibreOffice profile, LibreOffice's
    own temporary files (lu*.tmp, which a killed LibreOffice left behind before they went into its profile)."""
    found = subprocess.run(["pgrep", "-af", str(tmp)], capture_output=True, text=True).stdout.splitlines()
    return found, sorted(p.name for p in tmp.rglob("*"))


def test_build_stops_its_libreoffice_when_built_unchanged_and_refused(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "intake").mkdir(parents=True)
    shutil.copy(REPO / "intake" / "acme.yaml", ws / "intake")
    shutil.copytree(REPO / "program_templates", ws / "templates")

    def build(name: str, *args: str) -> subprocess.CompletedProcess:
        tmp = tmp_path / f"tmp-{name}"
        tmp.mkdir()
        result = run_corpath(ws, "build", *args, env={"TMPDIR": str(tmp)})
        assert leftovers(tmp) == ([], []), name
        return result

    first = build("built", "acme")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "built" in first.stdout
    assert (ws / "output" / "acme" / "latest" / "program.pdf").is_file()

    again = build("unchanged", "acme")
    assert again.returncode == 0 and "unchanged" in again.stdout

    (ws / "intake" / "acme.yaml").write_text("client: acme\ncompany: [\n", encoding="utf-8")
    refused = build("refused", "acme")
    assert refused.returncode == 1 and "acme.yaml" in refused.stderr + refused.stdout
    assert "Traceback" not in refused.stderr


def test_only_the_build_command_starts_libreoffice_before_loading() -> None:
    assert wants_office(["build", "acme"]) and wants_office(["-q", "build", "acme"])
    assert wants_office(["-vv", "build", "acme", "--force"])
    assert not wants_office(["batch", "--jobs", "2"]) and not wants_office(["gaps", "build"])
    assert not wants_office(["--version"]) and not wants_office([])


def test_only_a_build_collects_its_garbage_less_often(tmp_path: Path) -> None:
    """`launch.quiet_collector`: the youngest generation's threshold is raised for `build`, for nothing else."""
    script = ("import gc, sys\nfrom pipeline.launch import main\nsys.argv = ['corpath', *sys.argv[1:]]\n"
              "try:\n    main()\nexcept SystemExit:\n    pass\nprint('threshold', *gc.get_threshold())")
    thresholds = {}
    for args in (("build", "--help"), ("--version",)):
        result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=tmp_path,
                                env={**os.environ, "TMPDIR": str(tmp_path)}, timeout=120)
        assert result.returncode == 0, result.stderr
        thresholds[args[0]] = result.stdout.split("threshold")[-1].split()
    assert thresholds["build"] == [str(BUILD_GC_THRESHOLD), *thresholds["--version"][1:]]
    assert thresholds["--version"][0] != str(BUILD_GC_THRESHOLD)


def test_a_build_that_never_runs_stops_the_libreoffice_started_for_it(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "intake").mkdir(parents=True)
    for args, code in ((("build", "--help"), 0), (("build",), 2), (("build", "nobody"), 1)):
        tmp = tmp_path / f"tmp-{len(args)}-{code}"
        tmp.mkdir()
        result = run_corpath(ws, *args, env={"TMPDIR": str(tmp)}, templates=False)
        assert result.returncode == code, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        assert leftovers(tmp) == ([], []), args


def test_a_misnamed_form_template_of_the_client_stops_the_build_before_anything_is_made(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "intake" / "acme.overrides" / "forms").mkdir(parents=True)
    shutil.copy(REPO / "intake" / "acme.yaml", ws / "intake")
    shutil.copy(REPO / "program_templates" / "forms" / "flha.docx", ws / "intake" / "acme.overrides" / "forms" /
                "02-flha.docx")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    result = run_corpath(ws, "build", "acme", env={"TMPDIR": str(tmp)}, templates=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("intake/acme.overrides/forms/02-flha.docx: named as the delivered form; a client's own form template "
            "is named after its form alone: rename it flha.docx") in result.stderr
    assert not (ws / "output" / "acme" / "latest").exists()
    assert leftovers(tmp) == ([], [])
