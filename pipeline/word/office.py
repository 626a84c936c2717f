"""LibreOffice kept warm for a whole run: one process per worker, its own user profile, timeouts, one restart.

A cold `soffice --convert-to pdf` per document costs about two seconds and leaves the table of contents
empty. Here one LibreOffice is started per `Office` and driven over UNO by `uno_bridge.py`, which updates
every index before exporting, so the PDF's table of contents has its entries and page numbers, and reports
those entries back so the DOCX can carry the same ones. (corpath's own documents reach it with their table
of contents already written as entries whose pages LibreOffice fills in as it lays out, which is faster:
see `toc`; the bridge then reads those lines back.) Two LibreOffice processes sharing a profile lose
documents silently, so every `Office` gets a fresh profile folder.

LibreOffice reads file names through the C library's locale: under LANG=C it could not load a file in a
folder named "Clients Québec", wrote the PDF to a sibling folder named in Latin-1 (byte E9 for the "é"), and
the build failed. Paths therefore cross to LibreOffice only as file URLs built here (`Path.as_uri()`: UTF-8,
percent-encoded, plain ASCII on the wire), and LibreOffice runs with a UTF-8 locale whatever the caller's
(`office_environment`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import json
import logging
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import ToolError

log = logging.getLogger(__name__)

BRIDGE = Path(__file__).resolve().parent / "uno_bridge.py"
DEFAULT_TIMEOUT = float(os.environ.get("CORPATH_OFFICE_TIMEOUT", "180"))
STARTUP_TIMEOUT = 90.0
RESTART_AFTER = 200  # conversions; long-lived LibreOffice processes slowly leak and occasionally hang


def _libc_trim():
    """glibc's malloc_trim, or None where the C library has none (musl, macOS)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_MALLOC_TRIM = _libc_trim()


def release_memory() -> None:
    """Hand back what this process no longer uses before it waits seconds on LibreOffice.

    python-docx documents are reference cycles, so their XML trees wait for the cyclic collector, and glibc
    keeps freed memory for later. A batch worker spends most of its time waiting here while LibreOffice is
    at its largest: collecting and trimming first costs 10-30 ms (with the imports frozen, see
    `batch._init_worker`) and makes the waiting worker 30-45 MB smaller.
    """
    gc.collect()
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


@dataclass(frozen=True)
class TocEntry:
    level: int
    text: str
    page: int | None


@dataclass(frozen=True)
class Converted:
    pdf: Path
    pages: int | None
    toc: list[TocEntry]  # the entries of LibreOffice's updated index (see `assemble.lay_out` for corpath's own)
    bookmark_text: str | None = None  # the laid-out text inside the bookmark asked for (`to_pdf`'s read_bookmark)


def soffice_binary() -> str:
    """The LibreOffice binary: $CORPATH_SOFFICE, else `soffice` on the PATH."""
    configured = os.environ.get("CORPATH_SOFFICE")
    if configured:
        return configured
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise ToolError(
            "LibreOffice is not installed (no 'soffice' on the PATH)",
            hint="run 'make setup' (as root it installs libreoffice-writer-nogui), or: "
            "sudo apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui python3-uno poppler-utils",
        )
    return found


def uno_python() -> str:
    """A Python that can `import uno`: $CORPATH_UNO_PYTHON, else the system python3."""
    configured = os.environ.get("CORPATH_UNO_PYTHON")
    candidates = [configured] if configured else ["/usr/bin/python3", "/usr/local/bin/python3"]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            check = subprocess.run([candidate, "-c", "import uno"], capture_output=True)
            if check.returncode == 0:
                return candidate
    raise ToolError(
        "no Python with LibreOffice's UNO bridge was found",
        hint="install python3-uno (sudo apt-get install -y python3-uno) or set CORPATH_UNO_PYTHON",
    )


UTF8_LOCALE = "C.UTF-8"  # in glibc itself (2.35+) and Debian's libc for years: always there


def office_allocator() -> str | None:
    """The shared library LibreOffice allocates memory with, preloaded in place of the C library's malloc:
    jemalloc (Debian's libjemalloc2, which `make setup` installs) when the system has it, else None (the C
    library's own). $CORPATH_OFFICE_JEMALLOC=0 turns it off.

    LibreOffice lays a document out with many small allocations: glibc's malloc and free were 16% of its
    CPU converting acme's program (perf, 3,700 samples). With jemalloc the same conversion took 2.05 s of
    CPU instead of 2.71 s (median of six, interleaved on one machine; tcmalloc 2.12 s, mimalloc 2.60 s) and
    LibreOffice peaked 23 MB smaller after eight conversions (234 MB instead of 257 MB), the PDF's text the same."""
    if os.environ.get("CORPATH_OFFICE_JEMALLOC") == "0":
        return None
    return _jemalloc()


