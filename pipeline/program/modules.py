"""Hazard modules: what the program says about one hazard, chosen by the intake's activities and equipment.

`program_templates/hazards/<id>.yaml` holds the hazards, controls in hierarchy order, the safe work practice,
step-by-step safe job procedures, training and tickets, inspections and pre-use checks, and the records
kept. A company that does no confined-space work gets no confined-space module; one that does gets it.

Inside a module, an item that fits only some companies carries `only_if` (a procedure, a training row, an
inspection) or is written as `{text: ..., only_if: ...}` (a hazard, control, safe work practice rule or
record): a roofer with a ladder hoist gets the hoist inspection but not the crane rigging procedure.
`select_modules` hands every consumer the fitted module, so templates and forms never see what does not fit.
"""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Self, TypeVar

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from .. import language
from ..errors import InputError, Problem
from ..intake.model import Equipment, EquipmentType, Intake
from ..intake.yamlfile import display_path, load_model
from ..protocols.legislation import available_provinces, load_legislation
from ..protocols.packs import TEMPLATES, Pack, Sourced
from ..protocols.terms import TERM_SLOT, all_in_province_words, load_terms
from .conditions import Condition, names, names_several

HAZARDS = TEMPLATES / "hazards"

# the slots a module's `scope` sentence may name: the company's name and its possessive, its trades ("plumbing and
# gas fitting") and the work that brought the module (its activities, "hot work and ladder work", else "<trades>
# work"), each filled from the intake by the hazard module template
SCOPE_SLOTS = ("company", "companys", "trades", "work")
# The forms whose checks are made on one piece of equipment: the pre-use form, and a scaffolding company's record
# for each erected scaffold (its scaffolds are not ticked as units on the pre-use form).
PER_PIECE_FORMS = ("equipment_pre_use", "scaffold_inspection_record")

LEGAL_KEYS = ("fall_protection", "violence_harassment", "working_alone", "first_aid", "incident_reporting")


def made_on(check: Check, piece: Equipment) -> bool:
    """Whether the pre-use check `check` is made on `piece` (an intake Equipment): one of its `pre_use_for`
    words is the piece's type ('gas_detector') or starts a word of its name ('roller' names 'Double-drum
    rollers'; `conditions.names`), none of its `not_for` words starts a word of the name, and the piece is of
    one of its `pre_use_types` when it names any. A check without `pre_use_for` is made on no particular piece."""
    return (any(word == piece.type.value or names(piece.name, word) for word in check.pre_use_for)
            and not any(names(piece.name, word) for word in check.not_for)
            and (not check.pre_use_types or piece.type in check.pre_use_types))


def replaces(check: Check, piece: Equipment) -> bool:
    """Whether the rows of `check` stand instead of `piece`'s type checklist on the pre-use form: the check
    `replaces_type_checks`, is made on the piece (`made_on`), and, when it is for a piece `alone`, the piece's
    name lists no other tool."""
    return check.replaces_type_checks and made_on(check, piece) and not (check.alone and names_several(piece.name))


class Triggers(Condition):
    """What brings the module into a program: any one of these."""

    always: bool = Field(False, description="Every program gets this module")
    not_listed: list[EquipmentType] = Field(
        default_factory=list, description="Types never listed as the module's equipment, though `equipment_named` "
        "names them: a van 'with gutter machine' carries the machine, it is not a power tool")

    def names_something(self) -> bool:
        return self.always or super().names_something()

    def met_by(self, intake: Intake) -> bool:
        if self.unless is not None and self.unless.met_by(intake):
            return False
        return self.always or super().met_by(intake)


# a conditional line's slot for the company's pieces its own `equipment_named` words name, as typed
NAMED_SLOT = "{named}"


