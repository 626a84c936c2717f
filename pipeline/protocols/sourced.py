"""Sourced facts: every rule corpath states carries where it comes from and how sure we are.

The base of every protocol-pack model (`packs.py`, `points.py`, the sampling rules): a model that refuses unknown
keys and is frozen, the three confidence levels, and a fact with its source.
"""

from __future__ import annotations

from enum import Enum
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Pack(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Confidence(str, Enum):
    high = "high"
    medium = "medium"
    low = "low"


class Sourced(Pack):
    """Anything that states a rule: where it comes from and how sure we are."""

    source: str | None = Field(description="Where the fact comes from (page, document); null when none was found")
    confidence: Confidence = Field(
        description="high: the partner's or board's own page; medium: secondary; low: unverified"
    )
    note: str | None = Field(None, description="Conflicts, caveats, the exact wording")

    @property
    def unverified(self) -> bool:
        return self.source is None or self.confidence == Confidence.low

    @property
    def provenance(self) -> str:
        """`(source; confidence)` as printed beside a fact, with UNVERIFIED where it applies."""
        if self.source is None:
            return "(no source found; UNVERIFIED)"
        flag = "; UNVERIFIED" if self.confidence == Confidence.low else ""
        return f"({self.source}; {self.confidence.value} confidence{flag})"


class Fact(Sourced, Generic[T]):
    value: T = Field(description="The value; null when the fact is not known")
