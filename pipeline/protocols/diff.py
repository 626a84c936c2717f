"""What changed between two versions of a certifying partner's protocol pack.

`diff_packs` compares elements and questions (matched by id across the whole pack) and every other rule field
by field as dotted paths, and says which program sections the question changes touch: what `corpath
protocols diff` prints, and what a consultant reviews before moving clients to a new protocol version.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from pydantic import BaseModel

from .packs import Element, LoadedPack, ProtocolPack, Question


@dataclass(frozen=True)
class Change:
    """One value that differs: where it is (dotted path), before and after (None: absent on that side)."""

    path: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ElementChange:
    id: str
    name: str
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class QuestionChange:
    id: str
    element: str
    text: str
    sections: list[str]  # sections named before or after: the program sections this change touches
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class PackDiff:
    """What changed from one protocol version to the next: elements, questions, and every other rule."""

    partner: str
    old_version: str
    new_version: str
    elements_added: list[ElementChange]
    elements_removed: list[ElementChange]
    elements_changed: list[ElementChange]
    questions_added: list[QuestionChange]
    questions_removed: list[QuestionChange]
    questions_changed: list[QuestionChange]
    rules: list[Change]

    @property
    def empty(self) -> bool:
        return not (self.elements_added or self.elements_removed or self.elements_changed or self.questions_added
                    or self.questions_removed or self.questions_changed or self.rules)

    def sections(self) -> list[str]:
        """Program sections named by any added, removed or changed question, before or after the change."""
        touched = {s for q in (*self.questions_added, *self.questions_removed, *self.questions_changed)
                   for s in q.sections}
        return sorted(touched)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "sections": self.sections()}

    def lines(self) -> list[str]:
        """The diff in plain text, one change a line (`+` added, `-` removed, `~` changed)."""
        out = [f"{self.partner}: {self.old_version} -> {self.new_version}"]
        if self.empty:
            return [*out, "no differences"]
        groups = [("Elements", self.elements_added, self.elements_removed, self.elements_changed),
                  ("Questions", self.questions_added, self.questions_removed, self.questions_changed)]
        for title, added, removed, changed in groups:
            if not (added or removed or changed):
                continue
            out.append(f"{title}: {len(added)} added, {len(removed)} removed, {len(changed)} changed")
            for mark, items in (("+", added), ("-", removed)):
                for item in items:
                    where = f" [element {item.element}]" if isinstance(item, QuestionChange) else ""
                    label = item.text if isinstance(item, QuestionChange) else item.name
                    out.append(f"  {mark} {item.id}{where} {label}")
            for item in changed:
                for i, change in enumerate(item.changes):
                    lead = f"  ~ {item.id} " if i == 0 else " " * (len(item.id) + 5)
                    out.append(f"{lead}{change.path}: {_show(change.old)} -> {_show(change.new)}")
        if self.rules:
            out.append(f"Rules and notes: {len(self.rules)} changed")
            for change in self.rules:
                mark = "+" if change.old is None else "-" if change.new is None else "~"
                out.append(f"  {mark} {change.path}: {_show(change.old)} -> {_show(change.new)}")
        if self.sections():
            out.append(f"Program sections touched by question changes: {', '.join(self.sections())}")
        return out


QUESTION_FIELDS = ("text", "evidence", "points", "programs", "sections", "records", "practice", "activities")
ELEMENT_FIELDS = ("name", "source", "confidence", "note")


def diff_packs(old: ProtocolPack | LoadedPack, new: ProtocolPack | LoadedPack) -> PackDiff:
    """Elements, questions and program rules added, removed or changed between two versions of a pack.

    Questions are matched by id across the whole pack (a question that moved to another element shows an
    `element` change); everything outside the elements is compared field by field as dotted paths.
    """
    old = old.pack if isinstance(old, LoadedPack) else old
    new = new.pack if isinstance(new, LoadedPack) else new
    old_elements = {e.id: e for e in old.elements}
    new_elements = {e.id: e for e in new.elements}
    elements_changed = []
    for eid in old_elements.keys() & new_elements.keys():
        before, after = old_elements[eid], new_elements[eid]
        changes = [Change(name, _plain(getattr(before, name)), _plain(getattr(after, name)))
                   for name in ELEMENT_FIELDS if getattr(before, name) != getattr(after, name)]
        if changes:
            elements_changed.append(ElementChange(eid, after.name, changes))

    def questions(pack: ProtocolPack) -> dict[str, tuple[Element, Question]]:
        return {q.id: (e, q) for e in pack.elements for q in e.questions}

    old_q, new_q = questions(old), questions(new)
    questions_changed = []
    for qid in old_q.keys() & new_q.keys():
        (e0, q0), (e1, q1) = old_q[qid], new_q[qid]
        changes = [Change("element", e0.id, e1.id)] if e0.id != e1.id else []
        changes += [Change(name, _plain(getattr(q0, name)), _plain(getattr(q1, name)))
                    for name in QUESTION_FIELDS if getattr(q0, name) != getattr(q1, name)]
        if changes:
            questions_changed.append(QuestionChange(qid, e1.id, q1.text, sorted({*q0.sections, *q1.sections}), changes))

    rules: list[Change] = []
    for name in type(old).model_fields:
        if name not in ("format", "version", "elements"):
            _diff_values(getattr(old, name), getattr(new, name), name, rules)
    order = _id_order([*old_elements, *new_elements])
    qorder = _id_order([*old_q, *new_q])
    return PackDiff(
        partner=new.partner.id, old_version=old.version, new_version=new.version,
        elements_added=[ElementChange(i, new_elements[i].name) for i in new_elements if i not in old_elements],
        elements_removed=[ElementChange(i, old_elements[i].name) for i in old_elements if i not in new_elements],
        elements_changed=sorted(elements_changed, key=lambda c: order[c.id]),
        questions_added=[QuestionChange(i, e.id, q.text, list(q.sections)) for i, (e, q) in new_q.items()
                         if i not in old_q],
        questions_removed=[QuestionChange(i, e.id, q.text, list(q.sections)) for i, (e, q) in old_q.items()
                           if i not in new_q],
        questions_changed=sorted(questions_changed, key=lambda c: qorder[c.id]),
        rules=rules,
    )


def _id_order(ids: list[str]) -> dict[str, int]:
    order: dict[str, int] = {}
    for i in ids:
        order.setdefault(i, len(order))
    return order


def _key(item: Any) -> str | None:
    return getattr(item, "id", None) or getattr(item, "name", None) if isinstance(item, BaseModel) else None


def _diff_values(old: Any, new: Any, path: str, out: list[Change]) -> None:
    """Append a Change for every leaf that differs; lists of models are matched by id (or name)."""
    if isinstance(old, BaseModel) and isinstance(new, BaseModel) and type(old) is type(new):
        for name in type(old).model_fields:
            _diff_values(getattr(old, name), getattr(new, name), f"{path}.{name}", out)
    elif (isinstance(old, list) and isinstance(new, list) and (old or new)
          and all(_key(item) is not None for item in [*old, *new])):
        before = {_key(item): item for item in old}
        after = {_key(item): item for item in new}
        for key in _id_order([*before, *after]):
            where = f"{path}[{key}]"
            if key not in after:
                out.append(Change(where, _plain(before[key]), None))
            elif key not in before:
                out.append(Change(where, None, _plain(after[key])))
            else:
                _diff_values(before[key], after[key], where, out)
    elif _plain(old) != _plain(new):
        out.append(Change(path, _plain(old), _plain(new)))


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, dict):
        return str(value.get("name") or value.get("id") or value.get("value", "{...}"))
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, str):
        return repr(value) if len(value) <= 70 else repr(value[:67] + "...")
    return str(value)