class Conditional(Pack):
    """A line of text that fits only the companies its condition names."""

    text: str = Field(description="The hazard, control, rule or record; `{named}` is filled with the names of the "
                      "company's pieces that the condition's `equipment_named` words name")
    only_if: Condition = Field(description="The activities, equipment or flags it fits; any one is enough")

    @model_validator(mode="after")
    def _named_has_words(self) -> Self:
        """A `{named}` slot needs `equipment_named` words to fill it from."""
        if NAMED_SLOT in self.text and not self.only_if.equipment_named:
            raise ValueError("a line with {named} needs only_if.equipment_named")
        return self


def _entry_kind(value: Any) -> str:
    return "text" if isinstance(value, str) else "conditional"


# A line of a module: plain text fits every company that gets the module; {text, only_if} fits some. The
# discriminator keeps a mistake in a mapping from also being reported as "must be text".
Entry = Annotated[
    Annotated[str, Tag("text")] | Annotated[Conditional, Tag("conditional")], Discriminator(_entry_kind)
]

ONLY_IF = "The activities, equipment or flags it fits (any one is enough); absent: every company with the module"


class LawToConfirm(Pack):
    """A rule the module leaves to the consultant, and where to look for it."""

    rule: str = Field(description="The rule, as a noun phrase: what the consultant finds and what the program "
                      "states instead")
    where: str | None = Field(
        None, description="Where the rule is, when it is not the province's OHS Act and regulations (e.g. 'the "
        "federal Transportation of Dangerous Goods Act and Regulations'); absent: the province's Act")
    only_if: Condition | None = Field(None, description=ONLY_IF)


class Controls(Pack):
    """The hierarchy of controls, most effective first."""

    elimination: list[Entry] = Field(default_factory=list, description="Remove the hazard")
    substitution: list[Entry] = Field(default_factory=list, description="Replace with something less hazardous")
    engineering: list[Entry] = Field(default_factory=list, description="Isolate people from the hazard")
    administrative: list[Entry] = Field(default_factory=list, description="Change the way people work")
    ppe: list[Entry] = Field(default_factory=list, description="Protect the worker with personal equipment")


TIERS = tuple(Controls.model_fields)


class Procedure(Pack):
    title: str = Field(description="The task, e.g. 'Setting up a travel-restraint system on a sloped roof'")
    steps: list[str] = Field(description="Steps in order", min_length=3)
    only_if: Condition | None = Field(None, description=ONLY_IF)


class Training(Pack):
    name: str = Field(description="Course or ticket")
    who: str = Field(description="Who needs it: a role, e.g. 'every worker on a roof'")
    renewal: str = Field(description="How often it is renewed or refreshed, e.g. 'every 3 years'")
    legal: Sourced | None = Field(
        None, description="When the training is a legal requirement: its source (the legislation file's)"
    )
    law_training: str | None = Field(
        None, description="The id of the province's rule for this training (legislation `training`): where the "
        "province's data has it, its name, validity and citation replace `name` and `renewal`; where it does not, "
        "`name` and `renewal` are the company's own rule and the consultant confirms the law (review.md)")
    confirm: str | None = Field(
        None, description="What the consultant confirms about the training's validity when no source good enough "
        "for the client's documents states it (review.md); `renewal` then keeps the certificate's own wording")
    only_if: Condition | None = Field(None, description=ONLY_IF)


# "Weekly during the site inspection": a frequency word the template would double with the practice model's
_FREQUENCY_BEFORE_INSPECTION = re.compile(r"^\w+ during the site inspection", re.IGNORECASE)


