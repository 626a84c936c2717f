"""Benchmark: `make bench` (or `python -m pipeline.bench --clients 100 --jobs 2`).

Builds N synthetic clients (variants of the example intakes: different names, headcounts, activities,
equipment and practices, so the programs are of realistic size) with `corpath batch`'s engine, then reruns
with nothing changed, and in the same run measures a naive baseline on a sample: the same programs, but a
cold `soffice --headless --convert-to pdf` per document in one process. Prints per-client wall time, the
total, the no-change rerun, peak memory of the whole process tree (workers and LibreOffice included), and
the ratio to the baseline. Numbers only: nothing here asserts a speed.

It also measures the floor of this design in the same run: for a sample of the clients, built one at a time
on one warm LibreOffice, the CPU seconds LibreOffice itself spends (import, layout and PDF export of the
program and the gap report; their tables of contents are laid out as PAGEREF fields, `word.toc`, so there
is no index update to count), pandoc's CPU and corpath's own Python CPU. LibreOffice's CPU divided by
the cores is the least wall time a batch can take per client; the batch's ratio to it is what corpath's own
work costs on top. And one client as a consultant runs it: `corpath build` cold (nothing running before),
median of five, against a cold `soffice --convert-to pdf` of the same program and gap report.

The floor assumes LibreOffice's work runs as fast two at a time as alone. So the bench also converts the floor
sample's documents on as many warm LibreOffices at once as the batch has workers, with nothing of corpath's
beside them (`office_at_width`): the part of the batch's ratio to the floor that is LibreOffice's own.

corpath's LibreOffice allocates with jemalloc where the system has it (`office.office_allocator`), and the
floor is measured on that LibreOffice. The cold `soffice` runs of the naive baseline and of the one-client
comparison are started as a user would start them, with the C library's malloc.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ruamel.yaml import YAML

from . import language
from .delivery.batch import run_batch
from .delivery.prepare import prepare_client
from .intake.load import intake_files
from .program.compose import render_program
from .word.office import office_allocator, soffice_binary

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = ["acme", "volta-electric", "lakeshore-gc"]
OPTIONAL_ACTIVITIES = ["ladders", "hot_work", "power_tools", "hazardous_products", "heat_cold", "driving", "noise",
                       "silica", "working_alone", "lifting_rigging", "confined_space", "excavation"]


def make_intakes(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """`count` intakes derived from the examples, each a different company."""
    rng = random.Random(seed)
    yaml = YAML()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        base = EXAMPLES[i % len(EXAMPLES)]
        data = yaml.load((REPO / "intake" / f"{base}.yaml").read_text(encoding="utf-8"))
        client = f"{base}-{i:03d}"
        data["client"] = client
        data["company"]["legal_name"] = f"{data['company']['legal_name'].rstrip('.')} No. {i} Ltd."
        people = data["people"]
        low, high = {"acme": (2, 10), "volta-electric": (11, 19), "lakeshore-gc": (20, 60)}[base]
        people["workers"] = rng.randint(low, high)
        people.pop("expected_workers_next_12_months", None)
        activities = list(data["operations"]["activities"])
        for extra in rng.sample(OPTIONAL_ACTIVITIES, 3):
            if extra not in activities:
                activities.append(extra)
        data["operations"]["activities"] = activities
        data["client_requirements"]["cor_required_by_name"] = base == "lakeshore-gc"
        path = folder / f"{client}.yaml"
        with path.open("w", encoding="utf-8") as fh:
            yaml.dump(data, fh)
        paths.append(path)
    return paths


class TreeMemory:
    """Peak memory of this process and all its descendants, sampled every 0.1 s from /proc.

    Two sums: RSS, which counts a shared library once per process that maps it (an overestimate for a
    process tree), and PSS (proportional set size), which shares each page among the processes using it:
    the tree's real footprint.
    """

    def __init__(self) -> None:
        self.peak = 0
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _children(pid: int) -> list[int]:
        found = []
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                found += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
        return found

    @staticmethod
    def _field(path: str, name: str) -> int:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return int(line.split()[1]) * 1024
        return 0

    def _sample(self) -> tuple[int, int]:
        rss = pss = 0
        todo = [os.getpid()]
        while todo:
            pid = todo.pop()
            try:
                rss += self._field(f"/proc/{pid}/status", "VmRSS:")
                pss += self._field(f"/proc/{pid}/smaps_rollup", "Pss:")
            except (OSError, ValueError):
                continue
            todo += self._children(pid)
        return rss, pss

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, pss = self._sample()
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            time.sleep(0.1)


def _cpu_seconds(pid: int) -> float:
    """utime + stime of one live process, from /proc/PID/stat (fields 14 and 15, in clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def descendants_cpu() -> float:
    """CPU seconds of this process's live descendants (a warm LibreOffice and its bridge), not of itself."""
    total = 0.0
    todo = TreeMemory._children(os.getpid())
    while todo:
        pid = todo.pop()
        try:
            total += _cpu_seconds(pid)
        except (OSError, ValueError, IndexError):
            continue
        todo += TreeMemory._children(pid)
    return total


def measure_floor(paths: list[Path], workdir: Path) -> list[dict[str, float]]:
    """Per client, built alone on one warm LibreOffice: LibreOffice's CPU seconds (its own import, layout,
    index update and export of the program and the gap report), pandoc's (waited children) and Python's.
    One client is built first to warm LibreOffice and the caches, and is not counted; what it leaves alive is
    then frozen for the collector, as a batch worker does after its first build (`batch._settle`)."""
    from .delivery.build import build_client
    from .word.office import Office

    rows = []
    with Office() as office:
        build_client(paths[0], output_root=workdir, office=office, force=True)
        gc.collect()
        gc.freeze()
        for path in paths:
            office_before = descendants_cpu()
            me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.monotonic()
            build_client(path, output_root=workdir, office=office, force=True)
            wall = time.monotonic() - started
            me2, kids2 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
            rows.append({
                "wall": wall,
                "office": descendants_cpu() - office_before,
                "pandoc": (kids2.ru_utime + kids2.ru_stime) - (kids.ru_utime + kids.ru_stime),
                "python": (me2.ru_utime + me2.ru_stime) - (me.ru_utime + me.ru_stime),
            })
    return rows


def office_at_width(deliveries: list[Path], workdir: Path, width: int) -> tuple[float, float]:
    """LibreOffice's own work at the batch's width, with nothing of corpath's beside it: the program and gap
    report of each delivery in `deliveries` (their layout copies, as a build makes them) converted by `width`
    warm LibreOffices at once, each taking the next document as it is done, the largest first. Returns (wall
    seconds, LibreOffice CPU seconds), both per delivery.

    The floor divides LibreOffice's CPU measured alone by the cores, which assumes its work runs as fast two
    at a time as alone. This measures what two at a time really take on this machine: the part of a batch's
    ratio to the floor that is LibreOffice's own."""
    from .word.assemble import lay_out, layout_source
    from .word.office import Office

    documents = []
    for i, delivery in enumerate(deliveries):
        scratch = workdir / f"layout-{i}"
        scratch.mkdir(parents=True)
        documents += [layout_source(delivery / name, scratch) for name in ("program.docx", "gap-report.docx")]
    # the largest first, so that the two end together instead of one finishing a program alone
    queue = sorted(documents, key=lambda layout: layout.path.stat().st_size)
    lock = threading.Lock()
    errors: list[BaseException] = []

    def convert_all(office: Office, out: Path) -> None:
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    layout = queue.pop()
                lay_out(office, layout, out / layout.path.with_suffix(".pdf").name)
        except BaseException as exc:  # reported by the caller, in its own thread
            errors.append(exc)

    with contextlib.ExitStack() as stack:
        offices = [stack.enter_context(Office()) for _ in range(width)]
        outs = []
        for i, office in enumerate(offices):  # warm: each starts and converts one document first, not counted
            out = workdir / f"pdf-{i}"
            out.mkdir()
            outs.append(out)
            lay_out(office, documents[0], out / "warm.pdf")
        cpu = descendants_cpu()
        started = time.monotonic()
        threads = [threading.Thread(target=convert_all, args=pair) for pair in zip(offices, outs, strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - started
        cpu = descendants_cpu() - cpu
    if errors:
        raise errors[0]
    return wall / len(deliveries), cpu / len(deliveries)


def single_client(example: str, runs: int, workdir: Path) -> tuple[list[float], list[float]]:
    """`corpath build EXAMPLE` cold, `runs` times (a fresh workspace each, nothing running before), and a
    cold `soffice --headless --convert-to pdf` of the same program and gap report, `runs` times."""
    corpath = str(Path(sys.executable).parent / "corpath")
    builds, baselines = [], []
    for i in range(runs):
        ws = workdir / f"single-{i}"
        (ws / "intake").mkdir(parents=True)
        shutil.copy(REPO / "intake" / f"{example}.yaml", ws / "intake")
        started = time.monotonic()
        subprocess.run([corpath, "-q", "build", example], cwd=ws, check=True, capture_output=True, timeout=600)
        builds.append(time.monotonic() - started)
        delivery = ws / "output" / example / "latest"
        out = ws / "baseline"
        started = time.monotonic()
        for document in ("program.docx", "gap-report.docx"):
            profile = ws / f"profile-{document}"
            subprocess.run([soffice_binary(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(out), str(delivery / document)],
                           check=True, capture_output=True, timeout=300)
        baselines.append(time.monotonic() - started)
    return builds, baselines


def naive_baseline(paths: list[Path], workdir: Path) -> float:
    """Seconds per client for the same documents made the naive way: one process, no reuse, and a cold
    `soffice --headless --convert-to pdf` per document (whose table of contents stays empty)."""
    from .delivery.build import program_meta
    from .program.forms import render_forms
    from .readiness.checklist import write_checklist_xlsx
    from .readiness.report import CHART_NAME, make_chart, render_report, report_meta
    from .word.assemble import append_docx, decorate_docx, pandoc_to_docx

    soffice = soffice_binary()
    started = time.monotonic()
    for path in paths:
        prepared = prepare_client(path)
        plan = prepared.plan
        program = render_program(plan, {})
        out = workdir / prepared.intake.client
        out.mkdir(parents=True)
        docx_path = pandoc_to_docx(program.markdown, out / "program.docx")
        decorate_docx(docx_path, program_meta(plan, prepared.inputs, "baseline"))
        append_docx(docx_path, render_forms(plan, out / "forms"))
        make_chart(plan.readiness, out / CHART_NAME)
        report = pandoc_to_docx(render_report(plan.readiness, CHART_NAME, plan.schedule, plan.rebate),
                                out / "gap-report.docx", resource_path=out)
        decorate_docx(report, report_meta(plan.readiness), cover_page=False)
        write_checklist_xlsx(plan.readiness, out / "records-checklist.xlsx")
        for document in (docx_path, report):
            profile = workdir / f"profile-{prepared.intake.client}"
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                            "--outdir", str(out), str(document)], check=True, capture_output=True, timeout=300)
    return (time.monotonic() - started) / len(paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=100, help="synthetic clients to build (default 100)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--baseline", type=int, default=5, help="clients in the naive baseline sample (default 5)")
    parser.add_argument("--floor", type=int, default=6, help="clients in the LibreOffice floor sample (default 6)")
    parser.add_argument("--single", type=int, default=5, help="cold single-client builds of acme (default 5)")
    parser.add_argument("--keep", action="store_true", help="keep the workspace and print where it is")
    args = parser.parse_args()

    workspace = Path(tempfile.mkdtemp(prefix="corpath-bench-"))
    try:
        paths = make_intakes(workspace / "intake", args.clients)
        output = workspace / "output"
        print(f"corpath benchmark: {args.clients} synthetic clients, {language.tally(args.jobs, 'worker')}, "
              f"{os.cpu_count()} cores; LibreOffice allocates with {office_allocator() or 'the C library'}")

        with TreeMemory() as memory:
            report = run_batch(intake_files(workspace / "intake"), output_root=output, jobs=args.jobs,
                               stale_only=True)
        built = [o for o in report.outcomes if o.status == "built"]
        failed = [o for o in report.outcomes if o.status != "built"]
        per_client = report.seconds / max(1, len(built))
        times = sorted(o.seconds for o in built)
        pages = [o.pages.get("program.pdf") or 0 for o in built]
        print(f"built {len(built)}, not built {len(failed)} {[(o.client, o.message[:80]) for o in failed][:3]}")
        if times:
            print(f"per client, one worker's view: median {statistics.median(times):.2f} s, "
                  f"p90 {times[int(0.9 * (len(times) - 1))]:.2f} s, max {times[-1]:.2f} s; "
                  f"program pages median {statistics.median(pages):.0f}")
        print(f"batch wall time: {report.seconds:.1f} s total, {per_client:.2f} s per client")
        print(f"peak memory of the process tree, LibreOffice included: {memory.peak_pss / 2**30:.2f} GB "
              f"(PSS; summed RSS, which counts shared pages once per process: {memory.peak / 2**30:.2f} GB)")

        started = time.monotonic()
        rerun = run_batch(intake_files(workspace / "intake"), output_root=output, jobs=args.jobs, stale_only=True)
        rerun_seconds = time.monotonic() - started
        print(f"no-change rerun: {rerun_seconds:.2f} s total, {rerun_seconds / args.clients * 1000:.1f} ms per client "
              f"({rerun.count('unchanged')} unchanged, {rerun.count('built')} built)")

        if args.floor:
            floor = measure_floor(paths[: args.floor], workspace / "floor")
            cores = os.cpu_count() or 1
            office = statistics.mean(r["office"] for r in floor)
            per_floor = office / cores
            pandoc, python = (statistics.mean(r[k] for r in floor) for k in ("pandoc", "python"))
            alone = statistics.mean(r["wall"] for r in floor)
            print(f"floor ({len(floor)} clients built alone on one warm LibreOffice): LibreOffice CPU "
                  f"{office:.2f} s per client, so at least {per_floor:.2f} s per client on {cores} cores; "
                  f"pandoc CPU {pandoc:.2f} s, Python CPU {python:.2f} s, wall {alone:.2f} s")
            print(f"batch against the floor: {per_client:.2f} s / {per_floor:.2f} s = {per_client / per_floor:.2f}x "
                  "(target 1.25x)")
            deliveries = [workspace / "floor" / path.stem / "latest" for path in paths[: args.floor]]
            width_wall, width_cpu = office_at_width(deliveries, workspace / "width", args.jobs)
            print(f"LibreOffice alone at the batch's width (the same {len(deliveries)} clients' documents on "
                  f"{language.tally(args.jobs, 'warm LibreOffice')} at once, nothing else running): "
                  f"{width_wall:.2f} s per client = {width_wall / per_floor:.2f}x the floor; its CPU "
                  f"{width_cpu:.2f} s per client against {office:.2f} s alone")
        if args.single:
            builds, baselines = single_client("acme", args.single, workspace / "single")
            build, base = statistics.median(builds), statistics.median(baselines)
            print(f"one client, `corpath build acme` cold: median {build:.2f} s of {len(builds)} "
                  f"(min {min(builds):.2f}, max {max(builds):.2f}); cold soffice --convert-to pdf of the same "
                  f"program and gap report: median {base:.2f} s; ratio {build / base:.2f}x (targets 4.0 s, 1.6x)")

        sample = paths[: args.baseline]
        baseline = naive_baseline(sample, workspace / "baseline")
        print(f"naive baseline (cold soffice --convert-to pdf per document, one process, {len(sample)} clients): "
              f"{baseline:.2f} s per client")
        print(f"speed-up over the baseline: {baseline / per_client:.1f}x")
        if args.keep:
            print(f"workspace kept: {workspace}")
    finally:
        if not args.keep:
            shutil.rmtree(workspace, ignore_errors=True)


if __name__ == "__main__":
    main()
