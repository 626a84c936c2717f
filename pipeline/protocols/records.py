"""The records an auditor samples (program_templates/records.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..intake.yamlfile import load_model
from .packs import TEMPLATES, Pack

RECORDS = TEMPLATES / "records.yaml"

Rate = Literal[
    "per_task", "daily", "weekly", "biweekly", "monthly", "quarterly", "semiannually", "annually",
    "per_new_worker", "per_event", "as_needed", "once",
]


class RecordSpec(Pack):
    id: str = Field(description="Record id, named by protocol questions", pattern=r"^[a-z0-9_]+$")
    name: str = Field(description="What the record is")
    practice: str | None = Field(description="Intake practice whose answers say whether the record exists")
    rate: Rate = Field(description="How often one is made")
    per: Literal["company", "crew", "site", "worker", "equipment", "event"] = Field(
        description="What multiplies the count"
    )
    keeper: Literal["owner", "coordinator", "supervisor", "keeper"] = Field(description="Whose job it is to keep it")
    form: str | None = Field(description="Form that makes this record")
    section: str = Field(description="Program section that says how it is made")


class RecordCatalogue(Pack):
    records: list[RecordSpec]


@cache
def load_records(path: Path = RECORDS) -> tuple[RecordSpec, ...]:
    return tuple(load_model(RecordCatalogue, path).records)


def record_by_id(record_id: str) -> RecordSpec:
    for spec in load_records():
        if spec.id == record_id:
            return spec
    raise KeyError(record_id)
