"""The `corpath` command: a thin click layer over the library functions.

Exit codes: 0 ok, 1 bad input, 2 usage, 3 an external tool (pandoc, LibreOffice) failed.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_BAD_INPUT, InputError
from .intake import intake_schema, load_intake, resolve_intake_path

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent


def color_enabled() -> bool:
    return "NO_COLOR" not in os.environ and sys.stdout.isatty()


def style(text: str, **kwargs) -> str:
    return click.style(text, **kwargs) if color_enabled() else text


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
            say(ctx, f"{path}: ok")
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

