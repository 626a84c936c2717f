"""Signals, kills, crashes and a full disk with the real corpath, pandoc and LibreOffice: nothing left behind.

Each test gives corpath its own temporary folder (TMPDIR), so every LibreOffice profile it makes, and every
process started with one, can be found afterwards; "nothing left" means no process names that folder and
the folder is empty.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from workspace import CORPATH, snapshot

from pipeline.delivery.batch import processes_using
from pipeline.language import tally

REPO = Path(__file__).resolve().parent.parent

INTAKE = """\
client: {client}
company:
  legal_name: Brightline Roofing Ltd.
  province: AB
  industry: construction
  trades: [roofing]
people:
  workers: 5
  owner: {{name: Dana Whyte, title: Owner}}
operations:
  activities: [roofing, ladders]
"""


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Path]:
    """A workspace whose `tmp` is a short path: the batch's forkserver socket must fit a Unix socket name."""
    (tmp_path / "intake").mkdir()
    short = Path(tempfile.mkdtemp(prefix="cps-", dir="/tmp"))
    (tmp_path / "tmp").symlink_to(short, target_is_directory=True)
    yield tmp_path
    shutil.rmtree(short, ignore_errors=True)


def add_clients(ws: Path, *names: str) -> None:
    for name in names:
        (ws / "intake" / f"{name}.yaml").write_text(INTAKE.format(client=name), encoding="utf-8")


def env_for(ws: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CORPATH_TEMPLATES"}
    return {**env, "NO_COLOR": "1", "TMPDIR": str((ws / "tmp").resolve()), **extra}


def start(ws: Path, *args: str, **extra: str) -> subprocess.Popen[bytes]:
    """corpath in a process group of its own, as a shell runs a foreground job (Ctrl-C reaches the group)."""
    return subprocess.Popen([CORPATH, *args], cwd=ws, env=env_for(ws, **extra), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)


def wait_for(condition, seconds: float = 180) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def nothing_left(ws: Path) -> None:
    """No process runs with the test's temporary folder, and nothing is left in it (within a few seconds)."""
    tmp = str((ws / "tmp").resolve())
    assert wait_for(lambda: not processes_using(tmp), 15), f"processes left: {processes_using(tmp)}"
    assert wait_for(lambda: not list((ws / "tmp").iterdir()), 5), f"left in tmp: {list((ws / 'tmp').iterdir())}"
    for client in (ws / "output").iterdir() if (ws / "output").exists() else []:
        assert not list(client.glob(".staging-*")) and not list(client.glob(".latest-*"))


def building(ws: Path) -> bool:
    return bool(list((ws / "output").glob("*/.staging-*")))


def started(ws: Path, proc: subprocess.Popen[bytes]) -> None:
    """Wait for a build to be under way; on failure, show what corpath said."""
    if not wait_for(lambda: building(ws) or proc.poll() is not None) or proc.poll() is not None:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"no build started:\n{out.decode()}\n{err.decode()}")


def test_one_ctrl_c_lets_running_builds_finish_and_counts_them(ws: Path) -> None:
    add_clients(ws, "east", "north", "south", "west")
    proc = start(ws, "batch", "--jobs", "2", "--force")
    started(ws, proc)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group gets SIGINT
    stdout, stderr = proc.communicate(timeout=300)
    out, err = stdout.decode(), stderr.decode()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    rows = [line.split() for line in out.splitlines()[1:-1]]  # between the table's header and the totals
    built = [row[0] for row in rows if row[1] == "built"]
    assert built, out  # the builds that were running finished (their pandoc was not killed) ...
    assert "failed 0" in out and f"built {len(built)}," in out  # ... and are counted as what they are
    assert f"not started {4 - len(built)}" in out
    assert f"interrupted: {tally(len(built), 'client')} finished (built {len(built)}, failed 0)" in err
    for name in built:
        assert (ws / "output" / name / "latest" / "program.pdf").exists()
    nothing_left(ws)


def test_a_second_ctrl_c_stops_everything_within_seconds(ws: Path) -> None:
    add_clients(ws, "east", "north", "south")
    proc = start(ws, "batch", "--jobs", "2", "--force")
    started(ws, proc)
    os.killpg(proc.pid, signal.SIGINT)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)
    stopped = time.monotonic()
    _, stderr = proc.communicate(timeout=60)
    assert time.monotonic() - stopped < 30
    assert proc.returncode == 130, stderr
    assert b"Traceback" not in stderr and b"Aborted!" not in stderr
    nothing_left(ws)
    for client in (ws / "output").iterdir():  # a killed build published nothing
        for child in client.iterdir():
            assert child.name.startswith(".") or child.is_symlink() or (child / "manifest.json").exists()


