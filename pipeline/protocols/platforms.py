"""Contractor prequalification platforms (ISNetworld, Avetta, ComplyWorks, Cognibox, ContractorXchange):
the written-program topics their reviewers commonly require, and what an intake's registrations ask for.

Data: `program_templates/platforms/topics.yaml` (each topic and the program sections or hazard modules that
cover it) and one `<platform>.yaml` per platform (its commonly required topics with source and confidence,
and the documents it wants uploaded). Hiring clients configure their own lists on every platform, so a
catalogue is "commonly required"; an intake adds a hiring client's own topics by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pydantic import Field, model_validator

from ..intake.model import Activity, Intake, PlatformRegistration
from ..intake.vocabulary import activities_done
from ..intake.yamlfile import load_model
from .packs import TEMPLATES, Confidence, Pack

PLATFORMS = TEMPLATES / "platforms"


class Topic(Pack):
    id: str = Field(pattern=r"^[a-z0-9_]+$", description="Topic id, named by platforms and intakes")
    name: str = Field(description="The topic as a reviewer names it")
    aliases: list[str] = Field(default_factory=list, description="Other names a hiring client uses for it "
                               "(an abbreviation, another spelling), matched ignoring case and punctuation")
    sections: list[str] = Field(default_factory=list, description="Program sections that cover the topic")
    modules: list[str] = Field(default_factory=list, description="Hazard modules that cover the topic")
    section: str | None = Field(None, description="The section written only when this topic is required")
    only_if_activities: list[Activity] = Field(
        default_factory=list, description="The topic applies only to a company doing one of these activities"
    )
    action: str = Field(description="What to do when the topic is required and nothing covers it")

    @model_validator(mode="after")
    def _covered_somehow(self) -> Topic:
        if not self.sections and not self.modules:
            raise ValueError(f"topic {self.id}: name the sections or modules that cover it")
        return self


class Topics(Pack):
    topics: list[Topic]


class PlatformTopic(Pack):
    topic: str = Field(description="A topic id from topics.yaml")
    confidence: Confidence = Field(description="How sure the catalogue is that reviewers commonly require it")


class PlatformDocument(Pack):
    id: str = Field(pattern=r"^[a-z_]+$", description="program, certificate, wcb_clearance, insurance, ...")
    name: str = Field(description="The document as the platform asks for it")


class Platform(Pack):
    id: str = Field(pattern=r"^[a-z0-9_]+$", description="Platform id; equals the file name")
    name: str
    aliases: list[str] = Field(default_factory=list, description="Names an intake may use for the platform")
    summary: str = Field(description="What the platform's reviewers do with a written program")
    sources: list[str] = Field(description="Where the catalogue's facts come from")
    confidence: Confidence
    note: str | None = None
    topics: list[PlatformTopic] = Field(description="Topics its reviewers commonly require")
    documents: list[PlatformDocument] = Field(description="Documents the platform wants uploaded")


@dataclass(frozen=True)
class Catalogue:
    topics: dict[str, Topic]
    platforms: dict[str, Platform]

    def find(self, name: str) -> Platform | None:
        """The platform an intake's name means (its id, name or an alias; case, spaces and punctuation
        ignored), or None."""
        key = name_key(name)
        for platform in self.platforms.values():
            if key in {name_key(platform.id), name_key(platform.name), *map(name_key, platform.aliases)}:
                return platform
        return None


def name_key(name: str) -> str:
    """A name reduced to lowercase letters and digits, so 'H2S', 'h2s' and 'H-2-S' compare equal."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