class Check(Pack):
    """One inspection row: what, how often, by whom and on which record. Where it is recorded is named, never
    assumed: a form of the appendix (`form`), a record of the records catalogue (`record`), or the company's
    own document (`kept_on`), exactly one of them."""

    what: str = Field(description="What is inspected")
    when: str = Field(description="How often, e.g. 'before each use'; 'During the site inspection' "
                      "is given the site inspection's frequency from the practice model, so it carries no "
                      "frequency word of its own ('Weekly during the site inspection' is refused)")
    who: str = Field(description="Role that does it: worker, supervisor, competent person")
    person: str | None = Field(
        None, description="Instead of `who`, the company's own person for the duty (owner, coordinator, "
        "supervisor, keeper; named from the intake by the practice model), for a duty of a position the "
        "company may not have", pattern=r"^(owner|coordinator|supervisor|keeper)$")
    form: str | None = Field(None, description="Form id in the forms appendix")
    record: str | None = Field(None, description="Record id in records.yaml the check is recorded in")
    kept_on: str | None = Field(None, description="The company's own document it is recorded in, e.g. "
                                "'Hazardous products inventory'")
    pre_use_for: list[str] = Field(
        default_factory=list, description="With form equipment_pre_use: the equipment the check is made on, by "
        "type (gas_detector) or by a word starting a word of the piece's name (roller, vacuum truck); each such "
        "piece gets the check's `rows` on the pre-use form, beside its type's checklist")
    not_for: list[str] = Field(
        default_factory=list, description="With pre_use_for: words that, starting a word of a piece's name, keep "
        "the check off it: a 'test pump for pressure testing lubricators' is a pump, not a lubricator")
    pre_use_types: list[EquipmentType] = Field(
        default_factory=list, description="With pre_use_for: the equipment types the check is made on, when a "
        "name word alone is too wide ('gas' names a gas-engine cut-off saw and a gas detector)")
    rows: list[str] = Field(default_factory=list, description="The pre-use form's rows for the check, one item "
                            "each; without them the check's `what` is its one row")
    replaces_type_checks: bool = Field(
        False, description="With pre_use_for: the rows stand instead of the piece's type checklist "
        "(`equipment_checks`), for a piece its type describes wrongly: a lowboy is a trailer, pulled by a "
        "tractor's fifth wheel, not a bumper-pull trailer's hitch and safety chains")
    alone: bool = Field(
        False, description="With replaces_type_checks: only on a piece whose name lists no other tool "
        "(conditions.names_several): 'Hilti DX 5 powder-actuated tools' gets the check's rows instead of a power "
        "tool's cord rows, 'Screw guns, cut-off saws and powder-actuated tools' keeps both")
    only_if: Condition | None = Field(None, description=ONLY_IF)

    @model_validator(mode="after")
    def _one_record(self) -> Self:
        named = [k for k in ("form", "record", "kept_on") if getattr(self, k)]
        if len(named) != 1:
            raise ValueError(f"inspection '{self.what}' names where it is recorded in exactly one of form, "
                             f"record, kept_on (it names {', '.join(named) or 'none'})")
        if (self.pre_use_for or self.rows) and self.form not in PER_PIECE_FORMS:
            raise ValueError(f"inspection '{self.what}': pre_use_for and rows are for a check made on the "
                             f"{' or '.join(PER_PIECE_FORMS)} form")
        if (self.rows or self.not_for or self.pre_use_types) and not self.pre_use_for:
            raise ValueError(f"inspection '{self.what}': rows and not_for need pre_use_for, the equipment they are on")
        if _FREQUENCY_BEFORE_INSPECTION.search(self.when):
            raise ValueError(f"inspection '{self.what}': '{self.when}' gives a frequency of its own to a check "
                             "that rides on the site inspection; write 'During the site inspection'")
        return self


class Question(Pack):
    """A question about the company's work that the intake cannot answer and the module's content turns on:
    never printed for the client, asked in the consultant's review.md for a program with the module."""

    question: str = Field(description="What the consultant asks the client, as a noun phrase ('whether ...')")
    then: str = Field(description="What the consultant does with each answer (the intake change, the rebuild)")
    only_if: Condition | None = Field(None, description=ONLY_IF)


# Fewest items each list keeps for every company that gets the module, whatever else it does.
KEEP_AT_LEAST = {"hazards": 2, "safe_work_practice": 3, "procedures": 1, "training": 1, "inspections": 1, "records": 1}


