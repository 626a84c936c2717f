"""Certifying-partner protocol packs: versioned data, validated on load.

A pack is `program_templates/protocols/<partner-id>/<version>.yaml`. It holds the partner, the programs it
offers (COR and its small-employer path under the partner's own name), their rules, and the audit elements
with their questions. Every threshold, pass mark, cycle and rebate is a `Fact` carrying its source and
confidence; a fact without a source is shown as unverified wherever it is used.

A protocol change is a new pack file, never a code change; `protocol_diff.diff_packs` says what changed between
two versions (elements, questions, rules) and which program sections the question changes touch.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InputError, NoPartnerError, Problem
from ..intake.model import Province
from ..intake.yamlfile import load_document, load_model, validate_document

# the models keep their import path here (`from pipeline.protocols.packs import Question`)
from .pack_model import (  # noqa: F401
    AUDITOR_WORDS,
    CERTIFICATE_IDS,
    DEADLINE_WORDS,
    INSTRUMENTS,
    Auditor,
    AuditRule,
    Audits,
    ChangelogEntry,
    Confidence,
    Course,
    Element,
    Fact,
    Instrument,
    Jurisdiction,
    Jurisdictions,
    LoadedPack,
    MaintenanceSchedule,
    Pack,
    Partner,
    PassRule,
    Program,
    ProtocolPack,
    Question,
    RebateRule,
    RecordsWindow,
    Requirement,
    ShortCertificate,
    SizeRule,
    Sourced,
    fits_headcount,
)

# $CORPATH_TEMPLATES points corpath at another copy of program_templates (a consultant's own, or a test's)
TEMPLATES = Path(os.environ.get("CORPATH_TEMPLATES") or Path(__file__).resolve().parents[2] / "program_templates")
TEMPLATES = TEMPLATES.resolve()
PROTOCOLS = TEMPLATES / "protocols"


@cache
def load_instrument(path: Path) -> Instrument:
    """Load and validate one instrument file."""
    instrument = load_model(Instrument, path)
    if instrument.id != path.stem:
        raise InputError([Problem(path, None, None, "id", f"must equal the file name '{path.stem}'")])
    return instrument


def load_pack(path: Path) -> LoadedPack:
    """Load and validate one pack file; problems come back with file, line and field.

    A pack that names an `instrument` gets that instrument's elements first, then its own; its hash covers both
    files, so a changed instrument makes every client built on the pack stale.
    """
    doc = load_document(path)
    pack = validate_document(ProtocolPack, doc)
    if pack.partner.id != path.parent.name:
        raise InputError([Problem(doc.path, 2, 1, "partner.id", f"must equal the folder name '{path.parent.name}'")])
    if pack.version != path.stem:
        raise InputError([Problem(doc.path, None, None, "version", f"must equal the file name '{path.stem}'")])
    digest = hashlib.sha256(path.read_bytes())
    instrument = None
    if pack.instrument is not None:
        where = path.parent.parent / INSTRUMENTS / f"{pack.instrument}.yaml"
        if not where.is_file():
            raise InputError([Problem(doc.path, None, None, "instrument", f"no instrument file {where.name} in "
                                      f"{where.parent}")])
        instrument = load_instrument(where)
        if pack.partner.id not in instrument.partners:
            raise InputError([Problem(where, None, None, "partners", f"must list '{pack.partner.id}', whose pack "
                                      f"{path.name} audits with it")])
        try:
            pack = ProtocolPack.model_validate(
                {**dict(pack), "elements": instrument.elements_for(pack.programs) + pack.elements})
        except ValidationError as exc:
            raise InputError([Problem(doc.path, None, None, "instrument", error["msg"])
                              for error in exc.errors()]) from None
        digest.update(where.read_bytes())
    return LoadedPack(path=path, sha256=digest.hexdigest(), pack=pack, instrument=instrument)


def pack_paths(root: Path = PROTOCOLS) -> list[Path]:
    """Every pack file: one folder per partner; `_`-folders and the shared instruments are not packs."""
    return sorted(p for p in root.glob("*/*.yaml")
                  if not p.parent.name.startswith("_") and p.parent.name != INSTRUMENTS)


@cache
def _load_all(root: Path) -> tuple[LoadedPack, ...]:
    return tuple(sorted((load_pack(p) for p in pack_paths(root)), key=lambda lp: (lp.pack.partner.id, pack_order(lp))))


def all_packs(root: Path = PROTOCOLS) -> list[LoadedPack]:
    """Every pack shipped, every version."""
    return list(_load_all(root))


def latest_packs(root: Path = PROTOCOLS, *, on: date | None = None) -> list[LoadedPack]:
    """The newest version of each partner's pack in effect on `on` (default today)."""
    on = on or date.today()
    newest: dict[str, LoadedPack] = {}
    for loaded in all_packs(root):
        if loaded.pack.effective > on:
            continue
        current = newest.get(loaded.pack.partner.id)
        if current is None or pack_order(loaded) > pack_order(current):
            newest[loaded.pack.partner.id] = loaded
    return sorted(newest.values(), key=lambda lp: lp.pack.partner.id)


