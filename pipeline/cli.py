"""The `corpath` command: a thin click layer over the library functions.

Exit codes: 0 ok, 1 bad input, 2 usage, 3 an external tool (pandoc, LibreOffice) failed or the disk is
full, 130 interrupted.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__, language
from .cli_audit import audit
from .cli_params import OUTPUT_OPTION, Corpath, Today, resolve_client, say, style, terminate_unwinds
from .cli_protocols import _protocols_root, _protocols_root_option, protocols
from .errors import EXIT_BAD_INPUT, CorpathError, InputError, Problem
from .intake.advice import advice, advice_line
from .intake.load import intake_schema, load_intake
from .intake.window_advice import window_advice
from .intake.yamlfile import display_path
from .practices.courses import intake_course_advice
from .practices.season import season_advice

if TYPE_CHECKING:
    from .delivery.build import BuildResult

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent


WINDOW_MAX = {"d": 3653, "w": 522, "m": 120}
"""Longest `--within` window per unit: ten years, more than two certificate cycles."""



@click.group(cls=Corpath, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="corpath")
@click.option("-v", "--verbose", count=True, help="Say more (repeat for debug output).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """corpath: build a contractor's COR/SECOR safety program from its intake questionnaire.

    Exit codes: 0 ok, 1 bad input, 2 usage, 3 an external tool (pandoc, LibreOffice) failed or the disk is
    full, 130 interrupted.
    """
    terminate_unwinds()
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    # pypandoc logs with its own handler, tracebacks included: a Ctrl-C that reached pandoc while pypandoc
    # asked it its version printed "[ERROR] Found .../pandoc, but not using it" and a traceback above
    # "interrupted". A pandoc that fails is corpath's own error (ToolError, exit 3); pypandoc speaks from -v on.
    logging.getLogger("pypandoc").setLevel(level if verbose else logging.CRITICAL)
    if "NO_COLOR" in os.environ:  # https://no-color.org
        ctx.color = False
    ctx.ensure_object(dict)
    ctx.obj["quiet"] = quiet
    ctx.obj["verbose"] = verbose


@main.command()
@click.argument("clients", nargs=-1, required=True)
@click.pass_context
def validate(ctx: click.Context, clients: tuple[str, ...]) -> None:
    """Check intake files, each named by its client id (acme) or path; every problem is listed as
    file:line:column: field: message.

    Exits 0 when all are valid, 1 when any is not. A valid file may get advice (a choice it probably did not
    mean, such as the roofing activity for a company with no roofing trade), printed under its "ok".
    """
    bad = 0
    for path in map(resolve_client, clients):
        try:
            intake = load_intake(path)
        except InputError as exc:
            bad += 1
            exc.show()
        else:
            shown = display_path(path)
            say(ctx, f"{shown}: {style('ok', fg='green')}")
            for line in [*advice(intake), *season_advice(intake), *intake_course_advice(intake, date.today()),
                         *window_advice(intake, date.today())]:
                at = advice_line(path, line)  # the line of the field it names, when the file has it
                say(ctx, f"{shown}{'' if at is None else f':{at}'}: {style('advice', fg='yellow')}: {line}")
    if bad:
        ctx.exit(EXIT_BAD_INPUT)


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Where to write the schema (default: intake.schema.json at the repository root).")
@click.pass_context
def schema(ctx: click.Context, output: Path | None) -> None:
    """Write the intake's JSON Schema (editors use it to autocomplete intake files)."""
    target = output or REPO_ROOT / "intake.schema.json"
    target.write_text(json.dumps(intake_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    say(ctx, f"wrote {target}")


@main.command()
@click.argument("client")
@click.option("--answers", type=click.Path(path_type=Path), default=None,
              help="Read the answers from a JSON file instead of asking.")
@click.option("--force", is_flag=True, help="Replace an existing intake file.")
@click.option("--intake-dir", type=click.Path(path_type=Path), default=Path("intake"), show_default=True,
              help="Folder the intake is written to.")
@click.pass_context
def init(ctx: click.Context, client: str, answers: Path | None, force: bool, intake_dir: Path) -> None:
    """Ask the intake questionnaire and write a valid, commented intake/CLIENT.yaml.

    Ctrl-C at any prompt leaves no file behind; an existing intake is kept unless --force is given.
    """
    from .intake.questionnaire import ask_questions, check_client_id, load_answers, validate_answers, write_intake

    check_client_id(client)
    target = intake_dir / f"{client}.yaml"
    if target.exists() and not force:
        raise InputError([Problem(str(target), None, None, "", "already exists; use --force to replace it")])
    if answers is not None:
        data = load_answers(answers)
        data.setdefault("client", client)
        source = str(answers)
    else:
        data = ask_questions(client)
        source = "answers"
    intake = validate_answers(client, data, source)
    write_intake(intake, target, force=force)
    say(ctx, f"wrote {target}; check it with: corpath validate {target}")


@main.command()
@click.argument("client")
@click.option("--force", is_flag=True, help="Build even when nothing changed since the last delivery.")
@click.option("--keep-client", multiple=True, metavar="SECTION",
              help="Where the client's edits and the template's changes to SECTION overlap, keep the client's side "
                   "(the template's other changes are still merged in); 'all' for every section.")
@click.option("--take-template", multiple=True, metavar="SECTION",
              help="On an overlap, use the template's new text for the whole of SECTION ('all'); the client's "
                   "text is kept in the overrides' .retired folder.")
@OUTPUT_OPTION
@click.pass_context
def build(ctx: click.Context, client: str, force: bool, keep_client: tuple[str, ...], take_template: tuple[str, ...],
          output_root: Path) -> None:
    """Build a client's delivery (CLIENT is an id such as acme, or a path to an intake file).

    Writes a new dated folder under output/CLIENT/ with the program (DOCX with a filled table of contents,
    PDF, forms) and a manifest; `output/CLIENT/latest` points at it. Nothing is rebuilt when the intake,
    protocol, templates, the client's own sections and corpath are unchanged (use --force to rebuild).
    The client's edited sections are merged with the template's changes paragraph by paragraph; where both
    changed the same paragraph the build stops as a conflict until --keep-client or --take-template chooses.
    """
    intake_path = resolve_client(client)
    result = _build_one(intake_path, output_root=output_root, force=force, keep_client=set(keep_client),
                        take_template=set(take_template))
    intake = load_intake(intake_path)  # its advice as `validate` gives it: a choice it probably did not mean
    for line in [*advice(intake), *season_advice(intake), *intake_course_advice(intake, date.today())]:
        say(ctx, f"{result.client}: {style('advice', fg='yellow')}: {line}")
    where = display_path(result.delivery.path) if result.delivery else "-"
    if result.status == "unchanged":
        say(ctx, f"{result.client}: unchanged since {where} (use --force to rebuild)")
        return
    pages = ", ".join(f"{name} {n} pages" for name, n in result.pages.items() if n)
    say(ctx, f"{result.client}: built {where} ({pages}) in {result.seconds:.1f} s")
    if result.review:
        say(ctx, f"  review.md: {language.tally(result.review, 'unverified fact')} for the consultant to confirm "
                 "before sending")
    for note in result.notes:
        say(ctx, f"  - {note}")


def _build_one(intake_path: Path, **options: Any) -> BuildResult:
    """`build_client` for the `build` command on the LibreOffice the `corpath` command started before loading
    the CLI (`launch`), or one started now, so that it boots (about a second) while corpath's build modules
    load and the client is planned; it is stopped at the end (a build whose inputs are unchanged stops it
    unused). The modules loaded by then are frozen out of the cyclic collector, whose full collections
    otherwise walk them during the plan (50-80 ms)."""
    from .word.office import early_office

    office = early_office()
    try:
        from .delivery.build import build_client

        gc.freeze()
        return build_client(intake_path, office=office, **options)
    finally:
        office.stop()


@main.command()
@click.argument("client")
@click.argument("edited", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--from", "source", metavar="DELIVERY",
              help="The delivery the file was edited from (a folder name under output/CLIENT/); without it, the "
                   "build id in the file's properties says, or else the delivery the file is most like.")
@click.option("--confirm-delete", multiple=True, metavar="SECTION",
              help="The client deleted SECTION and it should stay out of later builds (without this, a deleted "
                   "section is only reported).")
@click.option("--accept-loss", is_flag=True,
              help="Exit 0 even when something the client wrote could not be kept (it is still reported).")
@OUTPUT_OPTION
@click.pass_context
def absorb(ctx: click.Context, client: str, edited: Path, source: str | None, confirm_delete: tuple[str, ...],
           accept_loss: bool, output_root: Path) -> None:
    """Keep the client's edits to their Word program, whatever word processor saved it.

    EDITED is the program.docx the client changed. Its sections are found by aligning its headings with the
    pristine copy of the delivery it came from; an edited section becomes an override in
    intake/CLIENT.overrides/, a renamed heading a title override, an added section is kept after the one it
    follows, pictures are stored beside the overrides. Ends with a table per section; anything that could not
    be kept is listed with the reason, and the exit code is 1 unless --accept-loss.
    """
    from .delivery.absorb import absorb as absorb_edits
    from .delivery.absorb import report_table
    from .delivery.overrides import overrides_dir

    intake_path = resolve_client(client)
    load_intake(intake_path)
    result = absorb_edits(intake_path, edited, output_root=output_root, today=date.today(), source=source,
                          confirm_delete=frozenset(confirm_delete))
    say(ctx, f"{client}: compared {edited} with {result.how_found}")
    say(ctx, report_table(result))
    if result.sections:
        where = display_path(overrides_dir(intake_path))
        say(ctx, f"kept the client's text of {', '.join(result.sections)} in {where}")
    elif not any(r.status in ("added", "deleted") for r in result.rows):
        say(ctx, "no edited section found")
    for note in result.notes:
        say(ctx, f"  - {note}")
    for section, comment in result.comments:
        say(ctx, f"  - comment in {section}: {comment}")
    if result.lost:
        click.echo("not kept:", err=True)
        for item in result.lost:
            click.echo(f"  - {item}", err=True)
        if not accept_loss:
            raise CorpathError(f"{len(result.lost)} of the client's {language.plural('edit', len(result.lost))} could "
                               "not be kept (listed above); act on each, or rerun with --accept-loss")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON list.")
@click.option("--intake-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("intake"),
              show_default=True, help="Folder of intake files.")
@OUTPUT_OPTION
@click.pass_context
def status(ctx: click.Context, as_json: bool, intake_dir: Path, output_root: Path) -> None:
    """Every client, its last delivery, its last recorded audit and result, and whether it is stale and why."""
    from .delivery.batch import statuses

    found = statuses(intake_dir, output_root)
    if as_json:
        click.echo(json.dumps([s.as_dict() for s in found], indent=2))
        return
    width = max([len(s.client) for s in found] + [6])
    audits = max([len(s.last_audit or "-") for s in found] + [10])
    click.echo(f"{'client':<{width}}  {'last delivery':<19}  {'last audit':<{audits}}  state")
    for s in found:
        state = s.state if not s.reasons else f"stale: {'; '.join(s.reasons)}"
        if s.error:
            state = f"error: {s.error.splitlines()[0]}"
        colour = {"up to date": "green", "stale": "yellow", "error": "red"}[s.state]
        click.echo(f"{s.client:<{width}}  {s.delivery or '-':<19}  {s.last_audit or '-':<{audits}}  "
                   f"{style(state, fg=colour)}")
        for document in s.documents:
            click.echo(f"{'':<{width}}  {'':<19}  {style('platform document: ' + document, fg='yellow')}")


@main.command()
@click.option("--stale-only", is_flag=True, help="Build only clients whose inputs changed (the default for make).")
@click.option("--jobs", "-j", default=2, show_default=True, type=click.IntRange(min=1),
              help="Worker processes, each with its own LibreOffice.")
@click.option("--partner", default=None, help="Only clients of this certifying partner (id or abbreviation).")
@click.option("--force", is_flag=True, help="Rebuild even up-to-date clients.")
@click.option("--intake-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("intake"),
              show_default=True, help="Folder of intake files.")
@OUTPUT_OPTION
@click.pass_context
def batch(ctx: click.Context, stale_only: bool, jobs: int, partner: str | None, force: bool, intake_dir: Path,
          output_root: Path) -> None:
    """Build many clients in parallel; a failing client is reported and the rest go on.

    Ends with a table (built, unchanged, failed, conflicts) and exits 1 when any client failed or has a
    conflict to resolve. Safe to interrupt and rerun.
    """
    from .delivery.batch import run_batch
    from .intake.load import intake_files

    quiet = ctx.find_root().obj.get("quiet")
    bar = None

    def on_plan(n: int) -> None:
        nonlocal bar
        if n and not quiet:
            bar = click.progressbar(length=n, label=language.tally(n, "client"), file=sys.stderr)
            bar.__enter__()

    def on_outcome(outcome) -> None:
        if outcome.status in ("failed", "conflict"):
            click.echo(style(f"\n{outcome.client}: {outcome.status}: {outcome.message}", fg="red"), err=True)
        if bar is not None:
            bar.update(1)

    report = run_batch(intake_files(intake_dir), output_root=output_root, jobs=jobs, stale_only=stale_only,
                       partner=partner, force=force, on_outcome=on_outcome, on_plan=on_plan)
    if bar is not None:
        bar.__exit__(None, None, None)
    if not quiet:
        click.echo(f"{'client':<24} {'result':<10} {'seconds':>7}  delivery / message")
        for o in report.outcomes:
            if o.status == "skipped":
                continue
            detail = o.delivery or o.message.splitlines()[0] if (o.delivery or o.message) else ""
            click.echo(f"{o.client:<24} {o.status:<10} {o.seconds:>7.1f}  {detail}")
        click.echo(f"built {report.count('built')}, unchanged {report.count('unchanged')}, "
                   f"failed {report.count('failed')}, conflicts {report.count('conflict')}"
                   + (f", not started {report.not_started}" if report.not_started else "")
                   + f" in {report.seconds:.1f} s")
    if report.not_started:
        from .errors import BatchInterrupted

        finished = sum(report.count(s) for s in ("built", "unchanged", "failed", "conflict"))
        raise BatchInterrupted(
            f"interrupted: {language.tally(finished, 'client')} finished (built {report.count('built')}, failed "
            f"{report.count('failed')}), {report.not_started} not started; rerun the same command to finish "
            "(finished clients are up to date and are skipped)")
    if report.failed or report.count("conflict"):
        ctx.exit(EXIT_BAD_INPUT)


# ---------------------------------------------------------------- certificate decision and readiness

@main.command("recommend")
@click.argument("client")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@_protocols_root_option
def recommend_command(client: str, as_json: bool, root: Path | None) -> None:
    """Say which certificate CLIENT needs (COR or the small-employer one), from which partner, and why.

    CLIENT is an id such as acme, or a path to an intake file.
    """
    from .protocols.certificate import decision_lines, recommend

    intake = load_intake(resolve_client(client))
    decision = recommend(intake, _protocols_root(root))
    if as_json:
        click.echo(json.dumps(decision.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo("\n".join(decision_lines(intake, decision)))


@main.command("gaps")
@click.argument("client")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option("--today", type=Today(), default=None,
              help="Assess as of this date instead of today (YYYY-MM-DD).")
def gaps_command(client: str, as_json: bool, today: datetime | None) -> None:
    """Predict CLIENT's audit score from the evidence it has today, and what it takes to pass.

    CLIENT is an id such as acme, or a path to an intake file. Prints each element's score against its
    minimum, the overall score, pass or fail with the reason, the top actions and the earliest audit date, and,
    when an audit is recorded, the last one beside the prediction with the elements where they differ most.
    """
    from .audit.history import calibration_lines
    from .readiness.calibration import calibrate, last_recorded
    from .readiness.gaps import assess_readiness
    from .readiness.summary import readiness_lines

    intake_path = resolve_client(client)
    intake = load_intake(intake_path)
    readiness = assess_readiness(intake, today=today.date() if today else date.today())
    if as_json:
        click.echo(json.dumps(readiness.to_dict(), indent=2, ensure_ascii=False))
        return
    for line in readiness_lines(readiness):
        if line.startswith(("Certification: FAIL", "Maintenance audit")) and "FAIL" in line:
            line = style(line, fg="red")
        elif line.startswith("Certification: PASS"):
            line = style(line, fg="green")
        click.echo(line)
    recorded = last_recorded(intake_path)
    if recorded is not None:
        click.echo("\n" + "\n".join(calibration_lines(calibrate(readiness, recorded))))


# ---------------------------------------------------------------- certificate upkeep across clients


class _Window(click.ParamType):
    """`90d`, `12w` or `3m`: kept as text, turned into a date once `--today` is known."""

    name = "WINDOW"

    def convert(self, value, param, ctx) -> str:
        import re

        if not re.fullmatch(r"\s*\d+\s*[dwmDWM]\s*", str(value)):
            self.fail(f"'{value}' is not a window: use a number and a unit, e.g. 90d, 12w or 3m", param, ctx)
        text = str(value).strip().lower()
        if int(text[:-1]) > WINDOW_MAX[text[-1]]:
            self.fail(f"'{value}' is longer than ten years (at most {WINDOW_MAX[text[-1]]}{text[-1]})", param, ctx)
        return str(value)


@main.command("due")
@click.option("--within", "within", type=_Window(), default="90d", show_default=True,
              help="How far ahead to look: days (90d), weeks (12w) or months (3m).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON list of objects instead of a table.")
@click.option("--today", type=Today(), default=None,
              help="Count from this date instead of today (YYYY-MM-DD).")
@click.option("--intake-dir", type=click.Path(path_type=Path), default=Path("intake"), show_default=True,
              help="Folder of intake files, one per client.")
@_protocols_root_option
@click.pass_context
def due(ctx: click.Context, within: str, as_json: bool, today: datetime | None, intake_dir: Path,
        root: Path | None) -> None:
    """What is due or overdue for every client: maintenance audits, recertification, notices, lapses.

    Lists every event not done and dated up to the end of the window (overdue ones always), sorted by date.
    A client whose intake is invalid, or which has no COR program, gets one line on stderr and the rest go
    on. Exits 1 when any intake is invalid, 0 otherwise.
    """
    from .readiness.due import due_across
    from .upkeep.schedule import parse_window

    start = today.date() if today else date.today()
    report = due_across(intake_dir, today=start, until=parse_window(within, start), root=_protocols_root(root))
    for skip in report.skipped:
        click.echo(f"{skip.client}: skipped: {skip.reason}", err=True)
    if as_json:
        click.echo(json.dumps([item.to_dict() for item in report.items], indent=2, ensure_ascii=False))
    elif not report.items:
        say(ctx, f"Nothing due by {report.until} for {language.tally(report.clients, 'client')} (as of "
                 f"{report.today}).")
    else:
        rows = [("CLIENT", "DATE", "WHAT", "STATUS", "DAYS LEFT")]
        for item in report.items:
            what = item.what + (" (projected)" if item.projected else "")
            rows.append((item.client, item.date.isoformat(), what, item.status.upper() if item.status == "overdue"
                         else item.status, str(item.days_left)))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        click.echo(f"Due by {report.until} for {language.tally(report.clients, 'client')} (as of {report.today}):")
        for i, row in enumerate(rows):
            line = "  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths[:-1], strict=True))
            line += "  " + row[-1].rjust(widths[-1])
            click.echo(style(line, fg="red") if i and row[3] == "OVERDUE" else line)
    if any(skip.invalid for skip in report.skipped):
        ctx.exit(EXIT_BAD_INPUT)


main.add_command(protocols)
main.add_command(audit)