class HazardModule(Pack):
    id: str = Field(description="Module id, equals the file name", pattern=r"^[a-z0-9_]+$")
    title: str = Field(description="Heading, e.g. 'Working at Heights and Fall Protection'")
    title_if: list[Conditional] = Field(
        default_factory=list,
        description="Narrower headings, each with the facts it fits; the first that fits replaces `title` "
        "(a ladder hoist alone gets 'Hoisting and Manual Lifting', not crane rigging)",
    )
    order: int = Field(description="Position among the modules", ge=0)
    triggers: Triggers = Field(description="What in the intake brings this module in")
    legal_key: str | None = Field(
        None, description=f"The legislation requirement this module states, one of {', '.join(LEGAL_KEYS)}"
    )
    purpose: str = Field(description="One or two sentences on why the module exists")
    purpose_if: list[Conditional] = Field(
        default_factory=list,
        description="Narrower purposes, each with the facts it fits; the first that fits replaces `purpose` "
        "(a company with ladders and no scaffold reads about ladders only)",
    )
    scope: str | None = Field(
        None,
        description="The module's opening sentence: what in this company's work brings it, with slots filled from "
        f"the intake ({', '.join('{' + s + '}' for s in SCOPE_SLOTS)}); each module words it its own way, so no two "
        "modules open alike. Without it the opener names the work that brought the module",
    )
    scope_if: list[Conditional] = Field(
        default_factory=list,
        description="Narrower scope sentences, each with the facts it fits; the first that fits replaces `scope` "
        "(a fluid hauler's hydrocarbons are hauled, not heated), with the same slots",
    )
    hazards: list[Entry] = Field(description="The hazards", min_length=2)
    controls: Controls = Field(description="Controls in hierarchy order")
    safe_work_practice: list[Entry] = Field(description="The safe work practice: general rules", min_length=3)
    procedures: list[Procedure] = Field(description="Safe job procedures", min_length=1)
    training: list[Training] = Field(description="Training and tickets", min_length=1)
    inspections: list[Check] = Field(description="Inspections and pre-use checks", min_length=1)
    records: list[Entry] = Field(description="Records kept (names, or ids from records.yaml)", min_length=1)
    equipment_checks: dict[EquipmentType, list[Entry]] = Field(
        default_factory=dict,
        description="Pre-use checklist items per equipment type (for the pre-use form); an item can fit only the "
        "companies its condition names (a rolling scaffold's casters, a frame scaffold's mud sills)",
    )
    inspection_items: list[Entry] = Field(
        default_factory=list, description="Items this hazard adds to the site inspection checklist"
    )
    changes: list[Entry] = Field(default_factory=list, description="What the company does today that this program "
                                 "stops (diesel as a release agent): printed in the module and in the gap report")
    ppe_on_flha: bool = Field(True, description="False: the module's PPE is worn for something other than the "
                              "day's task (the first aider's gloves and barrier mask), so the FLHA's PPE ticks "
                              "leave it out")
    to_get: list[Entry] = Field(default_factory=list, description="Equipment the module's controls call for that "
                                "the company does not list yet (a gas monitor for sewage work), each gated on not "
                                "owning it: printed in the gap report under 'Before the next use'")
    to_ask: list[Question] = Field(default_factory=list, description="Questions about the company's work for the "
                                   "consultant's review.md (a combination pressure/vacuum truck: does it test?)")
    law_to_confirm: list[LawToConfirm] = Field(
        default_factory=list,
        description="Rules the module leaves to 'the province's rules' because the legislation data does not give "
        "them (a fit-test interval, a ban on an abrasive): never printed for the client, listed in the "
        "consultant's review.md for a program with the module. Plain text is a rule in the province's Act; "
        "{rule, where} names the law to look in (federal, another regulator's); `only_if` keeps a rule to the "
        "companies it fits",
    )

    @field_validator("scope")
    @classmethod
    def _known_slots(cls, scope: str | None) -> str | None:
        """Every slot in the scope sentence is one the template fills."""
        if scope is not None:
            _check_slots(scope)
        return scope

    @field_validator("law_to_confirm", mode="before")
    @classmethod
    def _rules_as_text(cls, value: Any) -> Any:
        return [{"rule": v} if isinstance(v, str) else v for v in value] if isinstance(value, list) else value

    @field_validator("scope_if")
    @classmethod
    def _known_slots_if(cls, scopes: list[Conditional]) -> list[Conditional]:
        """Every slot in each narrower scope sentence is one the template fills."""
        for scope in scopes:
            _check_slots(scope.text)
        return scopes

    @model_validator(mode="after")
    def _general_items_remain(self) -> Self:
        """Every company that gets the module gets a usable one, whatever its conditional items."""
        for name, least in KEEP_AT_LEAST.items():
            general = [item for item in getattr(self, name) if _condition(item) is None]
            if len(general) < least:
                raise ValueError(
                    f"{name}: only {language.tally(len(general), 'item')} without only_if; keep at least {least} for "
                    "every company"
                )
        return self


