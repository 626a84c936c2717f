"""Many clients at once: which are stale and why, and a parallel rebuild with one warm LibreOffice per worker.

Staleness is decided in the calling process from hashes alone (no rendering, no LibreOffice), so a rerun with
nothing changed costs milliseconds per client, starts no worker and touches no file. Only stale clients go to
the process pool; each worker keeps one LibreOffice for all its clients. A failing client is reported and the
rest go on; a client whose override conflicts with a template change is reported as a conflict, never built
silently. Interrupting is safe: a delivery appears only when complete, and staging folders are removed.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date, timedelta
from multiprocessing import util
from pathlib import Path

from .. import language
from ..audit.history import last_audit
from ..errors import BatchInterrupted, ConflictError, CorpathError
from ..intake.load import intake_files
from ..readiness.chart import load_chart_modules
from ..upkeep.platform_documents import EXPIRING_DAYS, expiring_documents
from ..word.office import Office
from .build import BuildResult, build_client
from .deliveries import clean_staging, client_lock, explain_change, latest_delivery
from .prepare import prepare_client

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClientStatus:
    client: str
    intake_path: Path
    partner: str | None
    abbreviation: str | None
    protocol_version: str | None
    delivery: str | None
    reasons: list[str]
    error: str | None = None
    documents: list[str] = field(default_factory=list)  # platform documents expired or expiring within 30 days
    last_audit: str | None = None  # the newest recorded audit: date, kind and result

    @property
    def stale(self) -> bool:
        return bool(self.reasons) or self.error is not None

    @property
    def state(self) -> str:
        if self.error is not None:
            return "error"
        return "stale" if self.reasons else "up to date"

    def as_dict(self) -> dict[str, object]:
        return {"client": self.client, "intake": str(self.intake_path), "partner": self.partner,
                "protocol_version": self.protocol_version, "last_delivery": self.delivery, "state": self.state,
                "stale": self.stale, "reasons": self.reasons, "error": self.error,
                "expiring_documents": self.documents, "last_audit": self.last_audit}


def client_status(intake_path: Path, output_root: Path) -> ClientStatus:
    """A client's last delivery and whether it is stale, and why; an invalid client is reported, not raised."""
    client = intake_path.stem
    latest = latest_delivery(output_root, client)
    delivery = latest.name if latest else None
    audit = last_audit(intake_path)
    audited = f"{audit.audit.date} {audit.audit.kind} {audit.result}" if audit else None
    try:
        prepared = prepare_client(intake_path)
    except CorpathError as exc:
        return ClientStatus(client, intake_path, None, None, None, delivery, [], error=exc.format_message(),
                            last_audit=audited)
    except (ArithmeticError, ValueError) as exc:  # a value past what the arithmetic holds: this client's problem
        return ClientStatus(client, intake_path, None, None, None, delivery, [], error=f"{type(exc).__name__}: {exc}")
    old = latest.manifest.get("inputs") if latest else None
    today = date.today()
    documents = [f"{d.document} {d.status} ({d.platform})" for d in
                 expiring_documents(prepared.intake, None, today, today + timedelta(days=EXPIRING_DAYS))]
    return ClientStatus(client, intake_path, prepared.inputs.partner, prepared.decision.partner,
                        prepared.inputs.protocol_version, delivery, explain_change(old, prepared.inputs.as_dict()),
                        documents=documents,
                        last_audit=audited)


def statuses(intake_dir: Path, output_root: Path) -> list[ClientStatus]:
    return [client_status(p, output_root) for p in intake_files(intake_dir)]


@dataclass
class Outcome:
    client: str
    status: str  # built | unchanged | failed | conflict | skipped
    seconds: float = 0.0
    delivery: str | None = None
    message: str = ""
    pages: dict[str, int | None] = field(default_factory=dict)


@dataclass
class BatchReport:
    outcomes: list[Outcome]
    seconds: float
    not_started: int = 0  # builds a Ctrl-C kept from starting (0 when the batch ran to the end)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> bool:
        return self.count("failed") > 0