@functools.cache
def _jemalloc() -> str | None:
    return ctypes.util.find_library("jemalloc")  # "libjemalloc.so.2", found by the loader's own search


def office_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment LibreOffice runs in: the caller's, with a UTF-8 locale when the caller's is not one.

    The locale in effect for characters is LC_ALL, else LC_CTYPE, else LANG (POSIX); an unset or C/POSIX
    locale, or one without a UTF-8 codeset, is replaced by C.UTF-8 through LC_ALL. A UTF-8 locale (say
    fr_CA.UTF-8) is left as it is, so LibreOffice keeps the user's language. LibreOffice allocates with
    `office_allocator`, preloaded.
    """
    env = dict(os.environ if environ is None else environ)
    ctype = next((env[name] for name in ("LC_ALL", "LC_CTYPE", "LANG") if env.get(name)), "")
    codeset = ctype.partition(".")[2].partition("@")[0].lower().replace("-", "")
    if codeset != "utf8":
        env["LC_ALL"] = UTF8_LOCALE
    allocator = office_allocator()
    if allocator is not None:
        env["LD_PRELOAD"] = ":".join(filter(None, (allocator, env.get("LD_PRELOAD"))))
    return env


class Office:
    """One warm LibreOffice. Use as a context manager; conversions are serial within one Office."""

    def __init__(self, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self._proc: subprocess.Popen[str] | None = None
        self._profile: Path | None = None
        self._done = 0
        self._started = 0.0
        self._ready = False

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- process management -------------------------------------------------------------------------
    def start(self) -> None:
        """Start LibreOffice now and return at once: it boots while the caller plans, renders and runs
        pandoc, and the first conversion waits for it only if it is not ready yet. Raises ToolError when
        LibreOffice or its Python bridge is not installed."""
        if self._proc is None:
            self._spawn()

    def _start(self) -> None:
        """Start LibreOffice and wait for it; a failed start-up (a crash, no answer) is retried once with a fresh
        profile."""
        try:
            self._spawn()
            self._await_ready()
        except ToolError as exc:
            self._retry_start(exc)

    def _retry_start(self, exc: ToolError) -> None:
        log.warning("%s; retrying once", exc.message)
        self._spawn()
        self._await_ready()

    def _spawn(self) -> None:
        soffice = soffice_binary()
        python = uno_python()
        self._profile = Path(tempfile.mkdtemp(prefix="corpath-lo-"))
        # LibreOffice's own temporary files (lu*.tmp) go inside the profile folder, which is removed with it:
        # in the caller's temporary folder they outlived a LibreOffice that was killed (`stop`, a hang, Ctrl-C)
        scratch = self._profile / "tmp"
        scratch.mkdir()
        env = office_environment()
        env["TMPDIR"] = str(scratch)
        self._started = time.monotonic()
        self._ready = False
        self._proc = subprocess.Popen(
            # the bridge watches corpath's pid and stops LibreOffice when corpath dies
            [python, str(BRIDGE), self._profile.resolve().as_uri(), soffice, str(os.getpid())],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,  # so a hang can be killed with LibreOffice and all its children
        )

    def _await_ready(self) -> None:
        hello = self._read(STARTUP_TIMEOUT)
        if hello is None or not hello.get("ready"):
            why = (hello or {}).get("error", "no answer")
            self._kill()
            raise ToolError(f"LibreOffice failed to start: {why}")
        log.info("LibreOffice ready in %.1f s (profile %s)", time.monotonic() - self._started, self._profile)
        self._ready = True
        self._done = 0

    def _read(self, timeout: float) -> dict | None:
        assert self._proc is not None and self._proc.stdout is not None
        with selectors.DefaultSelector() as sel:
            sel.register(self._proc.stdout, selectors.EVENT_READ)
            if not sel.select(timeout):
                return None
        line = self._proc.stdout.readline()
        if not line:
            return None
        return json.loads(line)

    def _kill(self) -> None:
        if self._proc is not None:
            try:
                os.killpg(self._proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._proc.wait()
            for pipe in (self._proc.stdin, self._proc.stdout):
                if pipe is not None:
                    try:
                        pipe.close()
                    except OSError:
                        pass
            self._proc = None
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    def stop(self) -> None:
        """Stop LibreOffice at once, without asking it to quit, and remove its profile: for a caller that is done
        with it and keeps nothing of it (a one-client build, whose PDFs are written). A graceful `close` waits
        0.1-0.2 s for LibreOffice to shut down."""
        self._kill()

    def close(self) -> None:
        """Ask LibreOffice to quit; kill it if it does not."""
        if self._proc is None:
            return
        try:
            assert self._proc.stdin is not None
            self._proc.stdin.write(json.dumps({"op": "quit"}) + "\n")
            self._proc.stdin.flush()
            self._proc.wait(timeout=15)
        except (OSError, subprocess.TimeoutExpired, ValueError):
            pass
        self._kill()

    # -- conversions --------------------------------------------------------------------------------
    def _request(self, request: dict) -> dict | None:
        if self._proc is not None and not self._ready:  # started early with start(): wait for it now
            try:
                self._await_ready()
            except ToolError as exc:  # it crashed or hung while starting: once more, as _start does
                self._retry_start(exc)
        elif self._proc is None or self._proc.poll() is not None:
            self._kill()
            self._start()
        assert self._proc is not None and self._proc.stdin is not None
        try:
            self._proc.stdin.write(json.dumps(request) + "\n")
            self._proc.stdin.flush()
        except OSError:
            return None
        return self._read(self.timeout)

    def to_pdf(self, source: Path, pdf: Path, *, release: bool = True, read_bookmark: str | None = None) -> Converted:
        """Convert a DOCX (or XLSX) to PDF with every index updated; one restart on a hang or crash. With
        `read_bookmark`, the text inside that bookmark once the pages are laid out (fields worked out, one line
        per paragraph) comes back as `bookmark_text` (None when the document has no such bookmark).

        `release` runs `release_memory` first. A caller that waits for the conversion in another thread passes
        False and releases in its own thread before handing over: the cyclic collector frees lxml trees, and
        lxml's trees and dictionaries are only safe when one thread works on them (see `delivery.build`)."""
        request = {"op": "pdf", "src": source.resolve().as_uri(), "out": pdf.resolve().as_uri()}
        if read_bookmark is not None:
            request["bookmark"] = read_bookmark
        if self._done >= RESTART_AFTER:
            self.close()
        if release:
            release_memory()
        answer = self._request(request)
        if answer is None or answer.get("fatal"):
            log.warning("LibreOffice did not answer for %s (hang or crash); restarting it once", source.name)
            self._kill()
            answer = self._request(request)
            if answer is None or answer.get("fatal"):
                self._kill()
                raise ToolError(f"LibreOffice hung or crashed converting {source.name} (timeout {self.timeout:.0f} s)")
        if not answer.get("ok"):
            raise ToolError(f"LibreOffice could not convert {source.name}: {answer.get('error')}")
        if not pdf.exists() or pdf.stat().st_size == 0:
            raise ToolError(f"LibreOffice reported success but wrote no PDF for {source.name}")
        self._done += 1
        toc = [TocEntry(level, text, page) for level, text, page in answer.get("toc", [])]
        return Converted(pdf=pdf, pages=answer.get("pages"), toc=toc, bookmark_text=answer.get("bookmark_text"))

    def check_loads(self, source: Path) -> str:
        """Open a DOCX or XLSX in LibreOffice as a user would, and close it; returns what LibreOffice took it
        for ("writer", "calc"). Raises ToolError naming the file when it does not load (a damaged package is
        not repaired here); one restart on a hang or crash, as for conversions."""
        request = {"op": "load", "src": source.resolve().as_uri()}
        answer = self._request(request)
        if answer is None or answer.get("fatal"):
            self._kill()
            answer = self._request(request)
        if answer is None or answer.get("fatal"):
            self._kill()
            raise ToolError(f"LibreOffice hung or crashed opening {source}")
        if not answer.get("ok"):
            raise ToolError(f"LibreOffice could not open {source}: {answer.get('error')}")
        return str(answer.get("kind"))


_early: Office | None = None


def start_early() -> None:
    """Start a LibreOffice for this process's build before anything else is loaded (`launch.main`); taken by
    `early_office`, stopped by `stop_early`."""
    global _early
    if _early is None:
        _early = Office()
        _early.start()


def early_office() -> Office:
    """The LibreOffice `start_early` started, or a new one started now; the caller stops it (`Office.stop`)."""
    global _early
    office, _early = _early, None
    if office is None:
        office = Office()
        office.start()
    return office


def stop_early() -> None:
    """Stop the LibreOffice `start_early` started if nothing took it (a usage error, `build --help`)."""
    global _early
    if _early is not None:
        _early.stop()
        _early = None
