"""`corpath protocols`: the certifying partners' protocol packs (list, show, diff, impact), and the hidden
`--root` option the commands that read packs share."""

from __future__ import annotations

import json
from pathlib import Path

import click

_protocols_root_option = click.option(
    "--root", type=click.Path(path_type=Path, file_okay=False, exists=True), envvar="CORPATH_PROTOCOLS",
    default=None, hidden=True, help="Folder of protocol packs (default: program_templates/protocols).",
)


def _protocols_root(root: Path | None) -> Path:
    from .protocols.packs import PROTOCOLS

    return root or PROTOCOLS


@click.group()
@_protocols_root_option
@click.pass_context
def protocols(ctx: click.Context, root: Path | None) -> None:
    """Certifying-partner protocol packs: list them, show one, compare two versions."""
    ctx.ensure_object(dict)
    ctx.obj["protocols_root"] = _protocols_root(root)


@protocols.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
def protocols_list(ctx: click.Context, as_json: bool) -> None:
    """Every pack shipped: partner, provinces, industries, version, effective date and programs."""
    from .protocols.packs import all_packs, latest_packs

    root = ctx.obj["protocols_root"]
    current = {lp.path for lp in latest_packs(root)}
    rows = []
    for loaded in all_packs(root):
        pack = loaded.pack
        rows.append({
            "partner": pack.partner.id, "abbreviation": pack.partner.abbreviation,
            "provinces": [p.value for p in pack.partner.provinces],
            "industries": [i.value for i in pack.partner.industries],
            "version": pack.version, "effective": pack.effective.isoformat(), "in_effect": loaded.path in current,
            "default": pack.partner.default,
            "programs": [{"id": p.id, "certificate": p.certificate, "name": p.name,
                          "small_employer": p.is_small_employer} for p in pack.programs],
        })
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = [("PARTNER", "ABBR", "PROVINCES", "INDUSTRIES", "VERSION", "EFFECTIVE", "PROGRAMS")]
    for row in rows:
        flags = ("" if row["in_effect"] else " (not in effect)") + ("" if row["default"] else " (not default)")
        table.append((row["partner"], row["abbreviation"], " ".join(row["provinces"]), " ".join(row["industries"]),
                      row["version"], row["effective"],
                      ", ".join(f"{p['name']} [{p['certificate']}"
                                + (", small employer" if p["small_employer"] and p["certificate"] == "COR" else "")
                                + "]" for p in row["programs"]) + flags))
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]) - 1)]
    for r in table:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=False)) + "  " + r[-1])


@protocols.command("show")
@click.argument("partner")
@click.option("--version", "version", default=None, help="Protocol version (default: the one in effect).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def protocols_show(ctx: click.Context, partner: str, version: str | None, as_json: bool) -> None:
    """One pack: programs and rules with their sources, elements and question counts; unverified facts marked."""
    from .protocols.packs import find_pack
    from .protocols.show import pack_lines, summarise_pack

    loaded = find_pack(partner, version, ctx.obj["protocols_root"])
    if as_json:
        click.echo(json.dumps(summarise_pack(loaded), indent=2, ensure_ascii=False))
        return
    click.echo("\n".join(pack_lines(loaded)))


@protocols.command("diff")
@click.argument("partner")
@click.argument("old")
@click.argument("new")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def protocols_diff(ctx: click.Context, partner: str, old: str, new: str, as_json: bool) -> None:
    """What changed between two versions of PARTNER's pack: elements, questions and program rules."""
    from .protocols.diff import diff_packs
    from .protocols.packs import find_pack

    root = ctx.obj["protocols_root"]
    diff = diff_packs(find_pack(partner, old, root), find_pack(partner, new, root))
    if as_json:
        click.echo(json.dumps(diff.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo("\n".join(diff.lines()))


@protocols.command("impact")
@click.argument("partner")
@click.argument("old")
@click.argument("new")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--intake-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("intake"),
              show_default=True, help="Folder of intake files.")
@click.pass_context
def protocols_impact(ctx: click.Context, partner: str, old: str, new: str, as_json: bool, intake_dir: Path) -> None:
    """Before rebuilding: which clients of PARTNER a change from OLD to NEW touches, which sections of each
    program change, which of those the client edited (a rebuild merges them; an overlap stops it), and how each
    gap score moves.
    """
    from datetime import date as _date

    from .delivery.impact import impact_lines, protocol_impact
    from .intake.load import intake_files
    from .protocols.diff import diff_packs
    from .protocols.packs import find_pack

    root = ctx.obj["protocols_root"]
    old_pack, new_pack = find_pack(partner, old, root), find_pack(partner, new, root)
    diff = diff_packs(old_pack, new_pack)
    impacts = protocol_impact(intake_files(intake_dir), old_pack, new_pack, today=_date.today())
    if as_json:
        changelog = [e.model_dump(mode="json") for e in new_pack.pack.changelog]
        click.echo(json.dumps({"diff": diff.to_dict(), "changelog": changelog,
                               "clients": [i.as_dict() for i in impacts]}, indent=2, ensure_ascii=False, default=str))
        return
    click.echo("\n".join(diff.lines() + ["", *impact_lines(impacts, new_pack.pack.partner.abbreviation, new_pack)]))