# -- the worker side --------------------------------------------------------------------------------------

_OFFICE: Office | None = None
_SETTLED = False  # the worker's first delivery has filled the per-worker caches, and they are frozen


def _init_worker(scratch: str) -> None:
    """One LibreOffice per worker process, closed when the worker exits.

    Workers ignore Ctrl-C, and so do the pandoc and LibreOffice they start (pandoc inherits the ignored signal,
    `word.assemble.PANDOC_RTS`; LibreOffice runs in a session of its own): the parent cancels what has not
    started and lets running builds finish, so an interrupted batch leaves complete deliveries or none, never
    half a folder. Temporary files go to the batch's own `scratch` folder, which the parent removes at the end
    whatever happened to the worker.
    """
    global _OFFICE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.setpgrp()  # a group of its own: a terminal's Ctrl-C misses the worker and its pandoc; a kill reaches both
    os.environ["TMPDIR"] = scratch
    tempfile.tempdir = scratch
    load_chart_modules()
    gc.collect()
    gc.freeze()  # what the imports made lives as long as the worker: the collector need not scan it again
    _OFFICE = Office()
    util.Finalize(None, _OFFICE.close, exitpriority=10)


def _settle() -> None:
    """After the worker's first delivery, freeze what it left alive, as `_init_worker` does for the imports.

    The first build parses the templates, rule files and protocol packs that later builds reuse; the
    collector that runs before each wait on LibreOffice (`word.office.release_memory`) would otherwise scan
    them twice per client (about 40 ms of CPU per client measured on acme and three bench clients). Garbage is
    collected first, so only live objects are frozen."""
    global _SETTLED
    if not _SETTLED:
        _SETTLED = True
        gc.collect()
        gc.freeze()


def _build_one(intake_path: Path, output_root: Path, force: bool, today: date | None) -> Outcome:
    started = time.monotonic()
    client = intake_path.stem
    try:
        result: BuildResult = build_client(intake_path, output_root=output_root, office=_OFFICE, force=force,
                                           today=today)
    except ConflictError as exc:
        return Outcome(client, "conflict", time.monotonic() - started, message=exc.format_message())
    except CorpathError as exc:
        return Outcome(client, "failed", time.monotonic() - started, message=exc.format_message())
    except Exception as exc:  # a bug must not stop the other clients; it is reported with its type
        log.exception("unexpected failure building %s", client)
        return Outcome(client, "failed", time.monotonic() - started, message=f"{type(exc).__name__}: {exc}")
    if result.status == "built":
        _settle()
    name = result.delivery.name if result.delivery else None
    return Outcome(client, result.status, result.seconds, name, pages=result.pages)


