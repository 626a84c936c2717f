"""The `corpath` command: a thin click layer over the library functions.

Exit codes: 0 ok, 1 bad input, 2 usage, 3 an external tool (pandoc, LibreOffice) failed.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_BAD_INPUT, InputError, Problem
from .intake import intake_schema, load_intake, resolve_intake_path

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent


def style(text: str, **kwargs) -> str:
    """Colour for a terminal; click strips it when the output is not a terminal or NO_COLOR is set."""
    return click.style(text, **kwargs)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="corpath")
@click.option("-v", "--verbose", count=True, help="Say more (repeat for debug output).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """corpath: build a contractor's COR/SECOR safety program from its intake questionnaire.

    Exit codes: 0 ok, 1 bad input, 2 usage, 3 an external tool (pandoc, LibreOffice) failed.
    """
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if "NO_COLOR" in os.environ:  # https://no-color.org
        ctx.color = False
    ctx.ensure_object(dict)
    ctx.obj["quiet"] = quiet
    ctx.obj["verbose"] = verbose


def say(ctx: click.Context, message: str) -> None:
    """Print unless -q was given."""
    if not ctx.find_root().obj.get("quiet"):
        click.echo(message)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def validate(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Check intake files; every problem is listed as file:line:column: field: message.

    Exits 0 when all are valid, 1 when any is not.
    """
    bad = 0
    for path in paths:
        try:
            load_intake(path)
        except InputError as exc:
            bad += 1
            exc.show()
        else:
            say(ctx, f"{path}: {style('ok', fg='green')}")
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


def resolve_client(client: str) -> Path:
    """A client id (`acme`) or a path to an intake file."""
    return resolve_intake_path(client)



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
    from .questionnaire import ask_questions, check_client_id, load_answers, validate_answers, write_intake

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
@click.option("--output", "output_root", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True, help="Folder that holds the deliveries.")
@click.pass_context
def build(ctx: click.Context, client: str, force: bool, output_root: Path) -> None:
    """Build a client's delivery (CLIENT is an id such as acme, or a path to an intake file).

    Writes a new dated folder under output/CLIENT/ with the program (DOCX with a filled table of contents,
    PDF, forms) and a manifest; `output/CLIENT/latest` points at it. Nothing is rebuilt when the intake,
    protocol, templates and corpath are unchanged since the last delivery (use --force to rebuild).
    """
    from .build import build_client

    result = build_client(resolve_client(client), output_root=output_root, force=force)
    where = result.delivery.path if result.delivery else "-"
    if result.status == "unchanged":
        say(ctx, f"{result.client}: unchanged since {where} (use --force to rebuild)")
    else:
        pages = f", program {result.pages} pages" if result.pages else ""
        say(ctx, f"{result.client}: built {where}{pages} in {result.seconds:.1f} s")