def pack_order(loaded: LoadedPack) -> tuple[date, tuple[tuple[int, int | str], ...]]:
    """Sort key of a partner's versions: the effective date, then the version label read part by part.

    A correction of a version keeps the partner's effective date and adds a part to the label ('2019' →
    '2019.1'), so on the same date the corrected pack wins: (2019-01-01, '2019.1') > (2019-01-01, '2019').
    """
    parts = re.split(r"[.\-_]", loaded.pack.version)
    return loaded.pack.effective, tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def find_pack(partner_id: str, version: str | None = None, root: Path = PROTOCOLS) -> LoadedPack:
    """One partner's pack: the given version, or the newest in effect."""
    candidates = [lp for lp in all_packs(root) if lp.pack.partner.id == partner_id or
                  lp.pack.partner.abbreviation.lower() == partner_id.lower()]
    if not candidates:
        known = ", ".join(sorted({lp.pack.partner.id for lp in all_packs(root)}))
        raise NoPartnerError(f"no protocol pack for partner '{partner_id}'; packs: {known}")
    if version is None:
        in_effect = [lp for lp in candidates if lp.pack.effective <= date.today()] or candidates
        return max(in_effect, key=pack_order)
    for lp in candidates:
        if lp.pack.version == version:
            return lp
    versions = ", ".join(lp.pack.version for lp in candidates)
    raise NoPartnerError(f"partner '{partner_id}' has no protocol version '{version}'; versions: {versions}")


@cache
def load_jurisdictions(root: Path = PROTOCOLS) -> Jurisdictions:
    return load_model(Jurisdictions, root / "jurisdictions.yaml")


def select_pack(province: str, industry: str, partner_id: str | None = None, root: Path = PROTOCOLS) -> LoadedPack:
    """The certifying partner's pack for a province and industry.

    Raises NoPartnerError listing what exists when none fits; a province with no COR program raises it
    with the plain explanation from `jurisdictions.yaml`.
    """
    packs = latest_packs(root)
    if partner_id:
        chosen = find_pack(partner_id, root=root)
        if province not in [p.value for p in chosen.pack.partner.provinces]:
            raise NoPartnerError(f"partner '{partner_id}' does not certify in {province}")
        if industry not in [i.value for i in chosen.pack.partner.industries]:
            industries = ", ".join(i.value for i in chosen.pack.partner.industries)
            raise NoPartnerError(f"partner '{partner_id}' does not certify industry '{industry}' (it certifies: "
                                 f"{industries})", hint="fix company.industry or company.certifying_partner")
        return chosen
    in_province = [lp for lp in packs if province in [p.value for p in lp.pack.partner.provinces]]
    fitting = [lp for lp in in_province if industry in [i.value for i in lp.pack.partner.industries]]
    if len(fitting) > 1:
        defaults = [lp for lp in fitting if lp.pack.partner.default]
        if len(defaults) == 1:
            return defaults[0]
        names = ", ".join(lp.pack.partner.id for lp in fitting)
        raise NoPartnerError(
            f"several certifying partners fit {province} {industry}: {names}",
            hint="name one in the intake as company.certifying_partner",
        )
    if fitting:
        return fitting[0]
    jurisdiction = load_jurisdictions(root).provinces.get(Province(province))
    if not in_province and jurisdiction is not None and jurisdiction.status != "partners":
        raise NoPartnerError(f"{province}: {jurisdiction.explanation} {jurisdiction.provenance}")
    if in_province:
        offered = "; ".join(
            f"{lp.pack.partner.abbreviation} ({', '.join(i.value for i in lp.pack.partner.industries)})"
            for lp in in_province
        )
        raise NoPartnerError(
            f"no certifying partner pack for industry '{industry}' in {province}; packs there: {offered}"
        )
    everywhere = "; ".join(
        f"{lp.pack.partner.abbreviation}: {'/'.join(p.value for p in lp.pack.partner.provinces)} "
        f"{'/'.join(i.value for i in lp.pack.partner.industries)}"
        for lp in packs
    )
    raise NoPartnerError(f"no certifying partner pack for {province}; packs shipped: {everywhere}")


def iter_facts(node: Any, path: str = "") -> list[tuple[str, Sourced]]:
    """Every sourced fact in a pack, with its dotted path (for the sources test and `protocols show`)."""
    found: list[tuple[str, Sourced]] = []
    if isinstance(node, Sourced):
        found.append((path, node))
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            found.extend(iter_facts(getattr(node, name), f"{path}.{name}" if path else name))
    elif isinstance(node, (list, tuple)):
        for i, item in enumerate(node):
            label = getattr(item, "id", i)
            found.extend(iter_facts(item, f"{path}[{label}]"))
    elif isinstance(node, dict):
        for key, item in node.items():
            found.extend(iter_facts(item, f"{path}.{getattr(key, 'value', key)}"))
    return found