def run_batch(
    intake_paths: Iterable[Path],
    *,
    output_root: Path,
    jobs: int = 2,
    stale_only: bool = True,
    partner: str | None = None,
    force: bool = False,
    today: date | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> BatchReport:
    """Build the selected clients in parallel; returns every client's outcome (failures included)."""
    started = time.monotonic()
    outcomes: list[Outcome] = []

    def record(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    paths = list(intake_paths)
    if on_plan:
        on_plan(len(paths))
    todo: list[Path] = []
    for path in paths:
        status = client_status(path, output_root)
        if status.error is not None:
            record(Outcome(status.client, "failed", message=status.error))
            continue
        if partner and partner.lower() not in {(status.partner or "").lower(), (status.abbreviation or "").lower()}:
            record(Outcome(status.client, "skipped", delivery=status.delivery, message=f"not a {partner} client"))
            continue
        if stale_only and not force and not status.stale:
            record(Outcome(status.client, "unchanged", delivery=status.delivery))
            continue
        todo.append(path)
    if not todo:
        return BatchReport(outcomes, time.monotonic() - started)
    if jobs <= 1:
        _init_local()
        try:
            for path in todo:
                record(_build_one(path, output_root, force, today))
        finally:
            _close_local()
    else:
        scratch = tempfile.mkdtemp(prefix="corpath-batch-")
        try:
            not_started = _run_pool(todo, min(jobs, len(todo)), scratch, record, output_root, force, today)
        finally:
            _wait_for_strays(scratch)
            shutil.rmtree(scratch, ignore_errors=True)
        if not_started:
            outcomes.sort(key=lambda o: o.client)
            return BatchReport(outcomes, time.monotonic() - started, not_started=not_started)
    outcomes.sort(key=lambda o: o.client)
    return BatchReport(outcomes, time.monotonic() - started)


def _run_pool(todo: list[Path], workers: int, scratch: str, record: Callable[[Outcome], None], output_root: Path,
              force: bool, today: date | None) -> int:
    """Build `todo` in a pool; returns how many a Ctrl-C kept from starting (0 when all ran).

    A first Ctrl-C cancels what has not started and waits for the running builds, recording each outcome; a
    second one kills the workers (their LibreOffice processes stop themselves, `uno_bridge.watch_parent`) and
    raises `BatchInterrupted` at once.
    """
    context = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                               initargs=(scratch,))
    futures: dict[Future[Outcome], Path] = {
        pool.submit(_build_one, path, output_root, force, today): path for path in todo
    }
    recorded: set[Future[Outcome]] = set()

    def collect(future: Future[Outcome]) -> None:
        recorded.add(future)
        try:
            record(future.result())
        except Exception as exc:  # a worker that died: that client failed, the others are not affected
            record(Outcome(futures[future].stem, "failed", message=f"the build's worker died: {exc}"))

    try:
        try:
            for future in as_completed(futures):
                collect(future)
        except KeyboardInterrupt:
            not_started = sum(1 for f in futures if f.cancel())
            for future in as_completed([f for f in futures if not f.cancelled() and f not in recorded]):
                collect(future)  # running builds finish and publish, and are counted as what they are
            pool.shutdown(wait=True)
            return not_started
    except BaseException as exc:  # a second Ctrl-C, SIGTERM (SystemExit) or a bug: nothing may outlive the batch
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # a third Ctrl-C must not stop the cleanup
        try:
            _kill_workers(pool)
            _wait_for_strays(scratch)
            _remove_staging(output_root, [futures[f] for f in futures if f not in recorded])
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        if isinstance(exc, KeyboardInterrupt):
            raise BatchInterrupted(
                f"stopped: {language.tally(len(recorded), 'build')} finished, the running ones were killed (no "
                "delivery of theirs was published), the rest not started; rerun the same command to finish"
            ) from None
        raise
    pool.shutdown(wait=True)
    return 0


def processes_using(text: str) -> list[int]:
    """Pids of the processes whose command line contains `text` (Linux's /proc; [] elsewhere)."""
    found = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _wait_for_strays(scratch: str, seconds: float = 10.0) -> None:
    """Give LibreOffice processes of killed workers (their profiles are in `scratch`) time to stop themselves."""
    deadline = time.monotonic() + seconds
    while processes_using(scratch) and time.monotonic() < deadline:
        time.sleep(0.1)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill every worker process now (a second Ctrl-C); their staging folders are removed by the next build."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the worker and its pandoc (see _init_worker)
        except (OSError, TypeError):
            process.kill()
    for process in processes:
        process.join(5)
    pool.shutdown(wait=False, cancel_futures=True)


def _remove_staging(output_root: Path, paths: list[Path]) -> None:
    """Remove the staging folders of builds that were killed (under each client's lock, now free)."""
    for path in paths:
        try:
            with client_lock(output_root, path.stem):
                clean_staging(output_root, path.stem)
        except CorpathError:  # another corpath builds it now; its next build cleans up
            continue


def _init_local() -> None:
    global _OFFICE
    _OFFICE = Office()


def _close_local() -> None:
    global _OFFICE
    if _OFFICE is not None:
        _OFFICE.close()
        _OFFICE = None