def _check_slots(scope: str) -> None:
    """Raises ValueError naming the first slot of `scope` the hazard module template does not fill."""
    unknown = sorted({name for _, name, _, _ in string.Formatter().parse(scope)
                      if name is not None and name not in SCOPE_SLOTS})
    if unknown:
        raise ValueError(f"unknown slot {{{unknown[0]}}}; the slots are {', '.join(SCOPE_SLOTS)}")


P = TypeVar("P", Procedure, Training, Check, LawToConfirm)


def _condition(item: Entry | Procedure | Training | Check | LawToConfirm) -> Condition | None:
    return None if isinstance(item, str) else item.only_if


def fits(item: Entry | Procedure | Training | Check | LawToConfirm, intake: Intake) -> bool:
    """An item without a condition fits every company that gets its module."""
    condition = _condition(item)
    return condition is None or condition.met_by(intake)


def text_of(line: Entry, intake: Intake | None = None) -> str:
    """The line's text; with `intake`, its `{named}` slot filled with the company's pieces its `equipment_named`
    words name, as typed ('Two-man auger for deck footings')."""
    if isinstance(line, str):
        return line
    if intake is None or NAMED_SLOT not in line.text:
        return line.text
    pieces = [piece.name for piece in intake.operations.equipment
              if any(names(piece.name, word) for word in line.only_if.equipment_named)]
    return line.text.replace(NAMED_SLOT, language.join(pieces))


def module_applies(module: HazardModule, intake: Intake) -> bool:
    return module.triggers.met_by(intake)


def module_equipment(module: HazardModule, intake: Intake) -> list[Equipment]:
    """The intake's equipment that the module's triggers name, in the intake's order: by type, or by a word in
    its name (`equipment_named`), so a hot oil unit or a tank truck listed as `other` is listed too."""
    words = module.triggers.equipment_named
    return [piece for piece in intake.operations.equipment
            if piece.type in module.triggers.equipment or (piece.type not in module.triggers.not_listed
                                                           and any(names(piece.name, word) for word in words))]


def type_checked(module: HazardModule, intake: Intake, kind: str) -> list[Equipment]:
    """The intake's pieces of type `kind` that get the module's `equipment_checks` for the type: all of them but
    those a check of the module that `replaces_type_checks` is made on (a lowboy is listed as a trailer)."""
    return [piece for piece in intake.operations.equipment if piece.type.value == kind
            and not any(replaces(check, piece) for check in module.inspections)]


