"""`corpath init`: the intake questionnaire asked in the terminal (or read from a JSON answers file).

The questions follow the order of a one-hour call with the owner: the company, the people, what the client
asked for, the work, then each safety practice and the evidence it leaves. Every prompt shows the field's
description as help and offers a sensible default. Nothing is written until every answer is in and the
intake validates, so Ctrl-C leaves no partial file; an existing intake is never overwritten without --force.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import click
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import InputError, Problem
from .model import (
    ACTIVITY_HELP,
    CLIENT_ID,
    PRACTICE_NAMES,
    Activity,
    EquipmentType,
    Frequency,
    Industry,
    Intake,
    Province,
)
from .yamlfile import Document, display_path, dotted, problems_from

SCHEMA_LINE = "# yaml-language-server: $schema=../intake.schema.json"

Ask = Callable[..., Any]


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _choice_list(kind: type, text: str) -> list[str]:
    values = _split(text)
    valid = [m.value for m in kind]  # type: ignore[attr-defined]
    bad = [v for v in values if v not in valid]
    if bad:
        raise click.BadParameter(f"unknown: {', '.join(bad)}; valid: {', '.join(valid)}")
    return values


def _optional_count(text: str) -> int | None:
    """A count typed at a prompt that may be left blank: None for blank, else a whole number of 0 or more.
    Raises click.BadParameter (click asks again) for anything else."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise click.BadParameter(f"{text!r} is not a whole number of 0 or more; leave it blank if unknown")
    return int(text)


def _person(ask: Ask, label: str, default_title: str, *, required: bool = True) -> dict[str, str] | None:
    name = ask(f"{label}: full name" + ("" if required else " (blank for none)"), default="" if not required else None)
    if not name:
        return None
    title = ask(f"{label}: position or job title", default=default_title)
    return {"name": name, "title": title}


def _practice(ask: Ask, confirm: Ask, key: str) -> dict[str, Any]:
    label = PRACTICE_NAMES[key]
    if not confirm(f"{label}: is this done today?", default=False):
        return {"done": False}
    frequency = ask(
        f"{label}: how often ({', '.join(f.value for f in Frequency)})",
        default="weekly",
        type=click.Choice([f.value for f in Frequency]),
        show_choices=False,
    )
    since = ask(f"{label}: since when (YYYY-MM, blank if unknown)", default="")
    answer: dict[str, Any] = {"done": True, "frequency": frequency}
    if since:
        answer["since"] = since
    if confirm(f"{label}: are written records kept?", default=False):
        answer["records"] = {
            "kept": True,
            "count": ask(f"{label}: how many records from the past 12 months", default=0, type=int),
            "location": ask(f"{label}: where are they (e.g. paper, in the foreman's truck)", default="office"),
            "can_produce": confirm(f"{label}: could they be handed to an auditor today?", default=False),
        }
    answer["workers_know"] = confirm(f"{label}: could workers describe it to an auditor?", default=False)
    return answer


