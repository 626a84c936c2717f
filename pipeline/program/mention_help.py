"""What the consultant reads when the reviewer lint stops a build on a gated word (`lint.unjustified_mentions`):
where the word is, which intake facts would justify it, and what to do.

Review 13: a realistic intake failed with "mentions 'TDG' (dangerous_goods) but the intake has nothing that
calls for it", and the consultant's only way out seemed to be deleting a real ticket. The message now names the
intake field whose text carries the word (when one does), the facts of the mention's `when` Condition in the
intake's own field names (at most `MAX_EXAMPLES`), and the way out: word the client's value so the program
quotes it as the client's own words (`lint.blank_values`: six characters or more, or an acronym in capitals),
add the fact if the company has it, or report corpath's own text. The build stops either way and the last good
delivery stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..intake.model import Intake
from ..intake.yamlfile import dotted
from .conditions import Condition

MAX_EXAMPLES = 4  # facts named per message: enough to show the kinds, short enough to read
_WORDS_PER_FIELD = 2
_ACRONYM = re.compile(r"^(?=[A-Z0-9]*[A-Z])[A-Z0-9]{3,5}$")  # as lint._ACRONYM: a value blanked in its capitals


def _some(words: list[str]) -> str:
    """'fluid haul' or 'water haul': the first `_WORDS_PER_FIELD` of `words`, quoted."""
    return " or ".join(f"'{w}'" for w in words[:_WORDS_PER_FIELD])


def _values(items: list[Any]) -> list[str]:
    return [getattr(item, "value", item) for item in items]


def _own_facts(condition: Condition) -> Iterator[tuple[str, str]]:
    """(fact with its intake field, the same fact in a few words) for each field `condition` names itself, in
    the order a consultant would look: the trade, equipment, products, activities, then the rest."""
    c = condition
    if c.trades:
        yield f"a trade containing {_some(c.trades)} (company.trades)", f"a trade containing {_some(c.trades)}"
    if c.trade_is:
        yield f"the trade {_some(c.trade_is)} (company.trades)", f"the trade {_some(c.trade_is)}"
    if c.equipment:
        kinds = _some(_values(c.equipment))
        yield f"equipment of type {kinds} (operations.equipment)", f"equipment of type {kinds}"
    if c.equipment_named:
        named = _some(c.equipment_named)
        yield f"equipment named like {named} (operations.equipment)", f"equipment named like {named}"
    if c.products:
        yield (f"a hazardous product whose name or use contains {_some(c.products)} "
               "(operations.hazardous_products)", f"a product such as {_some(c.products)}")
    if c.products_all:
        words = " and ".join(f"'{w}'" for w in c.products_all)
        yield f"a hazardous product naming {words} (operations.hazardous_products)", f"a product naming {words}"
    if c.hazardous_products:
        yield "any hazardous product (operations.hazardous_products)", "a hazardous product"
    if c.activities:
        kinds = _some(_values(c.activities))
        yield f"the activity {kinds} (operations.activities)", f"the activity {kinds}"
    if c.subcontractor_trades:
        words = _some(c.subcontractor_trades)
        yield (f"a subcontracted trade containing {words} (operations.subcontractors.trades)",
               f"a subcontracted trade containing {words}")
    if c.industries:
        kinds = _some(_values(c.industries))
        yield f"the industry {kinds} (company.industry)", f"the industry {kinds}"
    if c.sites:
        sites = _some(c.sites)
        yield f"a site whose name or type contains {sites} (operations.sites)", f"a site such as {sites}"
    if c.working_alone:
        yield "working alone (operations.working_alone.happens: true)", "working alone"
    if c.crew:
        yield "more than one person working (people.workers, people.supervisors)", "a crew"
    if c.owner_operator:
        yield "one person doing all the work (people.workers: 1, no supervisors)", "one person"
    if c.winter:
        yield "work in winter (operations.season)", "winter work"
    if c.ground_disturbance:
        yield ("a province and industry that say 'ground disturbance' (company.province, company.industry)",
               "ground disturbance")


def _short(condition: Condition, depth: int = 0) -> str:
    """The first fact of `condition` in a few words (its activity when it names one: the Excavation module
    comes with excavation work, not first with a hydrovac trade), with what must hold as well (`also`, two
    levels)."""
    shorts = [short for _, short in _own_facts(condition)]
    first = next((s for s in shorts if s.startswith("the activity")), shorts[0] if shorts else "")
    if not first and condition.any_of:
        first = _short(condition.any_of[0], depth)
    if condition.also is not None and depth < 2:
        more = _short(condition.also, depth + 1)
        first = f"{first}, with {more}" if first and more else first or more
    return first


def _module_fact(module_id: str) -> str | None:
    """'the Transporting Dangerous Goods module (in a program with a product such as 'methanol' with …)'."""
    from .modules import load_modules  # as conditions._modules_apply: a module's own items are Conditions

    module = next((m for m in load_modules() if m.id == module_id), None)
    if module is None or module.triggers.always:
        return None
    brought = _short(module.triggers)
    return f"the {module.title} module" + (f" (it comes with {brought})" if brought else "")


def justifying_facts(condition: Condition, limit: int = MAX_EXAMPLES) -> list[str]:
    """Up to `limit` intake facts, any one of which would meet `condition` (a mention's `when`), in the
    consultant's words with the intake field to fill: "a trade such as 'fluid haul' or 'water haul'
    (company.trades)". A fact with `also` names what must hold as well; a module names what brings it in
    (its triggers' first fact). `unless` is not spelt out: the message lists ways in, not ways out."""
    found: list[str] = []
    for full, _ in _own_facts(condition):
        if condition.also is not None:
            full += f", with {_short(condition.also)}"
        found.append(full)
    for module_id in condition.modules:
        fact = _module_fact(module_id)
        if fact:
            found.append(fact)
    for other in condition.any_of:
        found += justifying_facts(other, limit)
    return list(dict.fromkeys(found))[:limit]


def _strings(node: object, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(node, str):
        yield loc, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*loc, index))


def intake_field_with(intake: Intake, words: str) -> tuple[str, str] | None:
    """(dotted field, its value) of the first text the client wrote in the intake that holds `words` as whole
    words, case ignored: ('people.training[0].name', 'tdg'); None when no value holds them. Indexes count from
    0, as the intake's own validation messages count them."""
    pattern = re.compile(r"(?<!\w)" + re.escape(" ".join(words.split())) + r"(?!\w)", re.IGNORECASE)
    for loc, value in _strings(intake.model_dump(mode="json")):
        if pattern.search(" ".join(value.split())):
            return dotted(loc), value
    return None


def quoted_as_client_words(value: str) -> bool:
    """Whether the lint reads `value` as the client's own words wherever the program quotes it
    (`lint.blank_values`): six characters or more, or an acronym of three to five capitals and digits."""
    return len(value) >= 6 or _ACRONYM.match(value) is not None


def excerpt(text: str, words: str, width: int = 50) -> str:
    """The words around the first occurrence of `words` in `text` (up to `width` characters either side,
    whitespace collapsed, '…' where cut, the client's blanked values shown as '…'); '' when not found."""
    at = text.find(words)
    if at < 0:
        return ""
    start, end = max(0, at - width), min(len(text), at + len(words) + width)
    shown = " ".join(text[start:end].replace("\ufffc", "…").split())
    return ("…" if start else "") + shown + ("…" if end < len(text) else "")


def unjustified_help(intake: Intake, when: Condition, matched: str, judged: str) -> str:
    """The lines that follow "mentions 'X' (id) but the intake has nothing that calls for it": where the word
    is, the facts that would justify it, and what to do; each line starts with a newline and four spaces, to
    sit under its finding. `judged` is the section's text as the lint read it (`matched` is found in it)."""
    lines = []
    near = excerpt(judged, matched)
    if near:
        lines.append(f"where: “{near}”")
    field = intake_field_with(intake, matched)
    source = field if field is not None and not quoted_as_client_words(field[1]) else None
    if source is not None:
        lines.append(f"the word comes from the intake's {source[0]} ('{source[1]}')")
    facts = justifying_facts(when)
    if facts:
        lines.append("any one of these intake facts would justify it: " + "; or ".join(facts))
    if source is not None:
        lines.append(f"to do: if the company has one of those facts, add it to the intake; otherwise write "
                     f"{source[0]} out in full (six characters or more, e.g. the course's or item's full name) or as "
                     f"an acronym in capitals, and the program quotes it as the client's own words")
    else:
        lines.append("to do: if the company has one of those facts, add it to the intake; otherwise the word is "
                     "corpath's own text, not the intake's: report this message to corpath's maintainers")
    lines.append("the build stopped; the last good delivery is untouched")
    return "".join(f"\n    {line}" for line in lines)
