"""`corpath audit`: the audit kit made from the company's own program, and recorded audits scored by the
partner's rules."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import click

from . import language
from .cli_params import OUTPUT_OPTION, resolve_client, say, style
from .errors import EXIT_BAD_INPUT
from .intake.load import load_intake


@click.group()
def audit() -> None:
    """The audit itself: the kit made from the company's own program, and recorded audits scored by the
    partner's rules."""


@audit.command("kit")
@click.argument("client")
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder to write the kit into (default: output/CLIENT/audit-kit).")
@OUTPUT_OPTION
@click.pass_context
def audit_kit(ctx: click.Context, client: str, out: Path | None, output_root: Path) -> None:
    """Write CLIENT's audit kit: the audit workbook, the documentation sample, the interview guide and the
    observation checklist (and review.md, for the consultant: the sampling rules that are not verified)."""
    from .audit.kit import write_kit
    from .audit.scope import audit_scope

    intake = load_intake(resolve_client(client))
    today = date.today()
    folder = out or output_root / intake.client / "audit-kit"
    summary = write_kit(audit_scope(intake, today=today), folder, today=today)
    people = ", ".join(f"{n} {role}" for role, n in summary.interviewees.items())
    say(ctx, f"wrote {folder}: {summary.questions} questions ({summary.interview_questions} asked in interviews); "
             f"interview {people}; observe {language.tally(summary.sites, 'site')}; pull {summary.records_to_pull} "
             "records")
    if summary.unverified:
        say(ctx, f"{language.tally(len(summary.unverified), 'sampling rule')} "
                 f"{language.verb('is', len(summary.unverified))} not verified for this partner: see "
                 f"{folder / 'review.md'}")


@audit.command("record")
@click.argument("client")
@click.argument("workbook", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--kind", type=click.Choice(["mock", "self", "maintenance", "certification"]), required=True,
              help="What kind of audit it was.")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), required=True,
              help="The day the audit was completed (YYYY-MM-DD).")
@click.option("--auditor", default=None, help="Who audited.")
@OUTPUT_OPTION
@click.pass_context
def audit_record(ctx: click.Context, client: str, workbook: Path, kind: str, day: datetime, auditor: str | None,
                 output_root: Path) -> None:
    """Read CLIENT's filled audit WORKBOOK, check it, score it by the partner's rules and store it as
    intake/CLIENT.audits/DATE-KIND.yaml (never overwritten: a correction is a new file that supersedes it),
    then write the audit report (DOCX and PDF) under output/CLIENT/audits/.

    Every problem in the workbook is reported at once as WORKBOOK.xlsx!Sheet!CELL: message, and nothing is
    stored (exit 1).
    """
    from .audit.record import record_audit
    from .audit.report import write_audit_report
    from .audit.sampling import load_sampling
    from .audit.scope import audit_scope
    from .word.office import Office

    intake_path = resolve_client(client)
    intake = load_intake(intake_path)
    today = date.today()
    scope = audit_scope(intake, today=today)
    recorded = record_audit(intake_path, workbook, scope, kind=kind, day=day.date(), today=today, auditor=auditor,
                            sampling=load_sampling())
    audit = recorded.audit
    word = {True: "PASS", False: "FAIL", None: "UNKNOWN"}[audit.passed]
    colour = {True: "green", False: "red", None: "yellow"}[audit.passed]
    say(ctx, f"recorded {recorded.path}" + (f" (supersedes {audit.supersedes})" if audit.supersedes else ""))
    click.echo(style(f"{kind} audit {audit.date}: {word}: {audit.reason}", fg=colour))
    for failure in audit.failures[1:]:
        click.echo(f"  also: {failure}")
    with Office() as office:
        report = write_audit_report(audit, scope, output_root, recorded.path.stem, office)
    say(ctx, f"wrote {report.docx} and {report.pdf.name} ({report.pages} pages)")


@audit.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON list.")
@click.option("--intake-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("intake"),
              show_default=True, help="Folder of intake files.")
@click.pass_context
def audit_list(ctx: click.Context, as_json: bool, intake_dir: Path) -> None:
    """Every client's recorded audits, newest first (a superseded one is marked)."""
    from .audit.history import audit_lines

    lines, problems = audit_lines(intake_dir)
    for problem in problems:
        click.echo(problem, err=True)
    if as_json:
        click.echo(json.dumps([line.as_dict() for line in lines], indent=2, ensure_ascii=False))
    elif not lines:
        say(ctx, "No recorded audits.")
    else:
        width = max(len(line.client) for line in lines)
        for line in lines:
            flag = "  (superseded)" if line.superseded else ""
            click.echo(f"{line.client:<{width}}  {line.audit.date}  {line.audit.kind:<13}  {line.result}"
                       f"  {line.audit.auditor or ''}{flag}".rstrip())
    if problems:
        ctx.exit(EXIT_BAD_INPUT)