def ask_questions(client: str, ask: Ask = click.prompt, confirm: Ask = click.confirm) -> dict[str, Any]:
    """The interview; returns the answers as intake data (not yet validated)."""
    click.echo("Company. Answer as the WCB account shows it.")
    company: dict[str, Any] = {
        "legal_name": ask("Legal name (as on the WCB account)"),
        "province": ask("Province or territory of the WCB account", default="AB",
                        type=click.Choice([p.value for p in Province])),
        "industry": ask("Industry (with the province it selects the certifying partner)", default="construction",
                        type=click.Choice([i.value for i in Industry])),
        "trades": _split(ask("Trades, comma-separated (e.g. roofing, sheet metal)")),
    }
    operating = ask("Operating name, if different (blank for none)", default="")
    if operating:
        company["operating_name"] = operating
    click.echo("People. Count everyone on the WCB account at peak in the past 12 months, owners included.")
    people: dict[str, Any] = {
        "workers": ask("Workers at peak in the past 12 months", type=click.IntRange(min=1)),
        "owner": _person(ask, "Owner or senior manager", "Owner"),
    }
    expected = ask("Expected peak over the next 12 months (blank if the same)", default="",
                   value_proc=_optional_count)
    if expected is not None:
        people["expected_workers_next_12_months"] = expected
    started = ask("Workers who started with the company in the past 12 months (new hires, and returning workers "
                  "oriented again; blank: every current worker is counted)", default="",
                  value_proc=_optional_count)
    if started is not None:
        people["new_workers_past_12_months"] = started
    supervisors = []
    while True:
        supervisor = _person(ask, f"Supervisor {len(supervisors) + 1}", "Foreman", required=False)
        if supervisor is None:
            break
        supervisors.append(supervisor)
    if supervisors:
        people["supervisors"] = supervisors
    coordinator = _person(ask, "Safety coordinator (blank: the owner)", "Safety Coordinator", required=False)
    if coordinator:
        people["safety_coordinator"] = coordinator
    people["crews"] = ask("Crews working on separate sites at the same time at peak", default=1,
                          type=click.IntRange(min=1))
    click.echo("What the client asked for.")
    requirements: dict[str, Any] = {
        "cor_required_by_name": confirm("Does a client or tender insist on full COR by name?", default=False),
        "provinces_worked": _split(ask("Provinces worked in, comma-separated", default=company["province"])),
    }
    target = ask("Target audit date (YYYY-MM-DD, blank if none)", default="")
    if target:
        requirements["target_audit_date"] = target
    click.echo("The work. Activities: " + "; ".join(f"{k}: {v}" for k, v in ACTIVITY_HELP.items()))
    activities = ask(
        "Activities, comma-separated",
        value_proc=lambda text: _choice_list(Activity, text),
    )
    equipment = []
    while True:
        name = ask(f"Equipment {len(equipment) + 1}: what is it (blank to finish)", default="")
        if not name:
            break
        kind = ask("  kind", default="other", type=click.Choice([e.value for e in EquipmentType]),
                   show_choices=True)
        count = ask("  how many", default=1, type=click.IntRange(min=1))
        equipment.append({"name": name, "type": kind, "count": count})
    operations: dict[str, Any] = {"activities": activities}
    if equipment:
        operations["equipment"] = equipment
    click.echo("Safety practices today, and the evidence each leaves.")
    practices = {key: _practice(ask, confirm, key) for key in PRACTICE_NAMES}
    return {
        "client": client,
        "company": company,
        "people": people,
        "client_requirements": requirements,
        "operations": operations,
        "practices": practices,
    }


def validate_answers(client: str, answers: dict[str, Any], source: str) -> Intake:
    doc = Document(source, answers, None)
    try:
        return Intake.model_validate(answers, context={"stem": client})
    except ValidationError as exc:
        raise InputError(problems_from(exc, doc, Intake)) from None


def _plain(value: Any) -> Any:
    """Dumped model values as YAML likes them: enums as their values, dates left as dates."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return getattr(value, "value", value)


def intake_yaml(intake: Intake) -> str:
    """The intake as a commented YAML file, beginning with the schema line editors read."""
    data = _plain(intake.model_dump(mode="python", exclude_defaults=True))
    data = {"client": intake.client, **{k: v for k, v in data.items() if k != "client"}}
    tree = _commented(intake, data, 0)
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 110
    buffer = StringIO()
    yaml.dump(tree, buffer)
    header = f"{SCHEMA_LINE}\n# Intake questionnaire for {intake.client}; written by `corpath init`.\n"
    return header + buffer.getvalue()


def _commented(model: Any, data: Any, indent: int) -> Any:
    """The data as ruamel containers, with each field's description as a comment above its key.

    Mappings inside lists (people, equipment) are written on one line each, as in the example intakes.
    """
    if isinstance(data, dict):
        out = CommentedMap()
        fields = type(model).model_fields if isinstance(model, BaseModel) else {}
        for key, value in data.items():
            child = getattr(model, key, None) if isinstance(model, BaseModel) else None
            out[key] = _commented(child, value, indent + 2)
            info = fields.get(key)
            if info is not None and info.description:
                out.yaml_set_comment_before_after_key(key, before=info.description, indent=indent)
        return out
    if isinstance(data, list):
        seq = CommentedSeq()
        for value in data:
            if isinstance(value, dict):
                item = CommentedMap(value)
                item.fa.set_flow_style()
                seq.append(item)
            else:
                seq.append(value)
        return seq
    return data


def write_intake(intake: Intake, target: Path, *, force: bool = False) -> Path:
    """Write atomically (temp file + rename); refuse to replace an existing file unless forced."""
    if target.exists() and not force:
        raise InputError([Problem(display_path(target), None, None, "", "already exists; use --force to replace it")])
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(intake_yaml(intake))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def load_answers(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError([Problem(display_path(path), None, None, "", "file not found")]) from None
    except json.JSONDecodeError as exc:
        problem = Problem(display_path(path), exc.lineno, exc.colno, "", f"malformed JSON: {exc.msg}")
        raise InputError([problem]) from None


def check_client_id(client: str) -> None:
    if not CLIENT_ID.fullmatch(client):
        raise InputError([Problem("CLIENT", None, None, dotted(("client",)),
                                  "must be lowercase letters, digits and hyphens, at most 64 characters")])