def test_a_kill_during_libreoffice_start_up_leaves_no_libreoffice(ws: Path) -> None:
    add_clients(ws, "acme")
    proc = start(ws, "build", "acme")
    tmp = str((ws / "tmp").resolve())
    assert wait_for(lambda: any(b"uno_bridge" in Path(f"/proc/{p}/cmdline").read_bytes()
                                for p in processes_using(tmp) if Path(f"/proc/{p}").exists())), "no LibreOffice"
    proc.kill()  # SIGKILL: corpath gets no chance to close anything
    proc.communicate(timeout=30)
    assert wait_for(lambda: not processes_using(tmp), 15), f"LibreOffice left: {processes_using(tmp)}"
    assert not list((ws / "tmp").glob("*/corpath-lo-*")), "the LibreOffice profile was left"
    # what a killed Python process could not remove (its temporary and staging folders) goes at the next build
    again = subprocess.run([CORPATH, "build", "acme"], cwd=ws, env=env_for(ws), capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr
    nothing_left(ws)


def test_ctrl_c_on_one_build_exits_130_and_leaves_nothing(ws: Path) -> None:
    add_clients(ws, "acme")
    proc = start(ws, "build", "acme")
    started(ws, proc)
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert b"interrupted" in stderr and b"Traceback" not in stderr
    nothing_left(ws)
    assert not (ws / "output" / "acme" / "latest").exists()


def test_ctrl_c_at_an_init_prompt_exits_130_and_writes_nothing(ws: Path) -> None:
    proc = subprocess.Popen([CORPATH, "init", "newco"], cwd=ws, env=env_for(ws), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    assert proc.stdout is not None
    first = proc.stdout.read1(4096)  # the first prompt: corpath now waits for an answer
    assert first
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert b"interrupted" in stderr and b"Aborted!" not in stderr
    assert not (ws / "intake" / "newco.yaml").exists()


def test_a_libreoffice_start_up_crash_is_retried_once(ws: Path) -> None:
    add_clients(ws, "acme")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed"
    flaky = ws / "flaky-soffice"
    flaky.write_text(f"#!/bin/sh\nif [ ! -e {ws}/crashed-once ]; then touch {ws}/crashed-once; exit 134; fi\n"
                     f'exec {soffice} "$@"\n', encoding="utf-8")
    flaky.chmod(0o755)
    proc = start(ws, "build", "acme", CORPATH_SOFFICE=str(flaky))
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    assert (ws / "crashed-once").exists()
    assert b"retrying once" in stderr
    assert (ws / "output" / "acme" / "latest" / "program.pdf").exists()
    nothing_left(ws)


@pytest.mark.parametrize("limit", [60_000, 700_000])
def test_disk_full_says_where_and_how_much_and_keeps_the_last_delivery(ws: Path, limit: int) -> None:
    add_clients(ws, "acme")
    first = subprocess.run([CORPATH, "build", "acme"], cwd=ws, env=env_for(ws), capture_output=True, timeout=300)
    assert first.returncode == 0, first.stderr
    before = snapshot(ws / "output")

    def small_disk() -> None:  # every file corpath (and pandoc, LibreOffice) writes stops at `limit` bytes
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    full = subprocess.run([CORPATH, "build", "acme", "--force"], cwd=ws, env=env_for(ws), capture_output=True,
                          text=True, timeout=300, preexec_fn=small_disk)
    assert full.returncode == 3, full.stderr
    assert "Traceback" not in full.stderr
    assert "error: not enough disk space in " in full.stderr
    assert "writing the delivery needs about " in full.stderr and " MB, " in full.stderr
    assert "the last delivery is untouched" in full.stderr
    assert snapshot(ws / "output") == before
    nothing_left(ws)


def test_a_pandoc_that_does_not_answer_is_one_plain_error(ws: Path) -> None:
    """pypandoc logs through its own handler with a traceback when pandoc fails to give its version (a Ctrl-C
    that reached pandoc at that moment printed one above "interrupted"); corpath's own message is the one."""
    add_clients(ws, "acme")
    broken = ws / "broken-pandoc"
    broken.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    broken.chmod(0o755)
    result = subprocess.run([CORPATH, "build", "acme"], cwd=ws, env=env_for(ws, PYPANDOC_PANDOC=str(broken)),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("error: pandoc failed writing program.docx"), result.stderr
    assert "Traceback" not in result.stderr and "[ERROR]" not in result.stderr
    nothing_left(ws)