@cache
def load_platforms(root: Path = PLATFORMS) -> Catalogue:
    """Every platform catalogue and the topics. Raises InputError (file:line:col) for a malformed file, and
    for a platform naming a topic topics.yaml does not have."""
    from ..errors import InputError, Problem

    topics = {t.id: t for t in load_model(Topics, root / "topics.yaml").topics}
    platforms: dict[str, Platform] = {}
    problems = []
    for path in sorted(root.glob("*.yaml")):
        if path.name == "topics.yaml":
            continue
        platform = load_model(Platform, path)
        if platform.id != path.stem:
            problems.append(Problem(str(path), None, None, "id", f"must equal the file name '{path.stem}'"))
        for item in platform.topics:
            if item.topic not in topics:
                problems.append(Problem(str(path), None, None, "topics", f"unknown topic '{item.topic}'"))
        platforms[platform.id] = platform
    if problems:
        raise InputError(problems)
    return Catalogue(topics, platforms)


@dataclass
class PlatformRequirement:
    """One topic required of this company, and who requires it: platforms whose reviewers commonly ask for
    it, and hiring clients who named it."""

    topic: Topic | None  # None: a hiring client's topic corpath has no section for
    name: str
    platforms: list[str] = field(default_factory=list)  # platform names
    clients: list[str] = field(default_factory=list)  # hiring client names

    @property
    def required_by(self) -> list[str]:
        """Who requires it, in words: "ISNetworld (commonly required)", "Westgate Energy (hiring client)"."""
        return [f"{p} (commonly required)" for p in self.platforms] + [f"{c} (hiring client)" for c in self.clients]


@dataclass(frozen=True)
class Registration:
    name: str  # as the intake names it
    platform: Platform | None  # None: no catalogue for this platform
    hiring_clients: tuple[str, ...]


def registrations(intake: Intake, catalogue: Catalogue | None = None) -> list[Registration]:
    """The intake's platform registrations, each matched to its catalogue (None when there is none)."""
    catalogue = catalogue or load_platforms()
    out = []
    for entry in intake.client_requirements.prequalification_platforms:
        reg = entry if isinstance(entry, PlatformRegistration) else PlatformRegistration(platform=entry)
        out.append(Registration(reg.platform, catalogue.find(reg.platform),
                                tuple(c.name for c in reg.hiring_clients)))
    return out


def _applies(topic: Topic, intake: Intake) -> bool:
    done = activities_done(intake.operations.activities)
    return not topic.only_if_activities or bool({a.value for a in topic.only_if_activities} & done)


def required_topics(intake: Intake, catalogue: Catalogue | None = None) -> list[PlatformRequirement]:
    """What the intake's platforms and hiring clients require of the written program, in topics.yaml order
    (then the hiring clients' own topics). A hazard topic counts only for a company doing that work."""
    catalogue = catalogue or load_platforms()
    found: dict[str, PlatformRequirement] = {}
    for entry in intake.client_requirements.prequalification_platforms:
        reg = entry if isinstance(entry, PlatformRegistration) else PlatformRegistration(platform=entry)
        platform = catalogue.find(reg.platform)
        if platform is not None:
            for item in platform.topics:
                topic = catalogue.topics[item.topic]
                if _applies(topic, intake):
                    req = found.setdefault(topic.id, PlatformRequirement(topic, topic.name))
                    if platform.name not in req.platforms:
                        req.platforms.append(platform.name)
        for client in reg.hiring_clients:
            for name in client.required_topics:
                topic = catalogue.topics.get(name) or next(
                    (t for t in catalogue.topics.values()
                     if name_key(name) in {name_key(t.name), *map(name_key, t.aliases)}), None)
                key = topic.id if topic else f"other:{name_key(name)}"
                req = found.setdefault(key, PlatformRequirement(topic, topic.name if topic else name))
                if client.name not in req.clients:
                    req.clients.append(client.name)
    order = {tid: i for i, tid in enumerate(catalogue.topics)}
    return sorted(found.values(), key=lambda r: order.get(r.topic.id, len(order)) if r.topic else len(order))


def required_sections(intake: Intake, catalogue: Catalogue | None = None) -> set[str]:
    """The platform-only sections (drug and alcohol, short-service employees, permit to work) this intake's
    platforms or hiring clients require."""
    return {r.topic.section for r in required_topics(intake, catalogue) if r.topic and r.topic.section}