def fit_module(module: HazardModule, intake: Intake) -> HazardModule:
    """The module as this company's program prints it: only the items that fit its work, as plain items.

    Conditions are dropped from what is kept (they have done their work), lines become plain text, and
    pre-use checklists are kept only for the equipment the company has, each with the items that fit it.
    """

    def lines(items: list[Entry]) -> list[str]:
        return [text_of(item, intake) for item in items if fits(item, intake)]

    def kept(items: list[P]) -> list[P]:
        return [item.model_copy(update={"only_if": None}) for item in items if fits(item, intake)]

    training, to_confirm = _trainings_in_law(kept(module.training), intake)

    owned = {piece.type for piece in intake.operations.equipment}
    title = next((t.text for t in module.title_if if t.only_if.met_by(intake)), module.title)
    purpose = next((t.text for t in module.purpose_if if t.only_if.met_by(intake)), module.purpose)
    scope = next((t.text for t in module.scope_if if t.only_if.met_by(intake)), module.scope)
    fitted = module.model_copy(
        update={
            "title": title,
            "title_if": [],
            "purpose": purpose,
            "purpose_if": [],
            "scope": scope,
            "scope_if": [],
            "hazards": lines(module.hazards),
            "controls": module.controls.model_copy(
                update={tier: lines(getattr(module.controls, tier)) for tier in TIERS}
            ),
            "safe_work_practice": lines(module.safe_work_practice),
            "procedures": kept(module.procedures),
            "training": training,
            "law_to_confirm": [*kept(module.law_to_confirm), *(LawToConfirm(rule=rule) for rule in to_confirm)],
            # a check for some types (`pre_use_types`) only if made on a piece: not for 'Four-gas detectors'
            "inspections": [c for c in kept(module.inspections) if not c.pre_use_types
                            or any(made_on(c, piece) for piece in intake.operations.equipment)],
            "records": lines(module.records),
            "inspection_items": lines(module.inspection_items),
            "changes": lines(module.changes),
            "to_get": lines(module.to_get),
            "to_ask": kept(module.to_ask),
            "equipment_checks": {kind: lines(items) for kind, items in module.equipment_checks.items()
                                 if kind in owned},
        }
    )
    # the province's own words for the slots in the text ('traffic control person' in Ontario)
    terms = load_terms(intake.company.province.value)
    return fitted if not TERM_SLOT.search(fitted.model_dump_json()) else \
        type(module).model_validate(all_in_province_words(fitted.model_dump(), terms))


def _trainings_in_law(trainings: list[Training], intake: Intake) -> tuple[list[Training], list[str]]:
    """Each training with a `law_training` id stated as the province's law has it (name, validity and citation,
    from legislation/<PROVINCE>.yaml `training`), and, for those the data has no rule for, what the consultant
    confirms (the program then states the company's own rule, unhedged), and each training's own `confirm`
    question."""
    province = intake.company.province.value
    rules = load_legislation(province).training if province in available_provinces() else {}
    fitted, to_confirm = [], []
    for t in trainings:
        rule = rules.get(t.law_training) if t.law_training else None
        if rule is not None and not rule.unverified:
            t = t.model_copy(update={"name": f"{rule.name} ({rule.citation})", "renewal": rule.renewal})
        if t.confirm:
            to_confirm.append(f"{t.name}: {t.confirm}")
        if t.law_training and (rule is None or rule.unverified):
            to_confirm.append(f"{t.name}: whether the province's law requires an approved course or a ticket, and "
                              f"how long it is valid (the program states the company's rule: {t.renewal.lower()})")
        fitted.append(t)
    return fitted, to_confirm


def load_modules(root: Path = HAZARDS) -> tuple[HazardModule, ...]:
    """Every hazard module in `root`, in their fixed order (`order`, then id); read and validated once per
    process and folder: `load_modules()` and `load_modules(HAZARDS)` are one load, not one each."""
    return _load_modules(root)


@cache
def _load_modules(root: Path) -> tuple[HazardModule, ...]:
    modules = []
    for path in sorted(root.glob("*.yaml")):
        module = load_model(HazardModule, path)
        if module.id != path.stem:
            raise InputError([Problem(display_path(path), None, None, "id", f"must equal the file name '{path.stem}'")])
        modules.append(module)
    return tuple(sorted(modules, key=lambda m: (m.order, m.id)))


def select_modules(intake: Intake, root: Path = HAZARDS) -> list[HazardModule]:
    """The modules this company's work calls for, in their fixed order, each fitted to the company."""
    return [fit_module(m, intake) for m in load_modules(root) if module_applies(m, intake)]
